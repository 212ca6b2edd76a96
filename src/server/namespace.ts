import { NodeStyleEmitter } from '../shared/node-style-emitter.js';
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
import { createAdapter, type Adapter, type AdapterConstructor, type AdapterNamespace, type BroadcastFlags, type EncodedPacket, type AckRequest, type RestoredSession, type Room, type SocketId } from './adapter/adapter.js';
import type { AdapterHostNamespace } from './adapter/adapter-host.js';
import { encodeSocketPacket } from '../protocol/socket-encoder.js';
import { SocketPacketType } from '../protocol/socket-packet.js';
import { BroadcastOperator } from './broadcast-operator.js';
import type { Client } from './client.js';
import type { RemoteSocket } from './remote-socket.js';
import type { Server } from './server.js';
import type { ConnectionStateRecoveryOptions } from './server-options.js';
import { assertEmittable } from './server-error.js';
import { randomId } from './engine/random-id.js';
import { Socket } from './socket.js';
import { RecoveringSockets, restoreFromAuth } from './state-recovery.js';
import { namespaceLog } from './observability/debug-log.js';
import { count } from './observability/engine-stats.js';

/** What a connection middleware may pass to `next`: its `message` and `data` reach the client's connect_error. */
export type MiddlewareError = Error & { data?: unknown };
export type Middleware<
  ListenEvents extends EventsMap = DefaultEventsMap,
  EmitEvents extends EventsMap = ListenEvents,
  ServerSideEvents extends EventsMap = DefaultEventsMap,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  SocketData = any,
> = (socket: Socket<ListenEvents, EmitEvents, ServerSideEvents, SocketData>, next: (err?: MiddlewareError) => void) => void;

export type NamespaceEvents = {
  connection: [socket: Socket];
  connect: [socket: Socket];
  new_namespace: [nsp: Namespace];
};

/**
 * The namespace's lifecycle events plus any event another server sends with `serverSideEmit` (its arguments, and
 * a callback last when the sender waits for answers).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface NamespaceEventMap extends NamespaceEvents {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [event: string]: any[];
}

/** A namespace's local events (a server's main namespace also has `new_namespace`), typed for its sockets. */
export interface NamespaceReservedEvents<
  ListenEvents extends EventsMap,
  EmitEvents extends EventsMap,
  ServerSideEvents extends EventsMap,
  SocketData,
> {
  connect: (socket: Socket<ListenEvents, EmitEvents, ServerSideEvents, SocketData>) => void;
  connection: (socket: Socket<ListenEvents, EmitEvents, ServerSideEvents, SocketData>) => void;
  new_namespace: (nsp: Namespace) => void;
}

/**
 * The typed listener methods (types only; the emitter implements them): the namespace's local events, and the
 * events other servers send with `serverSideEmit` (`ServerSideEvents`).
 */
export interface Namespace<
  ListenEvents extends EventsMap = DefaultEventsMap,
  EmitEvents extends EventsMap = ListenEvents,
  ServerSideEvents extends EventsMap = DefaultEventsMap,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  SocketData = any,
> {
  on<Ev extends ReservedOrUserEventNames<NamespaceReservedEvents<ListenEvents, EmitEvents, ServerSideEvents, SocketData>, ServerSideEvents>>(
    event: Ev,
    listener: ReservedOrUserListener<NamespaceReservedEvents<ListenEvents, EmitEvents, ServerSideEvents, SocketData>, ServerSideEvents, Ev>,
  ): this;
  once<Ev extends ReservedOrUserEventNames<NamespaceReservedEvents<ListenEvents, EmitEvents, ServerSideEvents, SocketData>, ServerSideEvents>>(
    event: Ev,
    listener: ReservedOrUserListener<NamespaceReservedEvents<ListenEvents, EmitEvents, ServerSideEvents, SocketData>, ServerSideEvents, Ev>,
  ): this;
  off<Ev extends ReservedOrUserEventNames<NamespaceReservedEvents<ListenEvents, EmitEvents, ServerSideEvents, SocketData>, ServerSideEvents>>(
    event?: Ev,
    listener?: ReservedOrUserListener<NamespaceReservedEvents<ListenEvents, EmitEvents, ServerSideEvents, SocketData>, ServerSideEvents, Ev>,
  ): this;
  listeners<Ev extends ReservedOrUserEventNames<NamespaceReservedEvents<ListenEvents, EmitEvents, ServerSideEvents, SocketData>, ServerSideEvents>>(
    event: Ev,
  ): ReservedOrUserListener<NamespaceReservedEvents<ListenEvents, EmitEvents, ServerSideEvents, SocketData>, ServerSideEvents, Ev>[];
}

