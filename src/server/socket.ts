import type { IncomingMessage } from 'node:http';
import { isProtocolError } from '../protocol/protocol-error.js';
import { SocketDecoder } from '../protocol/socket-decoder.js';
import { RESERVED_EVENTS, SocketPacketType, type SocketPacket } from '../protocol/socket-packet.js';
import { isRecoverable, type AckRequest, type BroadcastFlags, type EncodedPacket, type PersistedSession, type Room, type SocketDetails } from './adapter/adapter.js';
import type { AdapterHostSocket } from './adapter/adapter-host.js';
import { BroadcastOperator } from './broadcast-operator.js';
import type { Client } from './client.js';
import type { Connection } from './engine/connection.js';
import type { Namespace } from './namespace.js';
import type {
  AllButLast,
  DecorateAcknowledgements,
  DecorateAcknowledgementsWithMultipleResponses as MultipleResponses,
  DefaultEventsMap,
  EventNames,
  EventNamesWithAck,
  EventParams,
  EventsMap,
  FirstNonErrorArg,
  Last,
  ReservedOrUserEventNames,
  ReservedOrUserListener,
} from '../shared/typed-events.js';
import { SockjetError } from '../shared/sockjet-error.js';
import { assertEmittable, type ServerError } from './server-error.js';
import { expectAck, failPendingAcks, type Ack } from './socket-acks.js';
import { encodeError, isEncodeFailure, tryEncode, warnUnheard } from './encode-failure.js';
import { SocketEmitter } from './socket-emitter.js';
import { CatchAllEmitter } from './catch-all-emitter.js';
import { buildHandshake, type Handshake } from './handshake.js';
import { runPacketMiddlewares, toBuffers, type PacketMiddleware } from './packet-middleware.js';
import { RECOVERABLE_REASONS } from './state-recovery.js';
import { describeFailure, socketLog } from './observability/debug-log.js';
import { count } from './observability/engine-stats.js';

/** Why a socket disconnected (Socket.IO's reasons). */
export type DisconnectReason =
  | 'transport error'
  | 'transport close'
  | 'forced close'
  | 'ping timeout'
  | 'parse error'
  | 'server shutting down'
  /** The client left more than `maxWriteBufferSize` bytes unread (sockjet only: Socket.IO buffers without limit). */
  | 'slow consumer'
  | 'forced server close'
  | 'client namespace disconnect'
  | 'server namespace disconnect';

/** The local events of a server socket, beside the client's events. */
export interface SocketReservedEvents {
  disconnect: (reason: DisconnectReason, description?: unknown) => void;
  /** Before the socket leaves its rooms: `socket.rooms` still lists them. */
  disconnecting: (reason: DisconnectReason, description?: unknown) => void;
  /** A packet middleware refused an event (`next(err)`), or data could not be encoded (`ERR_ENCODE`). */
  error: (err: Error) => void;
}

/**
 * The typed listener methods (types only; the emitter implements them): the client's events (`ListenEvents`)
 * and the local ones.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface Socket<ListenEvents extends EventsMap = DefaultEventsMap, EmitEvents extends EventsMap = ListenEvents, ServerSideEvents extends EventsMap = DefaultEventsMap, SocketData = any> {
  on<Ev extends ReservedOrUserEventNames<SocketReservedEvents, ListenEvents>>(
    event: Ev,
    listener: ReservedOrUserListener<SocketReservedEvents, ListenEvents, Ev>,
  ): this;
  once<Ev extends ReservedOrUserEventNames<SocketReservedEvents, ListenEvents>>(
    event: Ev,
    listener: ReservedOrUserListener<SocketReservedEvents, ListenEvents, Ev>,
  ): this;
  off<Ev extends ReservedOrUserEventNames<SocketReservedEvents, ListenEvents>>(
    event?: Ev,
    listener?: ReservedOrUserListener<SocketReservedEvents, ListenEvents, Ev>,
  ): this;
  removeListener<Ev extends ReservedOrUserEventNames<SocketReservedEvents, ListenEvents>>(
    event: Ev,
    listener?: ReservedOrUserListener<SocketReservedEvents, ListenEvents, Ev>,
  ): this;
  listeners<Ev extends ReservedOrUserEventNames<SocketReservedEvents, ListenEvents>>(
    event: Ev,
  ): ReservedOrUserListener<SocketReservedEvents, ListenEvents, Ev>[];
}

const NO_FLAGS: BroadcastFlags = Object.freeze({});
const NO_ROOMS: ReadonlySet<Room> = new Set();
const { EVENT, ACK, DISCONNECT, BINARY_EVENT, BINARY_ACK } = SocketPacketType;

/**
 * One client's connection to one namespace.
 *
 * Typed like Socket.IO's: the events it listens to and emits, the events servers send each other
 * (`serverSideEmit`), and the type of `socket.data`.
 *
 * @example
 *   io.on('connection', (socket) => {
 *     socket.on('hello', (name, ack) => ack(`hi ${name}`));
 *     socket.join('room1');
 *   });
 */
