import { createServer, type Server as HttpServer } from 'node:http';
import { Server, type ServerOptions } from 'socket.io';
import { io, type IoOptions } from '../../src/client/index.js';
import type { Socket } from '../../src/client/socket.js';
import { listen, NodeWebSocket } from '../support/net.js';

export interface TestServer {
  io: Server;
  http: HttpServer;
  port: number;
  url: string;
  close(): Promise<void>;
}

const servers = new Set<TestServer>();
const clients = new Set<Socket>();

/** An official socket.io server on 127.0.0.1 (port 0 unless given). */
export async function startServer(opts: Partial<ServerOptions> = {}, port = 0): Promise<TestServer> {
  const http = createServer();
  const server = new Server(http, opts);
  const p = await listen(http, port);
  const s: TestServer = {
    io: server,
    http,
    port: p,
    url: `http://127.0.0.1:${p}`,
    close: () =>
      new Promise<void>((resolve) => {
        servers.delete(s);
        http.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  servers.add(s);
  return s;
}

/** A client with its own Manager, the `ws` WebSocket and fast reconnects; closed after each test. */
export function connect(url: string, opts: Partial<IoOptions> = {}): Socket {
  const socket = io(url, { forceNew: true, WebSocket: NodeWebSocket, reconnectionDelay: 20, reconnectionDelayMax: 50, ...opts });
  clients.add(socket);
  return socket;
}

/** Closes every client and server of the test. */
export async function cleanup(): Promise<void> {
  for (const c of clients) c.io.close();
  clients.clear();
  await Promise.all([...servers].map((s) => s.close()));
}
