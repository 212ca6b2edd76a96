// Run by debug-log.test.ts in a child process with DEBUG=sockjet:*: one client connects over long-polling,
// upgrades to WebSocket, disconnects; the server closes. The debug lines go to stderr.
import type { AddressInfo } from 'node:net';
import { io } from '../../../src/client/io.js';
import { Server } from '../../../src/server/server.js';
import { once } from '../../support/events.js';
import { NodeWebSocket } from '../../support/net.js';

const server = new Server({ serveClient: false });
server.listen(0);
await once(server.httpServer!, 'listening');
const { port } = server.httpServer!.address() as AddressInfo;
const upgraded = new Promise<void>((resolve) => server.on('connection', (s) => s.conn.once('upgrade', () => resolve())));
const gone = new Promise<void>((resolve) => server.on('connection', (s) => s.once('disconnect', () => resolve())));
const client = io(`http://127.0.0.1:${port}`, {
  WebSocket: NodeWebSocket,
  transports: ['polling', 'websocket'],
  reconnection: false,
});
await upgraded;
client.disconnect();
await gone;
await server.close();
