import { createServer, type Server as HttpServer } from 'node:http';
import type { AdapterConstructor, Room } from './adapter/adapter.js';
import type { BroadcastOperator } from './broadcast-operator.js';
import { Client } from './client.js';
import type { Connection } from './engine/connection.js';
import { Engine } from './engine/engine.js';
import type { EngineOptions } from './engine/engine-options.js';
import { Namespace, type Middleware, type NamespaceEventMap } from './namespace.js';
import { ParentNamespace, type NamespaceMatcher } from './parent-namespace.js';
import type { RemoteSocket } from './remote-socket.js';
import { createClientFileHandler, defaultClientDirs } from './serve-client.js';
import { ServerError } from './server-error.js';
import { resolveServerOptions, type ServerOptions, type SocketLayerOptions } from './server-options.js';
import type { Socket } from './socket.js';

type NamespaceListener<K extends keyof NamespaceEventMap> = (...args: NamespaceEventMap[K]) => void;

/**
 * A Socket.IO v4 server: the same API as `socket.io`'s `Server`.
 *
 * @example
 *   const io = new Server(3000);
 *   io.on('connection', (socket) => {
 *     socket.on('chat', (msg) => io.emit('chat', msg));
 *   });
 */
export class Server {
  /** The Engine.IO layer (connections, transports). */
  readonly engine: Engine;
  /** The main namespace, `/`. */
  readonly sockets: Namespace;
  /** @internal */
  readonly _layer: Readonly<SocketLayerOptions>;
  /** @internal Every namespace by name, dynamic children included. */
  readonly _nsps = new Map<string, Namespace>();
  private readonly parents = new Map<NamespaceMatcher, ParentNamespace>();
  private _httpServer: HttpServer | null = null;
  private closing: Promise<void> | null = null;

  constructor(srv?: HttpServer | number | Partial<ServerOptions>, opts?: Partial<ServerOptions>) {
    const options = isOptions(srv) ? srv : opts;
    const { layer, engine } = resolveServerOptions(options ?? {});
    this._layer = layer;
    this.engine = new Engine(engine);
    this.engine.on('connection', this.onConnection);
    this.sockets = this.of('/');
    if (typeof srv === 'number' || (srv !== undefined && !isOptions(srv))) this.attach(srv);
  }

  /** The http.Server this server is attached to, if any. */
  get httpServer(): HttpServer | null {
    return this._httpServer;
  }

  get options(): Readonly<EngineOptions> & Readonly<SocketLayerOptions> {
    return { ...this.engine.options, ...this._layer };
  }

  /** Handles Socket.IO requests on `srv`, or on a new http.Server listening on `port`. */
  attach(srv: HttpServer | number): this {
    if (this.closing) throw new ServerError('ERR_INVALID_OPTION', 'the server is closed');
    let server: HttpServer;
    if (typeof srv === 'number') {
      server = createServer((_req, res) => {
        res.writeHead(404);
        res.end();
      });
      server.listen(srv);
    } else server = srv;
    const intercept = this._layer.serveClient
      ? createClientFileHandler(this.engine.options.path, this._layer.clientDir ? [this._layer.clientDir] : defaultClientDirs())
      : undefined;
    this.engine.attach(server, intercept ? { intercept } : {});
    this._httpServer = server;
    return this;
  }

  /** Same as `attach`. */
  listen(srv: HttpServer | number): this {
    return this.attach(srv);
  }

  /**
   * A namespace by name (created on first use), or a dynamic namespace matching a RegExp or a function.
   * `fn` is added as a 'connection' listener.
   */
  of(name: string | RegExp | NamespaceMatcher, fn?: (socket: Socket) => void): Namespace {
    if (typeof name === 'function' || name instanceof RegExp) {
      const re = name;
      const matcher: NamespaceMatcher =
        typeof re === 'function' ? re : (nsp, _auth, next) => next(null, re.test(nsp));
      const parent = new ParentNamespace(this);
      this.parents.set(matcher, parent);
      if (fn) parent.on('connect', fn);
      return parent;
    }
    if (name[0] !== '/') name = '/' + name;
    let nsp = this._nsps.get(name);
    if (!nsp) {
      nsp = new Namespace(this, name);
      this._nsps.set(name, nsp);
      if (name !== '/') this.sockets.emitReserved('new_namespace', nsp);
    }
    if (fn) nsp.on('connect', fn);
    return nsp;
  }

  /**
   * Closes every socket ('server shutting down'), the engine, and the http.Server.
   * @example await io.close();
   */
  close(fn?: (err?: Error) => void): Promise<void> {
    this.closing ??= this.shutdown();
    if (fn) this.closing.then(() => fn(), fn);
    return this.closing;
  }

  // Shortcuts to the main namespace, as in Socket.IO.

