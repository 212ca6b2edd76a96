import type { Server as HttpServer } from 'node:http';
import { io as connect, type ManagerOptions, type Socket as ClientSocket, type SocketOptions } from 'socket.io-client';
import { Server } from '../../src/server/server.js';
import type { ServerOptions } from '../../src/server/server-options.js';
import { once } from '../support/events.js';
import { serve } from '../support/net.js';

export type TransportSet = { name: string; transports: ('polling' | 'websocket')[]; upgrade: boolean };

/** Every interop test runs once per way of connecting. */
export const TRANSPORT_SETS: TransportSet[] = [
  { name: 'websocket only', transports: ['websocket'], upgrade: false },
  { name: 'polling only', transports: ['polling'], upgrade: false },
  { name: 'polling with upgrade', transports: ['polling', 'websocket'], upgrade: true },
];

/** A sockjet server on 127.0.0.1 port 0 plus the official clients connected to it, all closed by `close`. */
export class InteropEnv {
  readonly clients: ClientSocket[] = [];
  private constructor(
    readonly io: Server,
    readonly http: HttpServer,
    readonly url: string,
    readonly set: TransportSet,
  ) {}

  static async start(set: TransportSet, options: Partial<ServerOptions> = {}): Promise<InteropEnv> {
    const { io, http, url } = await serve((http) => new Server(http, options));
    return new InteropEnv(io, http, url, set);
  }

  /** An official socket.io-client socket (its own manager, no reconnection). */
  client(nsp = '/', opts: Partial<ManagerOptions & SocketOptions> = {}): ClientSocket {
    const socket = connect(this.url + nsp, {
      forceNew: true,
      reconnection: false,
      transports: this.set.transports,
      upgrade: this.set.upgrade,
      ...opts,
    });
    this.clients.push(socket);
    return socket;
  }

  /** A connected client (and, with upgrade, one that finished upgrading to WebSocket). */
  async connected(nsp = '/', opts: Partial<ManagerOptions & SocketOptions> = {}): Promise<ClientSocket> {
    const socket = this.client(nsp, opts);
    await once(socket, 'connect');
    if (this.set.upgrade) {
      const engine = socket.io.engine;
      if (engine.transport.name !== 'websocket') await once(engine, 'upgrade');
    }
    return socket;
  }

  async close(): Promise<void> {
    for (const c of this.clients) c.disconnect();
    await this.io.close();
  }
}
