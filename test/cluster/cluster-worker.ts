/** A worker of cluster-primary.ts: a sockjet server whose connections come from the primary through sticky. */
import cluster from 'node:cluster';
import { createServer } from 'node:http';
import { createAdapter } from '@socket.io/cluster-adapter';
import { setupWorker } from '@socket.io/sticky';
import { Server } from '../../src/server/index.js';

const worker = cluster.worker!.id;
// Never listens: the primary hands it connections.
const io = new Server(createServer(), { adapter: createAdapter() });
// sticky's types name socket.io's Server; at run time it uses io.httpServer and io.engine's 'connection' events only.
setupWorker(io as unknown as Parameters<typeof setupWorker>[0]);

io.on('connection', (socket) => {
  socket.on('whoami', (ack: (worker: number) => void) => ack(worker));
  socket.on('shout', (text: string) => io.emit('shout', text));
  socket.on('count', async (ack: (n: number) => void) => ack((await io.fetchSockets()).length));
  socket.on('ask-servers', async (ack: (answers: unknown[]) => void) => ack(await io.serverSideEmitWithAck('who')));
});
io.on('who', (ack: (worker: number) => void) => ack(worker));
process.send!({ ready: true });
