/**
 * Node-only helpers for servers and clients on 127.0.0.1 (browser tests cannot import this: see events.ts and
 * fake-clock.ts for what they may share).
 */
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer, type AddressInfo, type Server as NetServer } from 'node:net';
import { WebSocket } from 'ws';

/** The `ws` client, typed as the browser's constructor it mimics (Node 20 has no global WebSocket). */
export const NodeWebSocket = WebSocket as unknown as typeof globalThis.WebSocket;

/** Listens on 127.0.0.1 (`port` 0: one the OS picks) and resolves with the port, or rejects (e.g. EADDRINUSE). */
export function listen(server: NetServer | HttpServer, port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** A server (sockjet's, socket.io's, an Engine...) on its http.Server, listening on 127.0.0.1. */
export interface Served<IO> {
  io: IO;
  http: HttpServer;
  port: number;
  /** `http://127.0.0.1:<port>` */
  url: string;
}

/**
 * Makes a server with `make` on an http.Server (a new one unless given) and listens on 127.0.0.1, `port` 0 unless
 * given.
 * @example const { io, url } = await serve((http) => new Server(http, { pingInterval: 100 }));
 */
export async function serve<IO>(
  make: (http: HttpServer) => IO,
  { port = 0, http = createHttpServer() }: { port?: number; http?: HttpServer } = {},
): Promise<Served<IO>> {
  const io = make(http);
  const bound = await listen(http, port);
  return { io, http, port: bound, url: `http://127.0.0.1:${bound}` };
}

/** Drops every connection of `http` and closes it. */
export function closeHttp(http: HttpServer): Promise<void> {
  return new Promise((resolve) => {
    http.close(() => resolve());
    http.closeAllConnections();
  });
}

/** A port the OS considers free right now (for a child process that must be told its port). */
export async function freePort(): Promise<number> {
  const probe = createServer();
  const port = await listen(probe);
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** Yields to I/O, so a socket flushes what the kernel still takes before the next write. */
export const nextMacrotask = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
