import { RESERVED_EVENTS, type SocketPacket } from '../protocol/socket-packet.js';
import { Emitter, type DefaultEvents } from '../shared/emitter.js';
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
   * Cap on packets kept while disconnected (and on the `retries` queue, and on events received before the
   * CONNECT answer). Default 1000. Past it `emit` throws an Error with `code` 'ERR_BUFFER_FULL' and the packet
   * is dropped, so the loss is never silent.
   */
  maxBufferedPackets: number;
}

/** Flags for the next emit. */
interface Flags {
  /** ack timeout */
  t?: number;
  /** volatile */
  v?: boolean;
  /** the ack wants an error first (emitWithAck) */
  e?: boolean;
  /** from the retry queue */
  q?: boolean;
}

/** A pending ack: callback, error-first, timer. */
type PendingAck = [f: AnyFn, e: unknown, t?: ReturnType<typeof setTimeout>];

/** A retry queue entry. */
interface Queued {
  /** event and arguments */
  a: unknown[];
  /** the user's ack */
  k?: AnyFn;
  f: Flags;
  /** tries so far */
  n: number;
  /** in flight */
  p?: boolean;
}

// Socket.IO packet types (SocketPacketType), as plain numbers.
const CONNECT = 0;
const DISCONNECT = 1;
const EVENT = 2;
const ACK = 3;
const CONNECT_ERROR = 4;

/** An Error with a stable `code`. */
export const error = (message: string, code: string): Error & { code: string } =>
  Object.assign(new Error(message), { code });

/**
 * One namespace on a Manager's connection: named events, acknowledgements, buffering while disconnected.
 * Local events: `connect`, `disconnect` (reason), `connect_error` (an Error with `message` and the server's
 * `data`). Packets emitted while disconnected are kept (up to `maxBufferedPackets`) and sent in order on
 * connect; `volatile` ones are dropped instead.
 *
 * Pending acks never outlive the connection: on disconnect, error-first ones (`timeout()`, `emitWithAck`,
 * `ackTimeout`) get an Error with code 'ERR_DISCONNECTED'; plain callbacks (whose first argument is the
 * server's data) are released without a call. Acks of packets still waiting in the buffer stay until sent.
 * @example
 *   const socket = io('https://example.com/chat', { auth: { token } });
 *   socket.on('message', (text) => console.log(text));
 *   const reply = await socket.timeout(5000).emitWithAck('join', 'room1');
 */
export class Socket extends Emitter<DefaultEvents> {
  declare id?: string;
  connected = false;
  /** Whether the last connect restored the previous session (connection state recovery). */
  recovered = false;
  /** Subscribed to the Manager: connected, or connecting / waiting to reconnect. */
  active = false;
  auth?: SocketOptions['auth'];
  private o: Partial<SocketOptions>;
  private ids = 0;
  private acks = new Map<number, PendingAck>();
  /** Send buffer while disconnected. */
  private sb: SocketPacket[] = [];
  /** Events received before the CONNECT answer. */
  private rb: unknown[][] = [];
  /** Retry queue. */
  private rq: Queued[] = [];
  private fl: Flags = {};
  /** Catch-all listeners: incoming, outgoing. */
  private L: [AnyFn[], AnyFn[]] = [[], []];
  /** Connection state recovery: the server's session id and the offset of the last event received. */
  declare private pid?: string;
  declare private of?: string;

  constructor(
    readonly io: Manager,
    readonly nsp: string,
    opts?: Partial<SocketOptions>,
  ) {
    super();
    this.auth = (this.o = { maxBufferedPackets: 1000, ...opts }).auth;
    if (io.opts.autoConnect) this.open();
  }

  get disconnected(): boolean {
    return !this.connected;
  }

  connect(): this {
    if (!this.connected) {
      const { io, active } = this;
      this.active = true;
      // An opening or open connection takes this CONNECT now (unless it has it already); otherwise open() asks
      // for every active namespace, now or at the pending reconnect.
      io.s ? active || this.onOpen() : io.r || io.open();
    }
    return this;
  }

  open(): this {
    return this.connect();
  }

