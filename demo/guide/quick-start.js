// Quick start: a server and a Node client in one process. Prints what happens and exits.
import { Server } from 'sockjet/server';
import { io } from 'sockjet';

const server = new Server(0); // 0: any free port; use 3000 or your own http.Server in real life
server.on('connection', (socket) => {
  // An event from the client, with an acknowledgement callback as its last argument.
  socket.on('greet', (name, callback) => callback(`hello ${name}`));
  // An event to the client that asks for an answer, giving up after 5 seconds.
  socket.timeout(5000).emit('ready?', (err, answer) => console.log('server heard:', err ? err.message : answer));
  socket.on('disconnect', (reason) => {
    console.log('server saw the client leave:', reason);
    server.close();
  });
});

await new Promise((resolve) => server.httpServer.on('listening', resolve));
const socket = io(`http://localhost:${server.httpServer.address().port}`);

socket.on('connect', async () => {
  const reply = await socket.emitWithAck('greet', 'ada');
  console.log('client got:', reply);
  socket.disconnect();
});
socket.on('ready?', (callback) => callback('ready'));
