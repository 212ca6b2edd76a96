// Namespaces, rooms and broadcasts. Prints what each client receives and exits.
import { once } from 'node:events';
import { Server } from 'sockjet/server';
import { io } from 'sockjet';
/** @import { AddressInfo } from 'node:net' */

const server = new Server(0);
await once(server.httpServer, 'listening');
const { port } = /** @type {AddressInfo} */ (server.httpServer.address());
const url = `http://localhost:${port}`;

server.on('connection', (socket) => {
  socket.on('join', (room, done) => {
    socket.join(room);
    done();
  });
  // To everyone in the room except the sender.
  socket.on('say', (room, text) => socket.to(room).emit('said', text));
});
// A second namespace on the same server, with its own handlers.
server.of('/admin').on('connection', (socket) => {
  socket.on('announce', (text) => server.emit('announcement', text)); // to everyone on '/'
});

const alice = io(url, { forceNew: true });
const bob = io(url, { forceNew: true });
const admin = io(`${url}/admin`, { forceNew: true });
for (const [name, s] of Object.entries({ alice, bob })) {
  s.on('said', (text) => console.log(`${name} got said: ${text}`));
  s.on('announcement', (text) => console.log(`${name} got announcement: ${text}`));
}

await Promise.all([alice, bob].map((s) => s.emitWithAck('join', 'lobby')));
alice.emit('say', 'lobby', 'hi bob');
await new Promise((resolve) => bob.once('said', resolve));
admin.emit('announce', 'closing soon');
await Promise.all([alice, bob].map((s) => new Promise((resolve) => s.once('announcement', resolve))));
console.log('sockets on /:', server.of('/').sockets.size, '- on /admin:', server.of('/admin').sockets.size);
for (const s of [alice, bob, admin]) s.disconnect();
await server.close();
