// Run by debug-log.test.ts in a child process with DEBUG=sockjet:*: one client connects over long-polling,
// upgrades to WebSocket, disconnects; the server closes. The debug lines go to stderr.
import { WebSocket } from 'ws';
import type { AddressInfo } from 'node:net';
import { io } from '../../../src/client/io.js';
import { Server } from '../../../src/server/server.js';

const server = new Server({ serveClient: false });
server.listen(0);
await new Promise<void>((resolve) => server.httpServer!.once('listening', resolve));
const { port } = server.httpServer!.address() as AddressInfo;
const upgraded = new Promise<void>((resolve) => server.on('connection', (s) => s.conn.once('upgrade', () => resolve())));
const gone = new Promise<void>((resolve) => server.on('connection', (s) => s.once('disconnect', () => resolve())));
const client = io(`http://127.0.0.1:${port}`, {
  WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
  transports: ['polling', 'websocket'],
  reconnection: false,
});
await upgraded;
client.disconnect();
await gone;
await server.close();
