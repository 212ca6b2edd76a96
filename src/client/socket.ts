import { RESERVED_EVENTS, type SocketPacket, type SocketPacketType } from '../protocol/socket-packet.js';
import { Emitter, type DefaultEvents } from '../shared/emitter.js';
import { clientError } from './client-error.js';
import type {
  AllButLast,
  DecorateAcknowledgements,
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
import { later } from '../shared/later.js';
import type { Manager } from './manager.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyFn = (...args: any[]) => void;

export interface SocketOptions {
  /** Sent with every CONNECT; a function is called on every (re)connect and hands the data to its callback. */
  auth: Record<string, unknown> | ((cb: (data: Record<string, unknown>) => void) => void);
  /** Default ack timeout in ms: acks then receive an error first, `(err, ...response)`. */
  ackTimeout: number;
  /** At-least-once: emits are queued, one in flight, each retried up to `retries` times until acknowledged. */
  retries: number;
  /**
   * Cap on packets kept while disconnected (and on the `retries` queue). Default 1000. Past it `emit` refuses the
   * packet without throwing (as socket.io-client's `emit` never throws for it) and says so: its ack, if any, is
   * called with an Error first whose `code` is 'ERR_BUFFER_FULL', and the socket emits the local event
   * 'buffer_full' with that Error and the refused event's arguments. Also the cap on
   * the events a recovering server replays before its CONNECT answer: a longer replay is dropped whole and the
   * socket connects with `recovered` false, the sign that its state must be fetched again.
   */
  maxBufferedPackets: number;
}

/** Flags for the next emit. */
interface Flags {
  _timeout?: number;
  _volatile?: boolean;
  /** The ack wants an error first (emitWithAck). */
  _errorFirst?: boolean;
  /** The emit comes from the retry queue. */
  _queued?: boolean;
}

/**
 * A pending ack: the callback, whether it takes an error first, its timeout, and its packet while that waits in
 * the send buffer (an app that takes it out of `sendBuffer` cancels the ack).
 */
type PendingAck = [callback: AnyFn, errorFirst: unknown, timer?: ReturnType<typeof setTimeout>, buffered?: SocketPacket];

/** A retry queue entry. */
interface Queued {
  /** Event name and arguments. */
  _args: unknown[];
  /** The user's ack. */
  _ack?: AnyFn;
  _flags: Flags;
  _tries: number;
  _inFlight?: boolean;
}

/** The local events of a client socket, beside the server's events. */
export interface SocketReservedEvents {
  connect: () => void;
  /**
   * The server refused the namespace (a middleware's error, with its `data`), or the connection failed. `data` is
   * `any`, as in socket.io-client, so `err.data?.field` compiles as it does there.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  connect_error: (err: Error & { data?: any }) => void;
  disconnect: (reason: string, description?: unknown) => void;
  /** An emit the offline buffer could not keep (see `maxBufferedPackets`): the error, the event and its arguments. */
  buffer_full: (err: Error & { code: string }, event: string, ...args: unknown[]) => void;
}

/**
 * The typed listener methods (types only; the Emitter implements them): the server's events (`ListenEvents`)
 * and the local ones.
 */
export interface Socket<ListenEvents extends EventsMap = DefaultEventsMap, EmitEvents extends EventsMap = ListenEvents> {
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
  listeners<Ev extends ReservedOrUserEventNames<SocketReservedEvents, ListenEvents>>(
    event: Ev,
  ): ReservedOrUserListener<SocketReservedEvents, ListenEvents, Ev>[];
}

// SocketPacketType's values as plain constants, which the minifier inlines (a property read would stay); the
// types tie each to its name there.
type Types = typeof SocketPacketType;
const CONNECT: Types['CONNECT'] = 0;
const DISCONNECT: Types['DISCONNECT'] = 1;
const EVENT: Types['EVENT'] = 2;
const ACK: Types['ACK'] = 3;
const CONNECT_ERROR: Types['CONNECT_ERROR'] = 4;

/** Which catch-all list: listeners of incoming or of outgoing events. */
const INCOMING = 0;
const OUTGOING = 1;
/** What `_any` does with a catch-all listener besides appending it. */
const PREPEND = 1;
const REMOVE = 2;

/**
 * One namespace on a Manager's connection: named events, acknowledgements, buffering while disconnected.
 * Local events: `connect`, `disconnect` (reason), `connect_error` (an Error with `message` and the server's
 * `data`). Packets emitted while disconnected are kept (up to `maxBufferedPackets`) and sent in order on
 * connect; `volatile` ones are dropped instead.
 *
 * Pending acks never outlive the connection: on disconnect, error-first ones (`timeout()`, `emitWithAck`,
 * `ackTimeout`) get an Error with code 'ERR_SOCKET_DISCONNECTED'; plain callbacks (whose first argument is the
 * server's data) are released without a call. Acks of packets still waiting in the buffer stay until sent; a
 * packet the app removes from `sendBuffer` has its ack called with an Error first, code 'ERR_BUFFER_CLEARED'.
 * @example
 *   const socket = io('https://example.com/chat', { auth: { token } });
 *   socket.on('message', (text) => console.log(text));
 *   const reply = await socket.timeout(5000).emitWithAck('join', 'room1');
 */
export class Socket<
  ListenEvents extends EventsMap = DefaultEventsMap,
  EmitEvents extends EventsMap = ListenEvents,
> extends Emitter<DefaultEvents> {
  declare id?: string;
  declare connected: boolean;
  /** Whether the last connect restored the previous session (connection state recovery). */
  declare recovered: boolean;
  /** Subscribed to the Manager: connected, or connecting / waiting to reconnect. */
  declare active: boolean;
  declare auth?: SocketOptions['auth'];
  declare readonly io: Manager;
  declare readonly nsp: string;
  declare private _opts: Partial<SocketOptions>;
  declare private _nextAckId: number;
  declare private _acks: Map<number, PendingAck>;
  /** Packets emitted while disconnected (public as `sendBuffer`). */
  declare private _sendBuffer: SocketPacket[];
  /** Events received before the CONNECT answer; null once more came than it keeps (the replay is lost). */
  declare private _receiveBuffer: unknown[][] | null;
  declare private _retryQueue: Queued[];
  declare private _flags: Flags;
  /** Catch-all listeners: incoming, outgoing. */
  declare private _anyListeners: [AnyFn[], AnyFn[]];
  /** Connection state recovery: the server's session id and the offset of the last event received. */
  declare private _pid?: string;
  declare private _offset?: string;

  constructor(io: Manager, nsp: string, opts?: Partial<SocketOptions>) {
    super();
    this.io = io;
    this.nsp = nsp;
    this.connected = this.recovered = this.active = false;
    this.auth = (this._opts = { maxBufferedPackets: 1000, ...opts }).auth;
    this._nextAckId = 0;
    this._acks = new Map();
    this._sendBuffer = [];
    this._receiveBuffer = [];
    this._retryQueue = [];
    this._flags = {};
    this._anyListeners = [[], []];
    if (io.opts.autoConnect) this.open();
  }

  get disconnected(): boolean {
    return !this.connected;
  }

  /**
   * The packets emitted while disconnected, sent in order on connect (as socket.io-client's). An app may read it
   * or clear it (`socket.sendBuffer = []`, or change the array in place): the acks of the packets it removes are
   * called with an Error first, code 'ERR_BUFFER_CLEARED' (at once on assignment, at the next connect or
   * disconnect for a change in place).
   */
  get sendBuffer(): SocketPacket[] {
    return this._sendBuffer;
  }

  set sendBuffer(packets: SocketPacket[]) {
    this._sendBuffer = packets;
    this._cancelRemoved();
  }

  /** The events (argument lists) received before the CONNECT answer, delivered with it; as socket.io-client's. */
  get receiveBuffer(): unknown[][] {
    return this._receiveBuffer ?? [];
  }

  connect(): this {
    if (!this.connected) {
      const active = this.active;
      this.active = true;
      this.io._onSocketJoined(this, active);
    }
    return this;
  }

  open(): this {
    return this.connect();
  }

  /** Leaves the namespace; the connection closes when no namespace is left. No reconnect. */
  disconnect(): this {
    const connected = this.connected;
    connected && this._sendPacket(DISCONNECT);
    this._leave();
    connected && this._onClose('io client disconnect');
    return this;
  }

  close(): this {
    return this.disconnect();
  }

  /** Sends a 'message' event. */
  send(...args: unknown[]): this {
    return (this as Socket).emit('message', ...args) as this;
  }

  /**
   * Sends an event; a function as the last argument receives the server's acknowledgement. Flags set before it
   * (`timeout`, `volatile`, `compress`) apply to this emit only, whatever happens to it.
   * Throws on a reserved event name only (code 'ERR_RESERVED_EVENT'), as socket.io-client does; a packet the
   * buffer cannot keep is refused without a throw (see `maxBufferedPackets`).
   */
  emit<Ev extends EventNames<EmitEvents>>(event: Ev, ...args: EventParams<EmitEvents, Ev>): this;
  emit(event: string, ...args: unknown[]): this {
    const { _flags: flags, _retryQueue: queue, _sendBuffer: buffer, connected } = this;
    this._flags = {};
    if (RESERVED_EVENTS.has(event)) throw clientError('ERR_RESERVED_EVENT', `"${event}" is a reserved event name`);
    const { retries, ackTimeout, maxBufferedPackets: max } = this._opts;
    const ack = typeof args[args.length - 1] == 'function' ? (args.pop() as AnyFn) : undefined;
    const retry = retries && !flags._queued && !flags._volatile;
    args.unshift(event);
    if (retry ? queue.length >= max! : !connected && !flags._volatile && buffer.length >= max!) {
      const err = clientError('ERR_BUFFER_FULL', 'buffer full');
      ack?.(err);
      this.emitReserved('buffer_full', err, ...args);
    } else if (retry) {
      queue.push({ _args: args, _ack: ack, _flags: { ...flags, _queued: true }, _tries: 0 });
      this._drainQueue();
    } else if (connected || !flags._volatile) {
      const packet: SocketPacket = { type: EVENT, nsp: this.nsp, data: args };
      if (ack) {
        const id = (packet.id = this._nextAckId++);
        const ms = flags._timeout ?? ackTimeout;
        const pending: PendingAck = [ack, flags._errorFirst || flags._queued || ms != null];
        if (ms != null)
          pending[2] = later(
            () => {
              this._acks.delete(id);
              this._sendBuffer = this._sendBuffer.filter((p) => p != packet);
              ack(clientError('ERR_ACK_TIMEOUT', 'operation has timed out'));
            },
            ms,
            this.io.opts,
          );
        this._acks.set(id, pending);
        connected || (pending[3] = packet);
      }
      connected ? this._sendEvent(packet) : buffer.push(packet);
    }
    return this;
  }

  /** Emits and resolves with the acknowledgement, or rejects on timeout, disconnect or a full buffer. */
  emitWithAck<Ev extends EventNamesWithAck<EmitEvents>>(
    event: Ev,
    ...args: AllButLast<EventParams<EmitEvents, Ev>>
  ): Promise<FirstNonErrorArg<Last<EventParams<EmitEvents, Ev>>>>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  emitWithAck(event: string, ...args: unknown[]): Promise<any> {
    return new Promise((resolve, reject) => {
      this._flags._errorFirst = true;
      (this as Socket).emit(event, ...args, (err: unknown, res: unknown) => (err ? reject(err) : resolve(res)));
    });
  }

  /** The next emit's ack gets `(err, ...response)`, err being an 'ERR_ACK_TIMEOUT' Error after `ms`. */
  timeout(ms: number): Socket<ListenEvents, DecorateAcknowledgements<EmitEvents>>;
  timeout(ms: number): this {
    this._flags._timeout = ms;
    return this;
  }

  /** The next emit is dropped rather than buffered while disconnected. */
  get volatile(): this {
    this._flags._volatile = true;
    return this;
  }

  /** Accepted for compatibility; sockjet leaves compression to the transport's defaults. */
  compress(_compress: boolean): this {
    return this;
  }

  /** Listens to every incoming event: `(event, ...args)`. */
  onAny(fn: AnyFn): this {
    return this._any(INCOMING, fn);
  }

  prependAny(fn: AnyFn): this {
    return this._any(INCOMING, fn, PREPEND);
  }

  offAny(fn?: AnyFn): this {
    return this._any(INCOMING, fn, REMOVE);
  }

  listenersAny(): AnyFn[] {
    return this._anyListeners[INCOMING].slice();
  }

  /** Listens to every outgoing event as it is written: `(event, ...args)`. */
  onAnyOutgoing(fn: AnyFn): this {
    return this._any(OUTGOING, fn);
  }

  prependAnyOutgoing(fn: AnyFn): this {
    return this._any(OUTGOING, fn, PREPEND);
  }

  offAnyOutgoing(fn?: AnyFn): this {
    return this._any(OUTGOING, fn, REMOVE);
  }

  listenersAnyOutgoing(): AnyFn[] {
    return this._anyListeners[OUTGOING].slice();
  }

  /** @internal The Manager's connection is open: ask for this namespace. */
  _onOpen(): void {
    const auth = this.auth;
    // A recovering session also sends its pid and the offset of the last event received.
    const connect = (data?: Record<string, unknown>) =>
      this._sendPacket(CONNECT, this._pid ? { pid: this._pid, offset: this._offset, ...data } : data);
    typeof auth == 'function' ? auth(connect) : connect(auth);
  }

  /** @internal */
  _onPacket({ type, data, id }: SocketPacket): void {
    if (!this.active) return;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const d = data as any;
    if (type == CONNECT) return this._onConnect(d);
    if (type == CONNECT_ERROR) {
      this._leave();
      this.emitReserved('connect_error', Object.assign(clientError('ERR_CONNECT_REFUSED', d?.message ?? d), { data: d?.data }));
    } else if (type == DISCONNECT) {
      this._leave();
      this._onClose('io server disconnect');
    } else if (type % 3 == EVENT) {
      // The listener's ack callback, last: it answers once.
      let sent = false;
      id != null && d.push((...res: unknown[]) => sent || ((sent = true), this._sendPacket(ACK, res, id)));
      // A recovering server replays missed events before its CONNECT answer: they wait for it, up to the cap.
      if (this.connected) this._dispatch(d);
      else if (this._receiveBuffer && this._receiveBuffer.push(d) > this._opts.maxBufferedPackets!) this._receiveBuffer = null;
    } else {
      const pending = this._acks.get(id!);
      if (pending) {
        this._acks.delete(id!);
        clearTimeout(pending[2]);
        pending[1] ? pending[0](null, ...d) : pending[0](...d);
      }
    }
  }

  /** @internal The connection is gone (or this namespace was left). Pending acks are settled, never kept. */
  _onClose(reason: string): void {
    const connected = this.connected;
    this.connected = false;
    this.id = undefined;
    this._receiveBuffer = [];
    this._cancelRemoved();
    for (const [id, pending] of this._acks)
      if (!pending[3]) {
        this._acks.delete(id);
        clearTimeout(pending[2]);
        pending[1] && pending[0](clientError('ERR_SOCKET_DISCONNECTED', 'socket has been disconnected'));
      }
    connected && this.emitReserved('disconnect', reason);
  }

  /** Cancels the acks of packets the app took out of the send buffer. */
  private _cancelRemoved(): void {
    for (const [id, pending] of this._acks)
      if (pending[3] && !this._sendBuffer.includes(pending[3])) {
        this._acks.delete(id);
        clearTimeout(pending[2]);
        pending[0](clientError('ERR_BUFFER_CLEARED', 'buffer cleared'));
      }
  }

  /** Appends a catch-all listener, prepends it (PREPEND) or removes it (REMOVE; all of them without `fn`). */
  private _any(list: typeof INCOMING | typeof OUTGOING, fn?: AnyFn, how?: typeof PREPEND | typeof REMOVE): this {
    const listeners = this._anyListeners[list];
    this._anyListeners[list] =
      how == REMOVE ? (fn ? listeners.filter((f) => f != fn) : []) : how ? [fn!, ...listeners] : [...listeners, fn!];
    return this;
  }

  /** Delivers one incoming event (its ack callback, if any, is the last argument). */
  private _dispatch(args: unknown[]): void {
    const last = args[args.length - 1];
    if (this._pid && typeof last == 'string') this._offset = last;
    for (const f of this._anyListeners[INCOMING]) f(...args);
    // The event name is checked by the decoder: a string (or a number) that is not reserved.
    this.emitReserved(...(args as [string]));
  }

  /** The CONNECT answer: this namespace is connected. */
  private _onConnect(data?: { sid?: string; pid?: string }): void {
    const pid = data?.pid;
    const { _receiveBuffer: received, _sendBuffer: buffered } = this;
    this.id = data?.sid;
    this.recovered = !!received && !!pid && pid == this._pid;
    this._pid = pid;
    // A replay too long to keep is not delivered in part: the socket is not recovered, and without an offset
    // the next reconnect asks for a fresh session unless a live event brings one.
    if (!received) this._offset = undefined;
    this._cancelRemoved();
    this.connected = true;
    this._receiveBuffer = [];
    this._sendBuffer = [];
    for (const pending of this._acks.values()) pending[3] = undefined;
    for (const args of received ?? []) this._dispatch(args);
    for (const packet of buffered) this._sendEvent(packet);
    this._drainQueue(true);
    this.emitReserved('connect');
  }

  /** Sends the head of the retry queue, unless it is in flight (`resend`: send it again after a reconnect). */
  private _drainQueue(resend?: boolean): void {
    const head = this._retryQueue[0];
    if (!this.connected || !head || (head._inFlight && !resend)) return;
    head._inFlight = true;
    head._tries++;
    this._flags = head._flags;
    (this as Socket).emit(...(head._args as [string]), (err: unknown, ...res: unknown[]) => {
      if (head != this._retryQueue[0]) return;
      head._inFlight = false;
      if (!err || head._tries > this._opts.retries!) {
        this._retryQueue.shift();
        head._ack && (err ? head._ack(err) : head._ack(null, ...res));
      }
      this._drainQueue();
    });
  }

  /** Sends an event packet now, telling the outgoing listeners. */
  private _sendEvent(packet: SocketPacket): void {
    for (const f of this._anyListeners[OUTGOING]) f(...(packet.data as unknown[]));
    this.io._writePacket(packet);
  }

  private _sendPacket(type: SocketPacket['type'], data?: unknown, id?: number): void {
    this.io._writePacket({ type, nsp: this.nsp, data, id });
  }

  /** Leaves the Manager (no more packets, no reconnect for this socket). */
  private _leave(): void {
    this.active = false;
    this.io._onSocketLeft();
  }
}