  on<K extends keyof NamespaceEventMap & string>(event: K, listener: NamespaceListener<K>): this {
    this.sockets.on(event, listener);
    return this;
  }

  once<K extends keyof NamespaceEventMap & string>(event: K, listener: NamespaceListener<K>): this {
    this.sockets.once(event, listener);
    return this;
  }

  off<K extends keyof NamespaceEventMap & string>(event?: K, listener?: NamespaceListener<K>): this {
    this.sockets.off(event, listener);
    return this;
  }

  use(fn: Middleware): this {
    this.sockets.use(fn);
    return this;
  }

  to(room: Room | readonly Room[]): BroadcastOperator<Socket> {
    return this.sockets.to(room);
  }

  in(room: Room | readonly Room[]): BroadcastOperator<Socket> {
    return this.sockets.to(room);
  }

  except(room: Room | readonly Room[]): BroadcastOperator<Socket> {
    return this.sockets.except(room);
  }

  compress(compress: boolean): BroadcastOperator<Socket> {
    return this.sockets.compress(compress);
  }

  get volatile(): BroadcastOperator<Socket> {
    return this.sockets.volatile;
  }

  get local(): BroadcastOperator<Socket> {
    return this.sockets.local;
  }

  timeout(ms: number): BroadcastOperator<Socket> {
    return this.sockets.timeout(ms);
  }

  emit(event: string, ...args: unknown[]): boolean {
    return this.sockets.emit(event, ...args);
  }

  emitWithAck(event: string, ...args: unknown[]): Promise<unknown[]> {
    return this.sockets.emitWithAck(event, ...args);
  }

  send(...args: unknown[]): this {
    this.sockets.send(...args);
    return this;
  }

  write(...args: unknown[]): this {
    return this.send(...args);
  }

  fetchSockets(): Promise<(Socket | RemoteSocket)[]> {
    return this.sockets.fetchSockets();
  }

  /**
   * Sends an event to the main namespace of the other servers of a cluster (see `Namespace.serverSideEmit`); a
   * no-op with the in-memory adapter, whose callback gets `(null, [])`.
   * @example io.serverSideEmit('hello', 'world'); // elsewhere: io.on('hello', (arg) => {})
   */
  serverSideEmit(event: string, ...args: unknown[]): boolean {
    return this.sockets.serverSideEmit(event, ...args);
  }

  serverSideEmitWithAck(event: string, ...args: unknown[]): Promise<unknown[]> {
    return this.sockets.serverSideEmitWithAck(event, ...args);
  }

  socketsJoin(room: Room | readonly Room[]): void {
    this.sockets.socketsJoin(room);
  }

  socketsLeave(room: Room | readonly Room[]): void {
    this.sockets.socketsLeave(room);
  }

  disconnectSockets(close = false): void {
    this.sockets.disconnectSockets(close);
  }

  /** The adapter class (or factory) namespaces are created with. */
  get adapter(): AdapterConstructor {
    return this._layer.adapter;
  }

  private readonly onConnection = (conn: Connection): void => {
    new Client(conn, this.resolveNamespace, this._layer.connectTimeout);
  };

  /** Finds a namespace for a CONNECT: an existing one, or a child of the first dynamic parent that accepts. */
  private readonly resolveNamespace = (
    name: string,
    auth: Record<string, unknown> | undefined,
    done: (nsp: Namespace | false) => void,
  ): void => {
    const existing = this._nsps.get(name);
    if (existing) return done(existing);
    const parents = [...this.parents];
    let i = 0;
    const next = (): void => {
      if (i === parents.length) return done(false);
      const [matcher, parent] = parents[i++]!;
      matcher(name, (auth ??= {}), (err, allow) => {
        if (err || !allow) return next();
        // Another client may have created it while the matcher ran.
        let nsp = this._nsps.get(name);
        if (!nsp) {
          nsp = parent._createChild(name);
          this.sockets.emitReserved('new_namespace', nsp);
        }
        done(nsp);
      });
    };
    next();
  };

  private async shutdown(): Promise<void> {
    for (const nsp of [...this._nsps.values(), ...this.parents.values()]) {
      for (const socket of [...nsp.sockets.values()]) socket._onclose('server shutting down');
      await nsp.adapter.close();
    }
    await this.engine.close();
    const server = this._httpServer;
    if (!server?.listening) return;
    await new Promise<void>((resolve, reject) => {
      server.close((err) => (err ? reject(err) : resolve()));
      // A request that arrives after the engine let go (a client's last POST) would otherwise never be answered.
      server.closeAllConnections();
    });
  }
}

function isOptions(value: unknown): value is Partial<ServerOptions> {
  return typeof value === 'object' && value !== null && typeof (value as HttpServer).listen !== 'function';
}
