import { WebSocket } from 'ws';
import { socketIoImplementation } from './socketio-api.js';
import type { IoFactory, IoServerCtor } from './socketio-api.js';
import type { Implementation } from './types.js';

// Specifiers held in variables so a missing or half-written sockjet fails here at run time (and the bench
// reports that row as failed) instead of breaking the typecheck of the bench.
const SERVER_MODULE = '../../src/server/index.js';
const CLIENT_MODULE = '../../src/client/index.js';

/**
 * sockjet's own server and client. Node 20 has no global WebSocket, so the client is handed ws's class, which
 * implements the browser API.
 */
export async function sockjet(): Promise<Implementation> {
  const server = (await import(SERVER_MODULE)) as { Server?: IoServerCtor };
  const client = (await import(CLIENT_MODULE)) as { io?: IoFactory };
  if (typeof server.Server !== 'function') throw new Error(`${SERVER_MODULE} exports no Server`);
  if (typeof client.io !== 'function') throw new Error(`${CLIENT_MODULE} exports no io`);
  return socketIoImplementation('sockjet', server.Server, client.io, { WebSocket });
}
