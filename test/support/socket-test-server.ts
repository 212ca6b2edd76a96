import { createServer, type Server as HttpServer } from 'node:http';
import { Server as SocketIoServer } from 'socket.io';
import { Server as SockjetServer } from '../../src/server/index.js';
import { installHandlers, type HandlerServer } from './socket-test-handlers.js';
import type { TestServerFactory } from './test-server.js';
import { listen } from './net.js';

/** What the actions below need of either server; both sockjet's and socket.io's have it. */
interface AnyServer extends HandlerServer {
  engine: { clientsCount: number };
  of(name: string): HandlerServer['of'] extends (n: string) => infer N
    ? N & { sockets: Map<string, { conn: { close(): void; transport: { name: string } } }> }
    : never;
  close(): unknown;
}

/**
 * A Socket.IO-API server with the standard browser-test handlers (see socket-test-handlers.ts), on sockjet's
 * `Server` or the official `socket.io` one. Options other than `port` go to the server's constructor. CORS is
 * open because the test page comes from web-test-runner's origin. (Freezing the network for heartbeat tests is
 * the plugin's link's job: actions `freeze` and `thaw` work on every kind.)
 */
function socketServerKind(create: (http: HttpServer, opts: Record<string, unknown>) => AnyServer): TestServerFactory {
  return async ({ port = 0, ...opts }) => {
    const http = createServer();
    const io = create(http, { cors: { origin: true, credentials: true }, ...opts });
    const record = installHandlers(io);
    const publicPort = await listen(http, port);
    const sockets = (nsp = '/') => [...io.of(nsp).sockets.values()];
    const drop = (nsp = '/') => sockets(nsp).forEach((s) => s.conn.close());
    return {
      url: `http://127.0.0.1:${publicPort}`,
      port: publicPort,
      actions: {
        /**
         * Cuts the connection of every socket of a namespace ('/' unless args names one) at the transport:
         * clients see 'transport close' and reconnect.
         */
        dropAll: (nsp) => drop(typeof nsp === 'string' ? nsp : '/'),
        /** Disconnects every socket of the main namespace from the server side ('io server disconnect'). */
        disconnectAll: () => io.of('/').disconnectSockets(true),
        emitAll: (args) => io.of('/').emit(...(args as [string, ...unknown[]])),
        /** Cuts every connection, then broadcasts at once: the clients miss the event (state-recovery tests). */
        dropAndEmit: (args) => {
          drop();
          io.of('/').emit(...(args as [string, ...unknown[]]));
        },
        /** The arguments of every 'record' event received, `[nsp, ...args]`, in arrival order. */
        recorded: () => record.recorded,
        /** `[nsp, reason]` of every server-side socket 'disconnect' so far. */
        disconnects: () => record.disconnects,
        /** How many sockets a namespace has (args: the namespace name). */
        socketsCount: (nsp) => io.of(String(nsp ?? '/')).sockets.size,
        clientsCount: () => io.engine.clientsCount,
        transports: () => sockets().map((s) => s.conn.transport.name),
      },
      close: async () => {
        http.closeAllConnections();
        await io.close();
      },
    };
  };
}

export const startSockjetServer = socketServerKind(
  (http, opts) => new SockjetServer(http, opts) as unknown as AnyServer,
);
export const startSocketIoServer = socketServerKind(
  (http, opts) => new SocketIoServer(http, opts) as unknown as AnyServer,
);
