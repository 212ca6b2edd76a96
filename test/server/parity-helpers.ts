import { createServer, type Server as HttpServer } from 'node:http';
import { Server as SocketIoServer } from 'socket.io';
import { io as connect, type ManagerOptions, type Socket as ClientSocket, type SocketOptions } from 'socket.io-client';
import { Server } from '../../src/server/server.js';
import type { ServerOptions } from '../../src/server/server-options.js';
import { parseOpen, RawWs, request, type OpenPacket, type RawResponse } from './engine/engine-helpers.js';
import { once } from '../support/events.js';
import { serve } from '../support/net.js';

/**
 * The parity suites run one test body against sockjet's Server and the official `socket.io` Server, with the same
 * expectations. Bodies are typed against sockjet's API; the official server is handed to them as the same type,
 * which is the claim being tested (a Socket.IO app moves over by changing its import).
 */
export const SERVER_KINDS = ['sockjet', 'socket.io'] as const;
export type ServerKind = (typeof SERVER_KINDS)[number];

export interface ParityEnv {
  readonly kind: ServerKind;
  readonly io: Server;
  readonly http: HttpServer;
  readonly port: number;
  readonly url: string;
  /** An official socket.io-client socket (its own manager, no reconnection), disconnected by `close`. */
  client(nsp?: string, opts?: Partial<ManagerOptions & SocketOptions>): ClientSocket;
  close(): Promise<void>;
}

/** A server of `kind` attached to `http` (a fresh http.Server unless given), listening on 127.0.0.1, port 0. */
export async function startServer(kind: ServerKind, options: Partial<ServerOptions> = {}, http = createServer()): Promise<ParityEnv> {
  const make = (http: HttpServer) =>
    (kind === 'sockjet' ? new Server(http, options) : new SocketIoServer(http, options as never)) as unknown as Server;
  const { io, port, url } = await serve(make, { http });
  const clients: ClientSocket[] = [];
  const raws: RawWs[] = [];
  return {
    kind,
    io,
    http,
    port,
    url,
    client(nsp = '/', opts = {}) {
      const socket = connect(url + nsp, { forceNew: true, reconnection: false, ...opts });
      clients.push(socket);
      return socket;
    },
    async close() {
      for (const c of clients) c.disconnect();
      for (const raw of raws) raw.ws.terminate();
      http.closeAllConnections();
      await io.close();
    },
  };
}

/** Runs `body` in a describe per server kind, titled `<title> (<kind>)`. */
export function eachServer(title: string, body: (kind: ServerKind) => void): void {
  for (const kind of SERVER_KINDS) describe(`${title} (${kind})`, () => body(kind));
}

const SEP = '\x1e';

/** A raw long-polling Engine.IO v4 session: packets written and read as text, as a client in any language would. */
export class RawPolling {
  private constructor(
    readonly port: number,
    readonly sid: string,
    readonly open: OpenPacket,
    private readonly path: string,
  ) {}

  static async handshake(env: { port: number }, path = '/socket.io/', query = ''): Promise<RawPolling> {
    const res = await request(env.port, `${path}?EIO=4&transport=polling${query}`);
    const open = parseOpen(res.text);
    return new RawPolling(env.port, open.sid, open, path);
  }

  private get query(): string {
    return `${this.path}?EIO=4&transport=polling&sid=${this.sid}`;
  }

  /** POSTs packets in one payload; resolves with the response. */
  post(...packets: string[]): Promise<RawResponse> {
    return request(this.port, this.query, { method: 'POST', body: packets.join(SEP) });
  }

  /** One GET: the packets the server had for us (or its error body). */
  async poll(): Promise<{ status: number; packets: string[] }> {
    const res = await request(this.port, this.query);
    return { status: res.status, packets: res.status === 200 ? res.text.split(SEP) : [res.text] };
  }

  /** Polls until a packet matching `test` comes (the heartbeat may send pings first); all packets read so far. */
  async pollUntil(test: (packet: string) => boolean): Promise<string[]> {
    const seen: string[] = [];
    for (;;) {
      const { status, packets } = await this.poll();
      seen.push(...packets);
      if (status !== 200 || packets.some(test)) return seen;
    }
  }
}

/** A raw WebSocket Engine.IO v4 session (or an upgrade of a polling one, with `sid`). */
export async function rawWebSocket(env: { port: number }, sid?: string, raws?: RawWs[]): Promise<RawWs> {
  const query = sid ? `&sid=${sid}` : '';
  const raw = new RawWs(`ws://127.0.0.1:${env.port}/socket.io/?EIO=4&transport=websocket${query}`);
  raws?.push(raw);
  await once(raw.ws, 'open', { rejectOn: 'unexpected-response' });
  return raw;
}
