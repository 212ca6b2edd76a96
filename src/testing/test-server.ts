import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { io as connectIo, type IoOptions, type Socket as ClientSocket } from '../client/node.js';
import { Server, type ServerOptions } from '../server/index.js';
import { TestingError } from './testing-error.js';
import { openLink, type Link } from './link.js';
import { guardUpgrades } from './upgrade-guard.js';

/** What `setup` gets beside the server. */
export interface SetupContext {
  /** The server's public URL (the same after a restart). */
  readonly url: string;
  /** What the test passed when starting the server (`sockjet:start`'s payload), `{}` otherwise. */
  readonly options: Readonly<Record<string, unknown>>;
  /** 0 on the first start, then 1, 2, ... on each restart (the app's state is gone, as in a real restart). */
  readonly restarts: number;
}

/** The app's server code: installs its handlers on a fresh `Server`, on every (re)start. */
export type TestServerSetup = (io: Server, ctx: SetupContext) => void | Promise<void>;

export interface TestServerOptions {
  /** Options for the `Server`. CORS is open by default (a test page may come from another origin). */
  serverOptions?: Partial<ServerOptions>;
  /** Handed to `setup` as `ctx.options`. */
  options?: Record<string, unknown>;
}

/** What the server sees of one socket (plain data, so a browser test can receive it). */
export interface SocketInfo {
  id: string;
  nsp: string;
  rooms: string[];
  data: unknown;
  /** The transport of its connection now: 'websocket' or 'polling'. */
  transport: string;
}

/** Client options for fast reconnects in tests; anything given to `connectClient` wins. */
const CLIENT_DEFAULTS: Partial<IoOptions> = { forceNew: true, reconnectionDelay: 50, reconnectionDelayMax: 250 };

/**
 * A real sockjet server on 127.0.0.1 under a test's control, behind a link that keeps its URL across restarts.
 * Made by `createTestServer`; `close()` leaves no socket or timer behind.
 */
export class TestServer {
  private current: Server | undefined;
  private blocked = false;
  private restarts = 0;
  private readonly clients = new Set<ClientSocket>();

  /** Made by `createTestServer` (the package exports this class as a type only). */
  constructor(
    private readonly setup: TestServerSetup,
    private readonly opts: TestServerOptions,
    private readonly link: Link,
  ) {}

  /** `http://127.0.0.1:<port>`: the same for the server's whole life, restarts included. */
  get url(): string {
    return `http://127.0.0.1:${this.link.port}`;
  }

  get port(): number {
    return this.link.port;
  }

  /** The running `Server` (a new one after each restart). Throws while the server is stopped. */
  get io(): Server {
    if (!this.current) throw new TestingError('ERR_TEST_SERVER_STOPPED', 'the test server is stopped');
    return this.current;
  }

  /**
   * A sockjet client connected to `nsp` (default '/'), with fast reconnects unless `opts` say otherwise. Rejects
   * with the first `connect_error` (the client is then closed). `close()` closes every client made here.
   * @example const socket = await server.connectClient({ auth: { token: 'x' } });
   */
  connectClient(opts: Partial<IoOptions> & { nsp?: string } = {}): Promise<ClientSocket> {
    const { nsp = '/', ...rest } = opts;
    const socket = connectIo(this.url + nsp, { ...CLIENT_DEFAULTS, ...rest });
    this.clients.add(socket);
    return new Promise((resolve, reject) => {
      const ok = () => (socket.off('connect_error', ko), resolve(socket));
      const ko = (err: Error) => {
        socket.off('connect', ok);
        this.closeClient(socket);
        reject(err);
      };
      socket.once('connect', ok);
      socket.once('connect_error', ko);
    });
  }

  /** The server emits `event` to every socket of the main namespace. */
  emit(event: string, ...args: unknown[]): void {
    this.io.emit(event, ...args);
  }

  /** The server emits `event` to the sockets in `room` of the main namespace. */
  emitTo(room: string, event: string, ...args: unknown[]): void {
    this.io.to(room).emit(event, ...args);
  }

