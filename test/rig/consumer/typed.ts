// Socket.IO's TypeScript guide, written against the published declarations (quoted in the README): typed
// events on both sides.
import { io, type Socket } from 'sockjet';
import { Server } from 'sockjet/server';

interface ServerToClientEvents {
  news: (text: string) => void;
  ask: (question: string, callback: (answer: number) => void) => void;
}
interface ClientToServerEvents {
  join: (room: string, callback: (members: number) => void) => void;
}
interface InterServerEvents {
  ping: () => void;
}
interface SocketData {
  name: string;
}

const server = new Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>(3000);
server.on('connection', async (socket) => {
  socket.data.name = socket.handshake.auth.name as string;
  socket.on('join', async (room, callback) => {
    await socket.join(room);
    callback((await server.in(room).fetchSockets()).length);
  });
  // timeout() makes the ack error-first; emitWithAck resolves with the answer (number).
  socket.timeout(5000).emit('ask', 'how many?', (err, answer) => console.log(err ?? answer));
  const answer = await socket.timeout(5000).emitWithAck('ask', 'and now?');
  // A broadcast's ack gets every client's answer.
  const answers: number[] = await server.to('lobby').timeout(5000).emitWithAck('ask', 'everyone?');
  server.to('lobby').emit('news', `${socket.data.name}: ${answer}, ${answers.length}`);
  // @ts-expect-error: not one of ServerToClientEvents
  socket.emit('other');
});
server.serverSideEmit('ping');

const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io('http://localhost:3000', { auth: { name: 'ada' } });
socket.on('ask', (question, callback) => callback(question.length));
socket.on('news', (text) => console.log(text.toUpperCase()));
const members = await socket.emitWithAck('join', 'lobby');
// @ts-expect-error: join takes a room name
socket.emit('join', 1, () => {});
console.log(members.toFixed());
