// Socket.IO's TypeScript guide, written against the published declarations: typed events on both sides.
import { io, type Socket } from 'sockjet';
import { Server } from 'sockjet/server';

interface ServerToClientEvents {
  noArg: () => void;
  withAck: (d: string, callback: (e: number) => void) => void;
}
interface ClientToServerEvents {
  hello: (name: string) => void;
}
interface InterServerEvents {
  ping: () => void;
}
interface SocketData {
  name: string;
}

const server = new Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>();
server.on('connection', async (socket) => {
  socket.on('hello', (name) => (socket.data.name = name.toUpperCase()));
  const e: number = await socket.timeout(1000).emitWithAck('withAck', 'x');
  server.to('room').emit('noArg');
  server.timeout(1000).emit('withAck', 'y', (err, responses) => console.log(err, responses.map((n) => n + e)));
  // @ts-expect-error: not an event of the map
  socket.emit('other');
});
server.serverSideEmit('ping');

const client: Socket<ServerToClientEvents, ClientToServerEvents> = io('http://localhost:3000');
client.on('withAck', (d, callback) => callback(d.length));
client.emit('hello', 'ada');
// @ts-expect-error: hello takes a string
client.emit('hello', 1);
