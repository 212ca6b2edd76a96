// Connection state recovery: a client whose connection is cut gets its session back, with the events it
// missed meanwhile. Prints what happens and exits.
import { once } from 'node:events';
import { Server } from 'sockjet/server';
import { io } from 'sockjet';
/** @import { AddressInfo } from 'node:net' */

const server = new Server(0, {
  connectionStateRecovery: {
    maxDisconnectionDuration: 2 * 60 * 1000, // keep a lost session, and what it misses, for 2 minutes
    skipMiddlewares: true, // a recovered socket does not run the connection middlewares again
  },
});
await once(server.httpServer, 'listening');
const { port } = /** @type {AddressInfo} */ (server.httpServer.address());
const url = `http://localhost:${port}`;

server.on('connection', (socket) => {
  if (socket.recovered) {
    // The same socket.id, rooms and socket.data as before the cut; the missed events are already on their way.
    const rooms = [...socket.rooms].filter((room) => room !== socket.id);
    console.log(`server: ${socket.data.name} is back, still in ${rooms}`);
  } else {
    socket.data.name = socket.handshake.auth.name;
    socket.join('news');
  }
});

const socket = io(url, { auth: { name: 'ada' }, reconnectionDelay: 100 });
/** Resolves on the client's next connect. */
const connected = () => /** @type {Promise<void>} */ (new Promise((resolve) => socket.once('connect', resolve)));
socket.on('connect', () => console.log(`client: connected, recovered: ${socket.recovered}`));
socket.on('disconnect', (reason) => console.log(`client: disconnected (${reason})`));
socket.on('news', (text) => console.log(`client: news: ${text}`));

await connected();
server.to('news').emit('news', 'first'); // the client keeps the offset of the last event it got
await new Promise((resolve) => socket.once('news', resolve));

// Cut the connection under the client, as a network failure would, and broadcast while it is away.
for (const s of server.of('/').sockets.values()) s.conn.close();
server.to('news').emit('news', 'while away 1');
server.to('news').emit('news', 'while away 2');

await connected();
socket.disconnect();
await server.close();
