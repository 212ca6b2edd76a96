// A user's TypeScript program, type-checked against the published declarations (dist/types) through the
// package's "exports", as `npm install sockjet` would give them (see test/rig/package-types.test.ts).
import { io, Manager, type Socket } from 'sockjet';
import { WebSocket } from 'sockjet/websocket';
import { Engine, Server } from 'sockjet/server';

const socket: Socket = io('http://localhost:3000', { auth: { token: 'x' }, reconnectionDelayMax: 1000 });
socket.on('connect', () => socket.timeout(1000).emit('hi', 1, (err: Error | null, reply: unknown) => console.log(err, reply)));
socket.io.on('reconnect_scheduled', (delay: number, attempt: number) => console.log(delay, attempt));
socket.io.engine?.on('upgrade', (transport) => console.log(transport.name));
const manager = new Manager('http://localhost:3000', { transports: ['polling', 'websocket'] });
manager.socket('/admin').emitWithAck('ping').then(console.log);

// The drop-in is assignable to the DOM's WebSocket.
const ws: globalThis.WebSocket = new WebSocket('ws://localhost:3000/', [], { maxBufferedMessages: 10 });
ws.onmessage = (event: MessageEvent) => console.log(event.data);

const server = new Server(0, { connectionStateRecovery: {}, cors: { origin: '*' } });
server.use((s, next) => (s.handshake.auth.token ? next() : next(new Error('no token'))));
server.on('connection', (s) => {
  s.join('room');
  s.to('room').emit('joined', s.id);
  console.log(s.conn.transport.name, s.recovered, s.handshake.address);
});
const engine = new Engine({ pingInterval: 10_000 });
engine.on('connection', (conn) => conn.on('message', (data) => conn.send(data)));

// sockjet/testing (Node) and its browser helper.
import { createTestServer, sockjetServerPlugin, waitFor } from 'sockjet/testing';
import { startServer } from 'sockjet/testing/browser';

const plugin = sockjetServerPlugin({ setup: (io) => void io.on('connection', (s) => s.emit('hi')) });
console.log(plugin.name);
createTestServer((io, ctx) => void io.emit('started', ctx.restarts)).then(async (test) => {
  const client = await test.connectClient({ auth: { token: 'x' } });
  const [greeting] = await waitFor<[string]>(client, 'hi', { timeout: 500 });
  console.log(greeting.toUpperCase(), test.sockets().map((s) => s.rooms), test.cut(client.id));
  await test.close();
});
startServer({ serverOptions: { pingInterval: 1000 } }).then(async (server) => {
  await server.latency(10);
  console.log(server.url, (await server.sockets('/')).length, await server.cut());
});