  /** Leaves the namespace; the connection closes when no namespace is left. No reconnect. */
  disconnect(): this {
    const c = this.connected;
    c && this.pk(DISCONNECT);
    this.z();
    c && this.onClose('io client disconnect');
    return this;
  }

  close(): this {
    return this.disconnect();
  }

  /** Sends a 'message' event. */
  send(...args: unknown[]): this {
    return this.emit('message', ...args);
  }

  /**
   * Sends an event; a function as the last argument receives the server's acknowledgement.
   * Throws on a reserved event name (code 'ERR_RESERVED_EVENT'), and with code 'ERR_BUFFER_FULL' when the
   * packet cannot be kept.
   */
  emit(ev: string, ...args: unknown[]): this {
    if (RESERVED_EVENTS.has(ev)) throw error(`"${ev}" is reserved`, 'ERR_RESERVED_EVENT');
    const { fl, rq, sb, connected } = this;
    const { retries, ackTimeout, maxBufferedPackets: max } = this.o;
    const last = args[args.length - 1];
    const ack = typeof last == 'function' ? (args.pop() as AnyFn) : undefined;
    const retry = retries && !fl.q && !fl.v;
    this.fl = {};
    args.unshift(ev);
    if (retry ? rq.length >= max! : !connected && !fl.v && sb.length >= max!) throw error('buffer full', 'ERR_BUFFER_FULL');
    if (retry) {
      rq.push({ a: args, k: ack, f: { ...fl, q: true }, n: 0 });
      this.dq();
    } else if (connected || !fl.v) {
      const packet: SocketPacket = { type: EVENT, nsp: this.nsp, data: args };
      if (ack) {
        const id = (packet.id = this.ids++);
        const ms = fl.t ?? ackTimeout;
        const entry: PendingAck = [ack, fl.e || fl.q || ms != null];
        if (ms != null)
          entry[2] = setTimeout(() => {
            this.acks.delete(id);
            this.sb = this.sb.filter((p) => p != packet);
            ack(error('operation has timed out', 'ERR_ACK_TIMEOUT'));
          }, ms);
        this.acks.set(id, entry);
      }
      connected ? this.ps(packet) : sb.push(packet);
    }
    return this;
  }

  /** Emits and resolves with the acknowledgement, or rejects on timeout, disconnect or a full buffer. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  emitWithAck(ev: string, ...args: unknown[]): Promise<any> {
    return new Promise((resolve, reject) => {
      this.fl.e = true;
      this.emit(ev, ...args, (err: unknown, res: unknown) => (err ? reject(err) : resolve(res)));
    });
  }

  /** The next emit's ack gets `(err, ...response)`, err being an 'ERR_ACK_TIMEOUT' Error after `ms`. */
  timeout(ms: number): this {
    this.fl.t = ms;
    return this;
  }

  /** The next emit is dropped rather than buffered while disconnected. */
  get volatile(): this {
    this.fl.v = true;
    return this;
  }

  /** Accepted for compatibility; sockjet leaves compression to the transport's defaults. */
  compress(_compress: boolean): this {
    return this;
  }

  /** Listens to every incoming event: `(event, ...args)`. */
  onAny(fn: AnyFn): this {
    return this.l(0, fn);
  }

  prependAny(fn: AnyFn): this {
    return this.l(0, fn, 1);
  }

  offAny(fn?: AnyFn): this {
    return this.l(0, fn, 2);
  }

  listenersAny(): AnyFn[] {
    return this.L[0].slice();
  }

  /** Listens to every outgoing event as it is written: `(event, ...args)`. */
  onAnyOutgoing(fn: AnyFn): this {
    return this.l(1, fn);
  }

  prependAnyOutgoing(fn: AnyFn): this {
    return this.l(1, fn, 1);
  }

  offAnyOutgoing(fn?: AnyFn): this {
    return this.l(1, fn, 2);
  }

  listenersAnyOutgoing(): AnyFn[] {
    return this.L[1].slice();
  }

  /** @internal The Manager's connection is open: ask for this namespace. */
  onOpen(): void {
    const a = this.auth;
    typeof a == 'function' ? a((d) => this.cp(d)) : this.cp(a);
  }

