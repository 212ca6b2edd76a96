import { Server, type ServerOptions } from 'socket.io';
import { io, type IoOptions } from '../../src/client/index.js';
import type { Socket } from '../../src/client/socket.js';
import { NodeWebSocket, serve, type Served } from '../support/net.js';

export interface TestServer extends Served<Server> {
  close(): Promise<void>;
}

const servers = new Set<TestServer>();
const clients = new Set<Socket>();

/** An official socket.io server on 127.0.0.1 (port 0 unless given). */
export async function startServer(opts: Partial<ServerOptions> = {}, port = 0): Promise<TestServer> {
  const served = await serve((http) => new Server(http, opts), { port });
  const s: TestServer = {
    ...served,
    close: () =>
      new Promise<void>((resolve) => {
        servers.delete(s);
        served.http.closeAllConnections();
        served.io.close(() => resolve());
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
