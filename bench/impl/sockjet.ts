import { WebSocket } from 'ws';
import { socketIoImplementation } from './socketio-api.js';
import type { IoFactory, IoServerCtor } from './socketio-api.js';
import type { Implementation } from './types.js';

// The published package as a user's program imports it (Node resolves the package's own name through its
// `exports`: dist/server.js and dist/node.js), so the bench measures the build that ships, as it does for
// socket.io and ws; `npm run bench` builds first. The specifiers are held in variables so that a missing or
// broken build fails here at run time (and the bench reports that row as failed) rather than the typecheck.
const SERVER_MODULE = 'sockjet/server';
const CLIENT_MODULE = 'sockjet';

/**
 * sockjet's own server and client. Node 20 has no global WebSocket; the client is handed ws's class, which
 * implements the browser API (the package's Node entry would pick the same one).
 */
export async function sockjet(): Promise<Implementation> {
  const server = (await import(SERVER_MODULE)) as { Server?: IoServerCtor };
  const client = (await import(CLIENT_MODULE)) as { io?: IoFactory };
  if (typeof server.Server !== 'function') throw new Error(`${SERVER_MODULE} exports no Server`);
  if (typeof client.io !== 'function') throw new Error(`${CLIENT_MODULE} exports no io`);
  // SOCKJET_BENCH_METRICS=1 runs the server with `metrics: true` (issue 16: its cost on echo and broadcast).
  const serverOptions = process.env.SOCKJET_BENCH_METRICS === '1' ? { metrics: true } : {};
  return socketIoImplementation('sockjet', server.Server, client.io, { WebSocket }, serverOptions);
}
