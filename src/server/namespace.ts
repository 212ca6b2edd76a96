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
import { createAdapter, type Adapter, type AdapterConstructor, type AdapterNamespace, type BroadcastFlags, type EncodedPacket, type AckRequest, type Room, type SocketId } from './adapter/adapter.js';
import type { AdapterHostNamespace } from './adapter/adapter-host.js';
import { runAdmission, type Middleware } from './admission.js';
import { BroadcastOperator } from './broadcast-operator.js';
import type { Client } from './client.js';
import type { RemoteSocket } from './remote-socket.js';
import type { Server } from './server.js';
import type { ConnectionStateRecoveryOptions } from './server-options.js';
import { assertEmittable } from './server-error.js';
import type { Socket } from './socket.js';
import { RecoveringSockets } from './state-recovery.js';

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
  /** Replaced only by `io.adapter(X)` (see `initAdapter`). */
  adapter!: Adapter;
  /**
   * The ack id counter of this namespace: socket emits and broadcasts with acks take their ids from it, so ids
   * never clash on a socket. Part of the surface the official adapters use (`nsp._ids++`, see adapter-host.ts).
   */
  _ids = 0;
  /** The server's `connectionStateRecovery` (defaults merged), or undefined when it is off. */
  readonly recovery: Readonly<Required<ConnectionStateRecoveryOptions>> | undefined;
  /** @internal With recovery: restored sockets still in their middlewares (`skipMiddlewares: false`, see admission.ts). */
  readonly recovering: RecoveringSockets | undefined;
  /** @internal The local socket of an id, for the broadcast operators' `fetchSockets` (made once, handed to each). */
  readonly lookupSocket = (id: SocketId): Socket | undefined => this.sockets.get(id) as Socket | undefined;
  private readonly fns: Middleware<ListenEvents, EmitEvents, ServerSideEvents, SocketData>[] = [];
  /** CONNECTs on their way in (admission.ts): a child is not removed while one is in its middlewares. */
  private joining = 0;
  /** Called once, the first time the namespace is left empty (see `whenEmpty`). */
  private onEmpty: (() => void) | undefined;
  private root!: BroadcastOperator;

  constructor(
    readonly server: Server<ListenEvents, EmitEvents, ServerSideEvents, SocketData>,
    readonly name: string,
    adapter: AdapterConstructor = server.adapter(),
  ) {
    super();
    // Before the adapter is built: it reads `recovery` once, to decide whether it logs packets.
    this.recovery = server.options.connectionStateRecovery;
    if (this.recovery) this.recovering = new RecoveringSockets();
    this.initAdapter(adapter);
  }

  /**
   * @internal Builds this namespace's adapter (again, for `io.adapter(X)`): the connected sockets keep their rooms
   * in the new one, and the old one is closed.
   */
  initAdapter(make: AdapterConstructor): void {
    const old = this.adapter as Adapter | undefined;
    this.adapter = createAdapter(make, this);
    void this.adapter.init();
    this.root = new BroadcastOperator(this.adapter, this.lookupSocket);
    if (!old) return;
    for (const id of this.sockets.keys()) void this.adapter.addAll(id, old.socketRooms(id) ?? [id]);
    void old.close();
  }

  /** Adds a connection middleware; `next(err)` refuses the socket with a connect_error. */
  use(fn: Middleware<ListenEvents, EmitEvents, ServerSideEvents, SocketData>): this {
    this.fns.push(fn);
    return this;
  }

  /** @internal The connection middlewares, in the order they run (admission.ts runs a copy). */
  get middlewares(): readonly Middleware<ListenEvents, EmitEvents, ServerSideEvents, SocketData>[] {
    return this.fns;
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
    if (socket) return socket.writeEncoded(packet, flags, ack);
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

  /** @internal A CONNECT to this namespace: admission.ts takes it in, or refuses it. */
  admit(client: Client, auth: Record<string, unknown> | undefined, done: (socket?: Socket) => void): void {
    this.joining++;
    runAdmission(this as Namespace, client, auth, done);
  }

  /**
   * @internal The end of an admission: `socket` is let in (listed in `sockets`); without one (refused, or its
   * connection dropped), a namespace that stays empty is let go (`whenEmpty`).
   */
  settleAdmission(socket?: Socket): void {
    this.joining--;
    if (socket) this.sockets.set(socket.id, socket as Socket<ListenEvents, EmitEvents, ServerSideEvents, SocketData>);
    else this.checkEmpty();
  }

  /** @internal `socket` left the namespace. */
  removeSocket(socket: Socket): void {
    if (this.sockets.delete(socket.id)) this.checkEmpty();
  }

  /**
   * @internal Calls `fn` once, the first time the namespace is left empty: its last socket left, or a CONNECT
   * refused with none in (a dynamic child with `cleanupEmptyChildNamespaces`, see parent-namespace.ts).
   */
  whenEmpty(fn: () => void): void {
    this.onEmpty = fn;
  }

  private checkEmpty(): void {
    const fn = this.onEmpty;
    if (!fn || this.sockets.size || this.joining) return;
    this.onEmpty = undefined;
    fn();
  }
}
