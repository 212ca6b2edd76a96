import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';
import type { TestServerFactory } from './test-server.js';
import { listen } from './net.js';

/**
 * A plain `ws` server that echoes every message back in the frame type it came in.
 * A text message `close:<code>:<reason>` makes the server close that socket with that code and reason.
 */
export const startWsEchoServer: TestServerFactory = async ({ port = 0 }) => {
  const http = createServer((_req, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({ server: http });
  wss.on('connection', (ws) => {
    ws.on('message', (data, isBinary) => {
      const text = isBinary ? '' : data.toString();
      if (text.startsWith('close:')) {
        const [, code, reason] = text.split(':');
        ws.close(Number(code), reason);
      } else {
        ws.send(data, { binary: isBinary });
      }
    });
  });
  const actualPort = await listen(http, port);
  return {
    url: `ws://127.0.0.1:${actualPort}`,
    port: actualPort,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        http.close(() => resolve());
        http.closeAllConnections();
      }),
  };
};