  /** What the server sees of the sockets of a namespace (default '/'). */
  sockets(nsp = '/'): SocketInfo[] {
    return [...this.io.of(nsp).sockets.values()].map((s) => ({
      id: s.id,
      nsp: s.nsp.name,
      rooms: [...s.rooms],
      data: s.data,
      transport: s.conn.transport.name,
    }));
  }

  /**
   * Drops connections at the transport level, as a network failure would: every connection, or only the one
   * under socket `id` (of namespace `nsp`). Clients see 'transport close' and reconnect. Returns how many
   * connections it closed; an unknown id throws (ERR_UNKNOWN_SOCKET).
   */
  cut(id?: string, nsp = '/'): number {
    if (id === undefined) {
      const conns = [...this.io.engine.clients.values()];
      for (const conn of conns) conn.close();
      return conns.length;
    }
    const socket = this.io.of(nsp).sockets.get(id);
    if (!socket) throw new TestingError('ERR_UNKNOWN_SOCKET', `no socket "${id}" in namespace "${nsp}"`);
    socket.conn.close();
    return 1;
  }

  /**
   * Closes the server but keeps the URL; `start()` brings it back. Its sockets see 'server shutting down'; the
   * clients see their connection drop (as when a server goes away), whatever the latency.
   */
  async stop(): Promise<void> {
    const io = this.current;
    this.current = undefined;
    this.link.target(null);
    if (!io) return;
    const closing = io.close();
    // Once the close has begun, not after it: a WebSocket close handshake held up on a slow link would make the
    // close wait for it.
    this.link.drop();
    await closing;
  }

  /** Starts the server again after `stop()`, on the same URL; `setup` runs on a fresh `Server`. */
  async start(): Promise<void> {
    if (this.current) return;
    const http = createServer((_req, res) => res.writeHead(404).end());
    const io = new Server(http, { cors: { origin: true, credentials: true }, ...this.opts.serverOptions });
    try {
      await this.setup(io, { url: this.url, options: this.opts.options ?? {}, restarts: this.restarts++ });
    } catch (err) {
      // The Server may hold handles already (its adapter's timers): let go of them before passing the error on.
      await io.close();
      throw err;
    }
    guardUpgrades(http, () => this.blocked);
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    this.current = io;
    this.link.target((http.address() as AddressInfo).port);
  }

  /** Stops and starts again on the same URL: connected clients reconnect to the new server. */
  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  /** Holds every chunk `ms` milliseconds in each direction (0 turns it off). */
  latency(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) {
      throw new TestingError('ERR_INVALID_ARG', `latency must be a finite number >= 0, not ${ms}`);
    }
    this.link.latency(ms);
  }

  /**
   * While on, WebSocket upgrades are refused (403): new clients fall back to long-polling and polling ones stay
   * on it. Open WebSocket connections are kept; `cut()` them to move everyone over.
   */
  block(on = true): void {
    this.blocked = on;
  }

  /** Closes every client made by `connectClient`, the server and its link; nothing stays behind. */
  async close(): Promise<void> {
    for (const socket of this.clients) this.closeClient(socket);
    await this.stop();
    await this.link.close();
  }

  private closeClient(socket: ClientSocket): void {
    this.clients.delete(socket);
    socket.disconnect();
    socket.io.close();
  }
}

/**
 * Starts a real sockjet server for a Node test (mocha, node:test, vitest), set up by the app's own code.
 * @example
 *   const server = await createTestServer((io) => io.on('connection', (s) => s.emit('hello')));
 *   const client = await server.connectClient();
 *   await server.restart(); // the client reconnects
 *   await server.close();
 */
export async function createTestServer(setup: TestServerSetup, options: TestServerOptions = {}): Promise<TestServer> {
  const server = new TestServer(setup, options, await openLink(null));
  try {
    await server.start();
  } catch (err) {
    // A setup that throws leaves nothing open behind it.
    await server.close();
    throw err;
  }
  return server;
}