  /** @internal */
  onPacket({ type, data, id }: SocketPacket): void {
    if (!this.active) return;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const d = data as any;
    if (type == CONNECT) return this.oc(d);
    if (type == CONNECT_ERROR) {
      this.z();
      this.emitReserved('connect_error', Object.assign(new Error(d.message ?? d), { data: d.data }));
    } else if (type == DISCONNECT) {
      this.z();
      this.onClose('io server disconnect');
    } else if (type % 3 == EVENT) {
      id != null && d.push(this.ack(id));
      // A recovering server replays missed events before its CONNECT answer: keep them (bounded) until then.
      this.connected ? this.ev(d) : this.rb.length < this.o.maxBufferedPackets! && this.rb.push(d);
    } else {
      const a = this.acks.get(id!);
      if (a) {
        this.acks.delete(id!);
        clearTimeout(a[2]);
        a[1] ? a[0](null, ...d) : a[0](...d);
      }
    }
  }

  /** @internal The connection is gone (or this namespace was left). Pending acks are settled, never kept. */
  onClose(reason: string): void {
    const c = this.connected;
    this.connected = false;
    this.id = undefined;
    this.rb = [];
    for (const [id, a] of this.acks)
      if (!this.sb.some((p) => p.id == id)) {
        this.acks.delete(id);
        clearTimeout(a[2]);
        a[1] && a[0](error('socket has been disconnected', 'ERR_DISCONNECTED'));
      }
    c && this.emitReserved('disconnect', reason);
  }

  /** Adds (`how` 0: append, 1: prepend) or removes (2; all without `fn`) a catch-all listener. */
  private l(i: 0 | 1, fn?: AnyFn, how?: 1 | 2): this {
    const list = this.L[i];
    this.L[i] = how == 2 ? (fn ? list.filter((f) => f != fn) : []) : how ? [fn!, ...list] : [...list, fn!];
    return this;
  }

  /** Delivers one incoming event (its ack callback, if any, is the last argument). */
  private ev(args: unknown[]): void {
    const last = args[args.length - 1];
    if (this.pid && typeof last == 'string') this.of = last;
    for (const f of this.L[0]) f(...args);
    // The event name is checked by the decoder: a string (or a number) that is not reserved.
    this.emitReserved(...(args as [string]));
  }

  /** The CONNECT answer: this namespace is connected. */
  private oc(d?: { sid?: string; pid?: string }): void {
    const pid = d?.pid;
    const { rb, sb } = this;
    this.id = d?.sid;
    this.recovered = !!pid && pid == this.pid;
    this.pid = pid;
    this.connected = true;
    this.rb = [];
    this.sb = [];
    rb.forEach((a) => this.ev(a));
    sb.forEach((p) => this.ps(p));
    this.dq(true);
    this.emitReserved('connect');
  }

  /** Sends the head of the retry queue, unless it is in flight (`force`: resend it after a reconnect). */
  private dq(force?: boolean): void {
    const q = this.rq[0];
    if (!this.connected || !q || (q.p && !force)) return;
    q.p = true;
    q.n++;
    this.fl = q.f;
    this.emit(...(q.a as [string]), (err: unknown, ...res: unknown[]) => {
      if (q != this.rq[0]) return;
      q.p = false;
      if (!err || q.n > this.o.retries!) {
        this.rq.shift();
        q.k && (err ? q.k(err) : q.k(null, ...res));
      }
      this.dq();
    });
  }

  private cp(d: Record<string, unknown> | undefined): void {
    this.pk(CONNECT, this.pid ? { pid: this.pid, offset: this.of, ...d } : d);
  }

  /** Sends an event packet now, telling the outgoing listeners. */
  private ps(p: SocketPacket): void {
    for (const f of this.L[1]) f(...(p.data as unknown[]));
    this.io.p(p);
  }

  private pk(type: SocketPacket['type'], data?: unknown, id?: number): void {
    this.io.p({ type, nsp: this.nsp, data, id });
  }

  /** The callback handed to a listener whose event wants an ack; answers once. */
  private ack(id: number): AnyFn {
    let sent = false;
    return (...data) => sent || ((sent = true), this.pk(ACK, data, id));
  }

  /** Leaves the Manager (no more packets, no reconnect for this socket). */
  private z(): void {
    this.active = false;
    this.io.z();
  }
}
