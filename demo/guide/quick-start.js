// Quick start (the README quotes this file whole): a server and a client in one file; prints two lines and exits.
import { Server } from 'sockjet/server';
import { io } from 'sockjet';

const port = Number(process.env.PORT ?? 3000);

// The server: an event with an acknowledgement, and an event pushed to each client that connects.
const server = new Server(port);
server.on('connection', (socket) => {
  socket.emit('welcome', `hi, you are ${socket.id}`);
  socket.on('greet', (name, reply) => reply(`hello ${name}`));
});

// A client: in Node here, and the same code runs in a browser.
const socket = io(`http://localhost:${port}`);
socket.on('welcome', (text) => console.log(text));
socket.on('connect', async () => {
  const answer = await socket.emitWithAck('greet', 'ada');
  console.log(answer); // hello ada
  socket.disconnect();
  server.close();
});
