import { createServer } from 'node:http';
import { Engine } from '../../src/server/engine/index.js';
import type { TestServerFactory } from './test-server.js';
import { listen } from './net.js';

/**
 * A bare sockjet `Engine` that echoes every message back (text as text, binary as binary): the server side of
 * `sockjet/websocket`, as ws-echo-server.ts is for the native WebSocket. A text message `close:<code>:<reason>`
 * makes the server close that connection with that code and reason (`close:` alone: no code). Options other
 * than `port` go to the Engine (e.g. `transports: ['polling']` refuses WebSocket); CORS is open because the test
 * page comes from web-test-runner's origin. The URL carries the Engine's path.
 *
 * Actions: `queries` (the query string of each connection's handshake, in order), `transports` (each open
 * connection's transport), `clientsCount`, `closeAll` ([code, reason]: the server closes every connection).
 */
export const startEngineEchoServer: TestServerFactory = async ({ port = 0, ...options }) => {
  const http = createServer((_req, res) => res.writeHead(404).end());
  const engine = new Engine({ cors: { origin: true, credentials: true }, ...options });
  engine.attach(http);
  const queries: string[] = [];
  engine.on('connection', (conn) => {
    queries.push(new URL(conn.request.url ?? '/', 'http://x').searchParams.get('token') ?? '');
    conn.on('message', (data) => {
      const text = typeof data == 'string' ? data : '';
      if (text.startsWith('close:')) {
        const [, code, reason] = text.split(':');
        conn.close(code ? Number(code) : undefined, reason);
      } else {
        conn.send(data);
      }
    });
  });
  const actualPort = await listen(http, port);
  const conns = () => [...engine.clients.values()];
  return {
    url: `ws://127.0.0.1:${actualPort}${engine.options.path}`,
    port: actualPort,
    actions: {
      queries: () => queries,
      transports: () => conns().map((c) => c.transport.name),
      clientsCount: () => engine.clientsCount,
      // Returns how many it closed.
      closeAll: (args) => conns().map((c) => c.close(...((args ?? []) as [number?, string?]))).length,
    },
    close: async () => {
      await engine.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
};