export class Socket<
    ListenEvents extends EventsMap = DefaultEventsMap,
    EmitEvents extends EventsMap = ListenEvents,
    ServerSideEvents extends EventsMap = DefaultEventsMap,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    SocketData = any,
  >
  extends CatchAllEmitter
  implements SocketDetails, AdapterHostSocket
{
  connected = false;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  private _data: any;
  private _acks?: Map<number, Ack>;
  private _fns?: PacketMiddleware[];
  private _hs?: Handshake;
  private readonly _issued = Date.now();
  /** Connection state recovery only: the private session id (never sent to anyone but this client). */
  declare private _pid?: string;
  declare private _recovered?: true;
  /** Set once the socket left its namespace (or was refused): `join` then does nothing, as in Socket.IO. */
  declare private _gone?: true;

  constructor(
    readonly nsp: Namespace<ListenEvents, EmitEvents, ServerSideEvents, SocketData>,
    readonly client: Client,
    private readonly _auth: Record<string, unknown> | undefined,
    readonly id: string,
  ) {
    super();
  }

  /** Free for the application to use; `fetchSockets()` reports it. Created on first use, so idle sockets skip it. */
  get data(): SocketData {
    return (this._data ??= {});
  }

  set data(value: SocketData) {
    this._data = value;
  }

  get conn(): Connection {
    return this.client.conn;
  }

  get request(): IncomingMessage {
    return this.client.conn.request;
  }

  /**
   * The acknowledgements this socket waits for, by packet id (made on first use). The official adapters add the
   * ones of a broadcast with acks here (see adapter/adapter-host.ts); an entry is called with the client's answer.
   */
  get acks(): Map<number, Ack> {
    return (this._acks ??= new Map());
  }

  /**
   * Calls the `onAnyOutgoing` listeners with a packet's data (event name first); the official adapters call it for
   * each socket a broadcast reaches.
   */
  notifyOutgoingListeners(packet: SocketPacket): void {
    const listeners = this._anyOut;
    if (listeners?.length) for (const l of listeners.slice()) l.apply(this, packet.data as [string, ...unknown[]]);
  }

  /** Whether this socket took back a previous session (connection state recovery): same id, rooms and data. */
  get recovered(): boolean {
    return this._recovered === true;
  }

  get disconnected(): boolean {
    return !this.connected;
  }

  /** The rooms this socket is in, its own id included (a copy). */
  get rooms(): Set<Room> {
    return new Set(this.nsp.adapter.socketRooms(this.id));
  }

  get handshake(): Handshake {
    return (this._hs ??= buildHandshake(this.request, this.conn.remoteAddress, this._issued, this._auth ?? {}));
  }

  /** Sends an event; a trailing function is called with the client's answer. Reserved names throw. */
  emit<Ev extends EventNames<EmitEvents>>(event: Ev, ...args: EventParams<EmitEvents, Ev>): boolean;
  emit(event: string, ...args: unknown[]): boolean {
    return this.emitWith(NO_FLAGS, event, args);
  }

  /** Sends an event and resolves with the client's first answer (rejects after `timeout(ms)` if set). */
  emitWithAck<Ev extends EventNamesWithAck<EmitEvents>>(
    event: Ev,
    ...args: AllButLast<EventParams<EmitEvents, Ev>>
  ): Promise<FirstNonErrorArg<Last<EventParams<EmitEvents, Ev>>>>;
  emitWithAck(event: string, ...args: unknown[]): Promise<unknown> {
    return new SocketEmitter(this as Socket, NO_FLAGS).emitWithAck(event, ...args);
  }

  send(...args: unknown[]): this {
    this.emitWith(NO_FLAGS, 'message', args);
    return this;
  }

  write(...args: unknown[]): this {
    return this.send(...args);
  }

  /** Waits `ms` for the ack of the next emit: the callback gets `(err, ...answer)`. */
  timeout(ms: number): SocketEmitter<DecorateAcknowledgements<EmitEvents>, SocketData> {
    return new SocketEmitter(this as Socket, { timeout: ms });
  }

  get volatile(): SocketEmitter<EmitEvents, SocketData> {
    return new SocketEmitter(this as Socket, { volatile: true });
  }

  compress(compress: boolean): SocketEmitter<EmitEvents, SocketData> {
    return new SocketEmitter(this as Socket, { compress });
  }

  get local(): SocketEmitter<EmitEvents, SocketData> {
    return new SocketEmitter(this as Socket, { local: true });
  }

  /** Everyone in the namespace but this socket. */
  get broadcast(): BroadcastOperator<MultipleResponses<EmitEvents>, SocketData> {
    return this.broadcastWith(NO_FLAGS);
  }

  to(room: Room | readonly Room[]): BroadcastOperator<MultipleResponses<EmitEvents>, SocketData> {
    return this.broadcast.to(room);
  }

  in(room: Room | readonly Room[]): BroadcastOperator<MultipleResponses<EmitEvents>, SocketData> {
    return this.broadcast.to(room);
  }

  except(room: Room | readonly Room[]): BroadcastOperator<MultipleResponses<EmitEvents>, SocketData> {
    return this.broadcast.except(room);
  }

  /** Joins a room (or several); does nothing once the socket disconnected. */
  join(rooms: Room | readonly Room[]): Promise<void> | void {
    if (this._gone) return;
    return this.nsp.adapter.addAll(this.id, typeof rooms === 'string' ? [rooms] : rooms);
  }

  leave(room: Room): Promise<void> | void {
    return this.nsp.adapter.del(this.id, room);
  }

  /** Leaves the namespace (`close`: also closes the underlying connection and every namespace on it). */
  disconnect(close = false): this {
    if (!this.connected) return this;
    if (close) {
      this.client.disconnect();
      return this;
    }
    this._packet({ type: DISCONNECT, nsp: this.nsp.name });
    this.handleClose('server namespace disconnect');
    return this;
  }

  /** Adds a middleware for incoming events; `next(err)` drops the event and emits 'error' on the socket. */
  use(fn: PacketMiddleware): this {
    (this._fns ??= []).push(fn);
    return this;
  }

  /** @internal The emit path, with `SocketEmitter`'s flags (none for `emit`). */
  emitWith(flags: BroadcastFlags, event: string, args: unknown[]): boolean {
    assertEmittable(event, RESERVED_EVENTS);
    const packet: SocketPacket = { type: EVENT, nsp: this.nsp.name, data: args };
    const last = args[args.length - 1];
    let ack: Ack | undefined;
    if (typeof last === 'function') {
      args.pop();
      packet.id = this.nsp.nextAckId();
      ack = last as Ack;
    }
    args.unshift(event);
    if (this._anyOut) for (const l of this._anyOut.slice()) l.apply(this, args as [string, ...unknown[]]);
    // With recovery, an event without ack goes through the adapter, which appends its offset and logs it, even
    // while disconnected: a socket that recovers gets it then (as in Socket.IO).
    if (this.nsp.recovery !== undefined && isRecoverable(packet, flags)) {
      try {
        this.nsp.adapter.broadcast(packet, { rooms: new Set([this.id]), except: NO_ROOMS, flags });
      } catch (err) {
        if (!isEncodeFailure(err)) throw err;
        return this._encodeFailed(encodeError(err), undefined, false);
      }
      return true;
    }
    // After a disconnect nothing is written (the connection may still carry other namespaces); a timed ack still times out.
    const encoded = this.connected ? tryEncode(packet) : undefined;
    if (encoded instanceof SockjetError) return this._encodeFailed(encoded, ack, flags.timeout !== undefined);
    if (ack) expectAck(this.acks, packet.id!, ack, flags.timeout, this);
    if (encoded) this.client.write(encoded, flags);
    return true;
  }

  /**
   * Data that cannot be encoded (nested too deep, cyclic, a BigInt) fails its emit instead of throwing into the
   * app (issue 13): emitWithAck rejects, a timed ack gets the error first, otherwise the socket emits 'error'
   * (a process warning when nobody listens). Returns false, the emit's result.
   */
  private _encodeFailed(err: ServerError, ack: Ack | undefined, timed: boolean): false {
    if (ack?.reject) ack.reject(err);
    else if (ack && timed) process.nextTick(() => ack.call(this, err));
    else if (this.hasListeners('error')) this.emitReserved('error', err);
    else warnUnheard(err);
    return false;
  }

  /** @internal `broadcast`, with `SocketEmitter`'s flags (none for `broadcast`). */
  broadcastWith(flags: BroadcastFlags): BroadcastOperator {
    return new BroadcastOperator(this.nsp.adapter, this.nsp.lookupSocket, undefined, new Set([this.id]), flags);
  }

  /** @internal Writes a packet the adapter encoded (a broadcast); with `ack`, waits for this client's answer. */
  writeEncoded(packet: EncodedPacket, flags: BroadcastFlags, ack?: AckRequest): boolean {
    if (!this.connected) return false;
    // A broadcast reaches the socket encoded; `onAnyOutgoing` listeners (rare) get it decoded, as Socket.IO's do.
    if (this._anyOut) this._notifyOutgoing(packet);
    if (!this.client.write(packet, flags)) return false;
    if (ack) expectAck(this.acks, ack.id, ack.fn as Ack, undefined, this);
    return true;
  }

  /**
   * @internal Connection state recovery (admission.ts): the private session id this socket is known by, kept with
   * its rooms and data when it disconnects for a recoverable reason; with `restored`, the session it took back.
   */
  useSession(pid: string, restored?: PersistedSession): void {
    this._pid = pid;
    if (!restored) return;
    this._data = restored.data;
    this._recovered = true;
  }

  /** @internal A packet the client sent to this socket's namespace. */
  handlePacket(packet: SocketPacket): void {
    if (!this.connected) return;
    const t = packet.type;
    if (t === EVENT || t === BINARY_EVENT) this._onevent(packet, t === BINARY_EVENT);
    else if (t === ACK || t === BINARY_ACK) this._onack(packet, t === BINARY_ACK);
    else if (t === DISCONNECT) this.handleClose('client namespace disconnect');
  }

  /** @internal The socket leaves (its connection closed, or a DISCONNECT): every room, the namespace, then 'disconnect'. */
  handleClose(reason: DisconnectReason, description?: unknown): void {
    if (!this.connected) return;
    count(this.client.stats.disconnects, reason);
    if (socketLog.enabled)
      socketLog('socket %s left %s: %s%s', this.id, this.nsp.name, reason, description === undefined ? '' : `, ${describeFailure(description)}`);
    this.emitReserved('disconnecting', reason, description);
    if (this._pid !== undefined && RECOVERABLE_REASONS.has(reason)) void this.nsp.adapter.persistSession(this._session());
    this.leaveAllRooms();
    this.nsp.removeSocket(this);
    this.client.remove(this);
    this.connected = false;
    const acks = this._acks;
    this._acks = undefined;
    if (acks) failPendingAcks(acks);
    this.emitReserved('disconnect', reason, description);
  }

  /** @internal Leaves every room, for good: from now on `join` does nothing (a refused or disconnected socket). */
  leaveAllRooms(): void {
    this._gone = true;
    this.nsp.adapter.delAll(this.id);
  }

  /** Writes a control packet or an ack answer, only while connected to the namespace. */
  private _packet(packet: SocketPacket): void {
    if (!this.connected) return;
    const encoded = tryEncode(packet);
    if (encoded instanceof SockjetError) this._encodeFailed(encoded, undefined, false);
    else this.client.write(encoded, NO_FLAGS);
  }

  /** What the adapter keeps of this socket while it is away. */
  private _session(): PersistedSession {
    return { sid: this.id, pid: this._pid!, rooms: [...(this.nsp.adapter.socketRooms(this.id) ?? [])], data: this._data };
  }

  private _notifyOutgoing(encoded: EncodedPacket): void {
    const decoder = new SocketDecoder();
    let packet: ReturnType<SocketDecoder['add']> = null;
    for (const part of encoded) packet = decoder.add(part);
    if (!packet || isProtocolError(packet) || (packet.type !== EVENT && packet.type !== BINARY_EVENT)) return;
    const args = packet.data as [string, ...unknown[]];
    if (packet.type === BINARY_EVENT) toBuffers(args);
    for (const l of this._anyOut!.slice()) l.apply(this, args);
  }

  private _onevent(packet: SocketPacket, binary: boolean): void {
    const args = packet.data as unknown[];
    if (binary) toBuffers(args);
    if (packet.id !== undefined) args.push(this._ackFor(packet.id));
    if (this._any) for (const l of this._any.slice()) l.apply(this, args as [string, ...unknown[]]);
    if (!this._fns) {
      const event = args.shift() as string;
      this.emitReserved(event, ...args);
      return;
    }
    runPacketMiddlewares(this._fns.slice(), args as [string, ...unknown[]], (err) => {
      if (err) this.emitReserved('error', err);
      else if (this.connected) this.emitReserved(args[0] as string, ...args.slice(1));
    });
  }

  private _onack(packet: SocketPacket, binary: boolean): void {
    const ack = this._acks?.get(packet.id!);
    if (!ack) return;
    this._acks!.delete(packet.id!);
    const args = packet.data as unknown[];
    if (binary) toBuffers(args);
    ack.apply(this, args);
  }

  /** The function handed to a listener for an event that wants an answer; answers at most once. */
  private _ackFor(id: number): (...args: unknown[]) => void {
    let sent = false;
    return (...args: unknown[]) => {
      if (sent) return;
      sent = true;
      this._packet({ type: ACK, nsp: this.nsp.name, id, data: args });
    };
  }
}