/** The names `serverSideEmit` refuses: the namespace's own lifecycle events. */
const NAMESPACE_EVENTS: ReadonlySet<string> = new Set(['connect', 'connection', 'new_namespace']);

/**
 * A communication channel: its sockets, its middlewares, its rooms (kept by its adapter).
 *
 * Typed like Socket.IO's (see `Server`).
 *
 * @example
 *   const chat = io.of('/chat');
 *   chat.use((socket, next) => (socket.handshake.auth.token ? next() : next(new Error('unauthorized'))));
 *   chat.on('connection', (socket) => chat.to('lobby').emit('joined', socket.id));
 */
export class Namespace<
    ListenEvents extends EventsMap = DefaultEventsMap,
    EmitEvents extends EventsMap = ListenEvents,
    ServerSideEvents extends EventsMap = DefaultEventsMap,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    SocketData = any,
  >
  // Untyped underneath: the typed listener methods are declared above.
  extends NodeStyleEmitter
  implements AdapterNamespace, AdapterHostNamespace
{
  /** The connected sockets, by id. */
  readonly sockets = new Map<SocketId, Socket<ListenEvents, EmitEvents, ServerSideEvents, SocketData>>();
  /** Replaced only by `io.adapter(X)` (see `_initAdapter`). */
  adapter!: Adapter;
  /**
   * The ack id counter of this namespace: socket emits and broadcasts with acks take their ids from it, so ids
   * never clash on a socket. Part of the surface the official adapters use (`nsp._ids++`, see adapter-host.ts).
   */
  _ids = 0;
  /** @internal */
  _fns: Middleware<ListenEvents, EmitEvents, ServerSideEvents, SocketData>[] = [];
  /** @internal Called when the last socket leaves (child namespaces with `cleanupEmptyChildNamespaces`). */
  _onEmpty?: () => void;
  /** CONNECTs in their middlewares: a child is not removed while a socket is on its way in. */
  private joining = 0;
  /** @internal */
  readonly _lookup = (id: SocketId): Socket | undefined => this.sockets.get(id) as Socket | undefined;
  /** The server's `connectionStateRecovery` (defaults merged), or undefined when it is off. */
  readonly recovery: Readonly<Required<ConnectionStateRecoveryOptions>> | undefined;
  private root!: BroadcastOperator;
  /** Restored sockets still in their middlewares (`skipMiddlewares: false`); made on the first one. */
  private recovering: RecoveringSockets | undefined;

  constructor(
    readonly server: Server<ListenEvents, EmitEvents, ServerSideEvents, SocketData>,
    readonly name: string,
    adapter: AdapterConstructor = server.adapter(),
  ) {
    super();
    // Before the adapter is built: it reads `recovery` once, to decide whether it logs packets.
    this.recovery = server._layer.connectionStateRecovery;
    this._initAdapter(adapter);
  }

  /**
   * @internal Builds this namespace's adapter (again, for `io.adapter(X)`): the connected sockets keep their rooms
   * in the new one, and the old one is closed.
   */
  _initAdapter(make: AdapterConstructor): void {
    const old = this.adapter as Adapter | undefined;
    this.adapter = createAdapter(make, this);
    void this.adapter.init();
    this.root = new BroadcastOperator(this.adapter, this._lookup);
    if (!old) return;
    for (const id of this.sockets.keys()) void this.adapter.addAll(id, old.socketRooms(id) ?? [id]);
    void old.close();
  }

  /** Adds a connection middleware; `next(err)` refuses the socket with a connect_error. */
  use(fn: Middleware<ListenEvents, EmitEvents, ServerSideEvents, SocketData>): this {
    this._fns.push(fn);
    return this;
  }

  to(room: Room | readonly Room[]): BroadcastOperator<MultipleResponses<EmitEvents>, SocketData> {
    return this.root.to(room);
  }

  in(room: Room | readonly Room[]): BroadcastOperator<MultipleResponses<EmitEvents>, SocketData> {
    return this.root.to(room);
  }

  except(room: Room | readonly Room[]): BroadcastOperator<MultipleResponses<EmitEvents>, SocketData> {
    return this.root.except(room);
  }

  compress(compress: boolean): BroadcastOperator<MultipleResponses<EmitEvents>, SocketData> {
    return this.root.compress(compress);
  }

  get volatile(): BroadcastOperator<MultipleResponses<EmitEvents>, SocketData> {
    return this.root.volatile;
  }

  get local(): BroadcastOperator<MultipleResponses<EmitEvents>, SocketData> {
    return this.root.local;
  }

  timeout(ms: number): BroadcastOperator<TimeoutAndMultipleResponses<EmitEvents>, SocketData> {
    return this.root.timeout(ms);
  }

  /** Emits to every socket of the namespace. */
  emit<Ev extends EventNamesWithoutAck<EmitEvents>>(event: Ev, ...args: EventParams<EmitEvents, Ev>): boolean;
  emit(event: string, ...args: unknown[]): boolean {
    return this.root.emit(event, ...args);
  }

  emitWithAck<Ev extends EventNamesWithAck<EmitEvents>>(
    event: Ev,
    ...args: AllButLast<EventParams<EmitEvents, Ev>>
  ): Promise<FirstNonErrorArg<Last<EventParams<EmitEvents, Ev>>>[]>;
  emitWithAck(event: string, ...args: unknown[]): Promise<unknown[]> {
    return this.root.emitWithAck(event, ...args);
  }

  send(...args: unknown[]): this {
    this.root.emit('message', ...args);
    return this;
  }

  write(...args: unknown[]): this {
    return this.send(...args);
  }

  fetchSockets(): Promise<(Socket<ListenEvents, EmitEvents, ServerSideEvents, SocketData> | RemoteSocket<EmitEvents, SocketData>)[]> {
    return this.root.fetchSockets();
  }

  /** The ids of this namespace's sockets, on every server of a cluster. */
  allSockets(): Promise<Set<SocketId>> {
    return this.root.allSockets();
  }

  socketsJoin(room: Room | readonly Room[]): void {
    this.root.socketsJoin(room);
  }

  socketsLeave(room: Room | readonly Room[]): void {
    this.root.socketsLeave(room);
  }

  disconnectSockets(close = false): void {
    this.root.disconnectSockets(close);
  }

  // The adapter's view (AdapterNamespace).

  writeTo(id: SocketId, packet: EncodedPacket, flags: BroadcastFlags, ack?: AckRequest): boolean {
    const socket = this.sockets.get(id);
    if (socket) return socket._write(packet, flags, ack);
    // Only a restored socket whose middlewares are still running is in a room without being connected.
    return !ack && !flags.volatile && this.recovering !== undefined && this.recovering.hold(id, packet);
  }

  /**
   * Sends an event to this namespace on the other servers of a cluster, through the adapter; there it reaches
   * `namespace.on(event)` listeners (not sockets). With a callback last, it is called once as
   * `(err, responses)` with one response per other server. With the in-memory adapter there is no other
   * server: a plain emit does nothing and the callback gets `(null, [])` on the next microtask.
   *
   * @example
   *   io.serverSideEmit('reload-config', { version: 2 });
   *   io.on('reload-config', (config) => apply(config)); // on the other servers
   *   io.serverSideEmit('uptime', (err, responses) => console.log(responses)); // others answer with cb(value)
   */
  serverSideEmit<Ev extends EventNames<ServerSideEvents>>(
    event: Ev,
    ...args: EventParams<TimeoutAndMultipleResponses<ServerSideEvents>, Ev>
  ): boolean;
  serverSideEmit(event: string, ...args: unknown[]): boolean {
    assertEmittable(event, NAMESPACE_EVENTS);
    this.adapter.serverSideEmit([event, ...args]);
    return true;
  }

  /** `serverSideEmit` with a callback, as a promise of every other server's response (`[]` on a single server). */
  serverSideEmitWithAck<Ev extends EventNamesWithAck<ServerSideEvents>>(
    event: Ev,
    ...args: AllButLast<EventParams<ServerSideEvents, Ev>>
  ): Promise<FirstNonErrorArg<Last<EventParams<ServerSideEvents, Ev>>>[]>;
  serverSideEmitWithAck(event: string, ...args: unknown[]): Promise<unknown[]> {
    return new Promise((resolve, reject) => {
      (this as Namespace).serverSideEmit(event, ...args, (err: Error | null, responses: unknown[]) =>
        err ? reject(Object.assign(err, { responses })) : resolve(responses),
      );
    });
  }

  /** An event from another server's `serverSideEmit`; lifecycle names are never taken from the wire. */
  serverSideEmitted(args: unknown[]): void {
    const event = args[0];
    if (typeof event !== 'string' || NAMESPACE_EVENTS.has(event)) return;
    this.emitReserved(event, ...args.slice(1));
  }

  /** The same, under the name the official adapter packages call (see adapter-host.ts). */
  _onServerSideEmit(args: unknown[]): void {
    this.serverSideEmitted(args);
  }

  nextAckId(): number {
    return this._ids++;
  }

  socketDetails(id: SocketId): Socket | undefined {
    return this.sockets.get(id);
  }

  disconnectSocket(id: SocketId, close: boolean): void {
    this.sockets.get(id)?.disconnect(close);
  }

  /** @internal Runs the middlewares for a CONNECT, then lets the socket in (`done(socket)`) or refuses it (`done()`). */
  _add(client: Client, auth: Record<string, unknown> | undefined, done: (socket?: Socket) => void): void {
    this.joining++;
    const settle = (socket?: Socket): void => {
      this.joining--;
      done(socket);
      // A refused CONNECT may leave a child that a client created empty from the start (issue 13).
      if (!socket) this.checkEmpty();
    };
    if (this.recovery) return restoreFromAuth(this.adapter, auth, (session) => this.addRestoring(client, auth, settle, session));
    this.enter(client, new Socket(this, client, auth, this.newId(client)), settle);
  }

  private checkEmpty(): void {
    if (!this.sockets.size && !this.joining) this._onEmpty?.();
  }

  /** A socket id: random, or for a Socket.IO v2 client the one it computes itself (`/nsp#<engine id>`, as Socket.IO). */
  private newId(client: Client): SocketId {
    if (client.conn.protocol !== 3) return randomId();
    return this.name === '/' ? client.conn.id : `${this.name}#${client.conn.id}`;
  }

  private enter(client: Client, socket: Socket, done: (socket?: Socket) => void): void {
    // No middleware (the usual case): straight in, without the closures of the middleware chain.
    if (!this._fns.length) return this.admit(client, socket, done, undefined);
    runMiddlewares(this._fns.slice(), socket, (err) => this.admit(client, socket, done, err));
  }

  /**
   * A CONNECT with connection state recovery: takes back `session` when the adapter still had it (same id, rooms
   * and data, the missed packets replayed before the CONNECT answer), and otherwise lets in a fresh socket with a
   * new private session id.
   */
  private addRestoring(
    client: Client,
    auth: Record<string, unknown> | undefined,
    done: (socket?: Socket) => void,
    session: RestoredSession | null,
  ): void {
    if (session && !client._open) {
      // The connection dropped while the adapter looked: keep the session for the next attempt.
      namespaceLog('%s: recovery of %s put back, the connection dropped meanwhile', this.name, session.sid);
      void this.adapter.persistSession(session);
      return done();
    }
    if (!session || this.sockets.has(session.sid) || this.recovering?.has(session.sid)) {
      if (namespaceLog.enabled && auth?.pid !== undefined)
        namespaceLog('%s: no recovery for client %s (%s): new session', this.name, client.conn.id, session ? 'session in use' : 'session unknown, expired or offset too old');
      const socket = new Socket(this, client, auth, randomId());
      socket._recover(randomId());
      return this.enter(client, socket, done);
    }
    const socket = new Socket(this, client, auth, session.sid);
    socket._recover(session.pid, session);
    const missed = this.replayOf(session);
    namespaceLog('%s: session %s recovered with %d missed packet(s)', this.name, session.sid, missed.length);
    if (this.recovery!.skipMiddlewares) return this.admit(client, socket, done, undefined, session.rooms, missed);
    const recovering = (this.recovering ??= new RecoveringSockets());
    recovering.start(socket);
    void this.adapter.addAll(socket.id, session.rooms);
    runMiddlewares(this._fns.slice(), socket, (err) => {
      const held = recovering.end(socket);
      if (err || !client._open) this.adapter.delAll(socket.id);
      // The connection dropped while the middlewares ran: the session stays for the next attempt, whose replay
      // comes from the log again.
      if (!err && !client._open) void this.adapter.persistSession(session);
      this.admit(client, socket, done, err, undefined, [...missed, ...held]);
    });
  }

  /**
   * A restored session's missed packets, encoded: sockjet's adapters keep them so; the official ones hand over each
   * EVENT's arguments (see `RestoredSession`).
   */
  private replayOf(session: RestoredSession): readonly EncodedPacket[] {
    if (session.encodedPackets) return session.encodedPackets;
    const events = session.missedPackets ?? [];
    return events.map((data) => encodeSocketPacket({ type: SocketPacketType.EVENT, nsp: this.name, data }));
  }

  /**
   * Once the middlewares ran: refuses the socket (`err`), or lets it in, joining `rooms` and writing `replay` (a
   * recovered socket's missed packets) before the CONNECT answer.
   */
  private admit(
    client: Client,
    socket: Socket,
    done: (socket?: Socket) => void,
    err: MiddlewareError | undefined,
    rooms?: readonly Room[],
    replay?: readonly EncodedPacket[],
  ): void {
    if (!client._open || err) {
      if (err) {
        count(this.server._stats.refused, 'middleware');
        namespaceLog('%s: middleware refused client %s: %s', this.name, client.conn.id, err.message);
      }
      // As Socket.IO: rooms joined in a middleware are left, `join` does nothing from now on, and a dynamic child
      // left empty goes (cleanupEmptyChildNamespaces).
      socket._cleanup();
      if (!this.sockets.size) this._onEmpty?.();
      if (err && client._open) client._refuse(this.name, err.message, err.data);
      return done();
    }
    this.sockets.set(socket.id, socket);
    if (rooms) void this.adapter.addAll(socket.id, rooms);
    socket._onconnect(replay);
    done(socket);
    this.emitReserved('connection', socket);
    this.emitReserved('connect', socket);
  }

  /** @internal */
  _remove(socket: Socket): void {
    if (this.sockets.delete(socket.id)) this.checkEmpty();
  }
}

function runMiddlewares(fns: Middleware[], socket: Socket, done: (err?: MiddlewareError) => void): void {
  let i = 0;
  let finished = false;
  const next = (err?: MiddlewareError): void => {
    if (finished) return;
    if (err || i === fns.length) {
      finished = true;
      return done(err);
    }
    const fn = fns[i++]!;
    try {
      fn(socket, next);
    } catch (e) {
      next(e instanceof Error ? e : new Error(String(e)));
    }
  };
  next();
}
