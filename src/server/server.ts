import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import type { AdapterConstructor, Room } from './adapter/adapter.js';
import type { AdapterHostServer, PacketEncoder } from './adapter/adapter-host.js';
import { encodeSocketPacket } from '../protocol/socket-encoder.js';
import type { BroadcastOperator } from './broadcast-operator.js';
import { Client } from './client.js';
import type { Connection } from './engine/connection.js';
import { Engine } from './engine/engine.js';
import type { EngineOptions } from './engine/engine-options.js';
import type {
  AllButLast,
  DecorateAcknowledgementsWithMultipleResponses as MultipleResponses,
  DecorateAcknowledgementsWithTimeoutAndMultipleResponses as TimeoutAndMultipleResponses,
  DefaultEventsMap,
  EventNames,
  EventNamesWithAck,
  EventNamesWithoutAck,
  EventParams,
  EventsMap,
  FirstNonErrorArg,
  Last,
  ReservedOrUserEventNames,
  ReservedOrUserListener,
} from '../shared/typed-events.js';
import type { Middleware } from './admission.js';
import { Namespace, type NamespaceReservedEvents } from './namespace.js';
import { ParentNamespace, type NamespaceMatcher } from './parent-namespace.js';
import { PendingHandshakes } from './pending-handshakes.js';
import type { RemoteSocket } from './remote-socket.js';
import { createClientFileHandler, defaultClientDirs } from './serve-client.js';
import { resolveServerOptions, type ServerOptions, type SocketLayerOptions } from './server-options.js';
import { serverError } from './server-error.js';
import type { Socket } from './socket.js';
import { ServerStats } from './observability/server-stats.js';
import { namespaceLog } from './observability/debug-log.js';
import { collectMetrics, type MetricsSnapshot } from './observability/metrics.js';
import { createObservabilityHandler } from './observability/observability-handler.js';

/** sockjet's packet encoder, as `server.encoder` (one per process: it keeps no state). */
const ENCODER: PacketEncoder = Object.freeze({ encode: encodeSocketPacket });

/**
 * A Socket.IO v4 server: the same API as `socket.io`'s `Server`, typed the same way: the events clients send
 * (`ListenEvents`), the events it sends them (`EmitEvents`), the events servers send each other
 * (`ServerSideEvents`), and the type of `socket.data`.
 *
 * @example
 *   const io = new Server(3000);
 *   io.on('connection', (socket) => {
 *     socket.on('chat', (msg) => io.emit('chat', msg));
 *   });
 *
 *   const typed = new Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>();
 */
export class Server<
  ListenEvents extends EventsMap = DefaultEventsMap,
  EmitEvents extends EventsMap = ListenEvents,
  ServerSideEvents extends EventsMap = DefaultEventsMap,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  SocketData = any,
