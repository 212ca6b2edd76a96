import { createServer } from 'node:http';
import { startSocketIoServer, startSockjetServer } from './socket-test-server.js';
import type { TestServerFactory } from './test-server.js';
import { startWsEchoServer } from './ws-echo-server.js';
import { startEngineEchoServer } from './engine-echo-server.js';
import { listen } from './net.js';

/** An HTTP server that answers 404 to everything, WebSocket upgrades included: no Engine.IO (nor WebSocket) here. */
const startHttp404Server: TestServerFactory = async ({ port = 0 }) => {
  const http = createServer((_req, res) => res.writeHead(404, { 'access-control-allow-origin': '*' }).end('not found'));
  const actual = await listen(http, port);
  return {
    url: `ws://127.0.0.1:${actual}`,
    port: actual,
    close: () => new Promise<void>((resolve) => (http.closeAllConnections(), http.close(() => resolve()))),
  };
};

/** Every server kind a browser test can ask for by name. */
export const SERVER_KINDS: Record<string, TestServerFactory> = {
  'http-404': startHttp404Server,
  'ws-echo': startWsEchoServer,
  'engine-echo': startEngineEchoServer,
  sockjet: startSockjetServer,
  'socket.io': startSocketIoServer,
};