> implements AdapterHostServer {
  /** The main namespace, `/`. */
  readonly sockets: Namespace<ListenEvents, EmitEvents, ServerSideEvents, SocketData>;
  /** @internal */
  _layer: Readonly<SocketLayerOptions>;
  /** The options given to the constructor: they win over those given to `attach` (as in Socket.IO). */
  private _given: Partial<ServerOptions>;
  private _engine: Engine;
  /** @internal Every namespace by name, dynamic children included (`@socket.io/admin-ui` reads it, as in Socket.IO). */
  readonly _nsps = new Map<string, Namespace>();
  /** @internal The Socket.IO layer's running totals (see `metrics()`). */
  readonly _stats = new ServerStats();
  /**
   * The Socket.IO packet encoder, which the official adapter packages encode broadcasts with (see
   * adapter/adapter-host.ts): its output, handed to many sockets' `client.writeToEngine`, is framed once.
   */
  readonly encoder: PacketEncoder = ENCODER;
  private readonly parents = new Map<NamespaceMatcher, ParentNamespace>();
  /** Parents made from a RegExp: a namespace made by hand with a matching name becomes their child. */
  private readonly regexParents = new Map<RegExp, ParentNamespace>();
  private _adapter: AdapterConstructor;
  private _opts: (Readonly<EngineOptions> & Readonly<SocketLayerOptions>) | undefined;
  private _httpServer: HttpServer | null = null;
  private closing: Promise<Error | undefined> | null = null;
  /** Connections not in a namespace yet, per address, counted while `maxPendingHandshakesPerIp` is set. */
  private readonly pending = new PendingHandshakes(() => this._layer.maxPendingHandshakesPerIp);

  constructor(srv?: HttpServer | number | Partial<ServerOptions>, opts?: Partial<ServerOptions>) {
    const options = isOptions(srv) ? srv : opts;
    this._given = { ...options };
    const { layer, engine } = resolveServerOptions(this._given);
    this._layer = layer;
    this._adapter = layer.adapter;
    this._engine = this.pending.watch(new Engine(engine)).on('connection', this.onConnection);
    this.sockets = this.of('/');
    if (typeof srv === 'number' || (srv !== undefined && !isOptions(srv))) this.attach(srv);
  }

  /** The Engine.IO layer (connections, transports); `attach` after `close` makes a new one, as Socket.IO does. */
  get engine(): Engine {
    return this._engine;
  }

  /**
   * Serves the Engine.IO connections of `engine` instead of the current engine's (Socket.IO's `io.bind`).
   * @example io.bind(new Engine({ pingInterval: 10000 }).attach(httpServer));
   */
  bind(engine: Engine): this {
    this._engine.off('connection', this.onConnection);
    this._engine = this.pending.watch(engine).on('connection', this.onConnection);
    return this;
  }

  /** Whether the browser build is served under the path (`<path>sockjet.min.js`, `socket.io.js`...); sets it. */
  serveClient(): boolean;
  serveClient(v: boolean): this;
  serveClient(v?: boolean): boolean | this {
    if (v === undefined) return this._layer.serveClient;
    this.reconfigure({ serveClient: v });
    return this;
  }

  /**
   * The path the server answers under (`/socket.io` by default, without its trailing slash, as Socket.IO gives it);
   * sets it, which takes effect when set before `attach`.
   */
  path(): string;
  path(v: string): this;
  path(v?: string): string | this {
    if (v === undefined) return this._engine.options.path.replace(/\/$/, '');
    this.reconfigure({ path: v });
    return this;
  }

  /** Merges options into those given so far (the constructor's win) and applies them where they can still change. */
  private reconfigure(extra: Partial<ServerOptions>, constructorWins = false): void {
    const merged = constructorWins ? { ...extra, ...this._given } : { ...this._given, ...extra };
    const { layer, engine } = resolveServerOptions(merged);
    this._given = merged;
    // The adapter of existing namespaces stays; `io.adapter(X)` is what replaces it.
    this._layer = Object.freeze({ ...layer, adapter: this._layer.adapter });
    this._opts = undefined;
    this._engine._reconfigure(engine);
  }

  /**
   * The http.Server this server is attached to: null until then, but typed as always there, as Socket.IO types
   * it, so `io.httpServer.address()` compiles as it does against socket.io.
   */
  get httpServer(): HttpServer {
    return this._httpServer!;
  }

  get options(): Readonly<EngineOptions> & Readonly<SocketLayerOptions> {
    return { ...this.engine.options, ...this._layer };
  }

  /**
   * The options in effect, as Socket.IO's `server.opts` (read by the official adapters:
   * `opts.connectionStateRecovery`, on every broadcast, hence made once per change of options).
   */
  get opts(): Readonly<EngineOptions> & Readonly<SocketLayerOptions> {
    return (this._opts ??= Object.freeze(this.options));
  }

  /**
   * Handles Socket.IO requests on `srv`, or on a new http.Server listening on `port`. `opts` add to the
   * constructor's options (which win where both set one). After `close`, it starts over with a new engine.
   * @example io.listen(3000, { pingInterval: 10000 });
   */
  attach(srv: HttpServer | number, opts?: Partial<ServerOptions>): this {
    if (this.closing) this.reopen();
    if (opts) this.reconfigure(opts, true);
    let server: HttpServer;
    if (typeof srv === 'number') {
      server = createServer((_req, res) => {
        res.writeHead(404);
        res.end();
      });
      server.listen(srv);
    } else server = srv;
    this._engine.attach(server, { intercept: this.intercept() });
    this._httpServer = server;
    return this;
  }

  /** What the server answers under its path before the engine: the client file, metrics, the dashboard. */
  private intercept(): (req: IncomingMessage, res: ServerResponse) => boolean {
    const { clientDir, metrics, dashboard } = this._layer;
    const path = this._engine.options.path;
    const files = createClientFileHandler(path, clientDir ? [clientDir] : defaultClientDirs());
    const observe = metrics || dashboard ? createObservabilityHandler(this, path, metrics, dashboard) : undefined;
    // serveClient is read on each request, so `io.serveClient(false)` works after attach too.
    return (req, res) => (this._layer.serveClient && files(req, res)) || (observe?.(req, res) ?? false);
  }

  /**
   * The server's metrics now: connections by transport, namespaces, sockets and rooms, packets and bytes each way,
   * handshakes, upgrades, disconnects by reason, refused input by kind, heartbeat failures, the send queue. The
   * totals are kept whether or not anyone reads them (integer bumps); reading costs O(connections + rooms).
   * @example setInterval(() => console.log(io.metrics().connections), 10_000);
   */
  metrics(): MetricsSnapshot {
    return collectMetrics(this);
  }

  /** Same as `attach`. */
  listen(srv: HttpServer | number, opts?: Partial<ServerOptions>): this {
    return this.attach(srv, opts);
  }

  /** A closed server attached again: a new engine with the same options and listeners for connections. */
  private reopen(): void {
    const { engine } = resolveServerOptions(this._given);
    this._engine.off('connection', this.onConnection);
    this._engine = this.pending.watch(new Engine(engine)).on('connection', this.onConnection);
    this.closing = null;
    this._httpServer = null;
  }

  /**
   * A namespace by name (created on first use), or a dynamic namespace matching a RegExp or a function.
   * `fn` is added as a 'connection' listener.
   */
  of(
    name: string | RegExp | NamespaceMatcher,
    fn?: (socket: Socket<ListenEvents, EmitEvents, ServerSideEvents, SocketData>) => void,
  ): Namespace<ListenEvents, EmitEvents, ServerSideEvents, SocketData> {
    if (typeof name === 'function' || name instanceof RegExp) {
      const re = name;
      const matcher: NamespaceMatcher =
        typeof re === 'function' ? re : (nsp, _auth, next) => next(null, re.test(nsp));
      const parent = new ParentNamespace(this);
      this.parents.set(matcher, parent);
      if (re instanceof RegExp) this.regexParents.set(re, parent);
      if (fn) parent.on('connect', fn);
      return parent;
    }
    if (name[0] !== '/') name = '/' + name;
    let nsp = this._nsps.get(name);
    if (!nsp) {
      // As Socket.IO, `io.of('/team-1')` after `io.of(/^\/team-\d+$/)` is that parent's child (its broadcasts reach it).
      const parent = [...this.regexParents].find(([re]) => re.test(name))?.[1];
      nsp = parent ? parent.createChild(name) : new Namespace(this, name);
      this._nsps.set(name, nsp);
      namespaceLog('namespace %s created', name);
      if (name !== '/') this.sockets.emitReserved('new_namespace', nsp);
    }
    if (fn) nsp.on('connect', fn);
    return nsp;
  }

  /**
   * Closes every socket ('server shutting down'), the engine, and the http.Server. `fn` gets the error of closing
   * the http.Server, as Socket.IO's does (`ERR_SERVER_NOT_RUNNING` when it was not listening); the promise
   * resolves either way.
   * @example await io.close();
   */
  close(fn?: (err?: Error) => void): Promise<void> {
    const closing = (this.closing ??= this.shutdown());
    void closing.then((err) => fn?.(err));
    return closing.then(() => undefined);
  }

  // Shortcuts to the main namespace, as in Socket.IO.

  on<Ev extends ReservedOrUserEventNames<NamespaceReservedEvents<ListenEvents, EmitEvents, ServerSideEvents, SocketData>, ServerSideEvents>>(event: Ev, listener: ReservedOrUserListener<NamespaceReservedEvents<ListenEvents, EmitEvents, ServerSideEvents, SocketData>, ServerSideEvents, Ev>): this {
    // The signature above is the check; the namespace's generic one cannot see that `Ev` picks the same listener.
    this.sockets.on(event, listener as never);
    return this;
  }

  once<Ev extends ReservedOrUserEventNames<NamespaceReservedEvents<ListenEvents, EmitEvents, ServerSideEvents, SocketData>, ServerSideEvents>>(event: Ev, listener: ReservedOrUserListener<NamespaceReservedEvents<ListenEvents, EmitEvents, ServerSideEvents, SocketData>, ServerSideEvents, Ev>): this {
    this.sockets.once(event, listener as never);
    return this;
  }

  off<Ev extends ReservedOrUserEventNames<NamespaceReservedEvents<ListenEvents, EmitEvents, ServerSideEvents, SocketData>, ServerSideEvents>>(event?: Ev, listener?: ReservedOrUserListener<NamespaceReservedEvents<ListenEvents, EmitEvents, ServerSideEvents, SocketData>, ServerSideEvents, Ev>): this {
    this.sockets.off(event, listener as never);
    return this;
  }

  use(fn: Middleware<ListenEvents, EmitEvents, ServerSideEvents, SocketData>): this {
    this.sockets.use(fn);
    return this;
  }

  to(room: Room | readonly Room[]): BroadcastOperator<MultipleResponses<EmitEvents>, SocketData> {
    return this.sockets.to(room);
  }

  in(room: Room | readonly Room[]): BroadcastOperator<MultipleResponses<EmitEvents>, SocketData> {
    return this.sockets.to(room);
  }

  except(room: Room | readonly Room[]): BroadcastOperator<MultipleResponses<EmitEvents>, SocketData> {
    return this.sockets.except(room);
  }

  compress(compress: boolean): BroadcastOperator<MultipleResponses<EmitEvents>, SocketData> {
    return this.sockets.compress(compress);
  }

  get volatile(): BroadcastOperator<MultipleResponses<EmitEvents>, SocketData> {
    return this.sockets.volatile;
  }

  get local(): BroadcastOperator<MultipleResponses<EmitEvents>, SocketData> {
    return this.sockets.local;
  }

  timeout(ms: number): BroadcastOperator<TimeoutAndMultipleResponses<EmitEvents>, SocketData> {
    return this.sockets.timeout(ms);
  }

  emit<Ev extends EventNamesWithoutAck<EmitEvents>>(event: Ev, ...args: EventParams<EmitEvents, Ev>): boolean {
    return this.sockets.emit(event, ...args);
  }

  emitWithAck<Ev extends EventNamesWithAck<EmitEvents>>(
    event: Ev,
    ...args: AllButLast<EventParams<EmitEvents, Ev>>
  ): Promise<FirstNonErrorArg<Last<EventParams<EmitEvents, Ev>>>[]> {
    return this.sockets.emitWithAck(event, ...args);
  }

  send(...args: unknown[]): this {
    this.sockets.send(...args);
    return this;
  }

  write(...args: unknown[]): this {
    return this.send(...args);
  }

  fetchSockets(): Promise<(Socket<ListenEvents, EmitEvents, ServerSideEvents, SocketData> | RemoteSocket<EmitEvents, SocketData>)[]> {
    return this.sockets.fetchSockets();
  }

  /** The ids of the main namespace's sockets, on every server of a cluster. */
  allSockets(): Promise<Set<string>> {
    return this.sockets.allSockets();
  }

  /**
   * Sends an event to the main namespace of the other servers of a cluster (see `Namespace.serverSideEmit`); a
   * no-op with the in-memory adapter, whose callback gets `(null, [])`.
   * @example io.serverSideEmit('hello', 'world'); // elsewhere: io.on('hello', (arg) => {})
   */
  serverSideEmit<Ev extends EventNames<ServerSideEvents>>(
    event: Ev,
    ...args: EventParams<TimeoutAndMultipleResponses<ServerSideEvents>, Ev>
  ): boolean {
    return this.sockets.serverSideEmit(event, ...args);
  }

  serverSideEmitWithAck<Ev extends EventNamesWithAck<ServerSideEvents>>(
    event: Ev,
    ...args: AllButLast<EventParams<ServerSideEvents, Ev>>
  ): Promise<FirstNonErrorArg<Last<EventParams<ServerSideEvents, Ev>>>[]> {
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

  /**
   * The adapter class (or factory) namespaces are created with; with an argument, sets it (as Socket.IO's
   * `io.adapter(X)`): every existing namespace gets a new adapter, its connected sockets keeping their rooms.
   *
   * @example
   *   io.adapter(createAdapter(pubClient, subClient)); // @socket.io/redis-adapter
   */
  adapter(): AdapterConstructor;
  adapter(make: AdapterConstructor): this;
  adapter(make?: AdapterConstructor): AdapterConstructor | this {
    if (make === undefined) return this._adapter;
    if (typeof make !== 'function') throw serverError('ERR_INVALID_OPTION', 'Invalid adapter: expected an adapter class or factory function');
    this._adapter = make;
    for (const nsp of this._nsps.values()) nsp.initAdapter(make);
    return this;
  }

  /** @internal Unregisters a dynamic child that emptied (see ParentNamespace), unless a new one took its name. */
  removeNamespace(nsp: Namespace): void {
    if (this._nsps.get(nsp.name) === nsp) this._nsps.delete(nsp.name);
  }

  private readonly onConnection = (conn: Connection): void => {
    const client = new Client(conn, this.resolveNamespace, this._layer.connectTimeout, this._stats, this.pending);
    this.pending.add(client, conn.request);
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
          nsp = parent.createChild(name);
          this._nsps.set(name, nsp);
          this.sockets.emitReserved('new_namespace', nsp);
        }
        done(nsp);
      });
    };
    next();
  };

  /** Resolves with the http.Server's close error, if any (it is the callback's, never the promise's). */
  private async shutdown(): Promise<Error | undefined> {
    for (const nsp of [...this._nsps.values(), ...this.parents.values()]) {
      for (const socket of [...nsp.sockets.values()]) socket.handleClose('server shutting down');
      await nsp.adapter.close();
    }
    await this._engine.close();
    const server = this._httpServer;
    if (!server) return undefined;
    return new Promise<Error | undefined>((resolve) => {
      server.close((err) => resolve(err));
      // A request that arrives after the engine let go (a client's last POST) would otherwise never be answered.
      server.closeAllConnections();
    });
  }
}

function isOptions(value: unknown): value is Partial<ServerOptions> {
  return typeof value === 'object' && value !== null && typeof (value as HttpServer).listen !== 'function';
}
