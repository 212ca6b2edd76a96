import type { SocketPacket } from '../protocol/socket-packet.js';
import { BackoffTimer } from '../shared/backoff.js';
import { Emitter } from '../shared/emitter.js';
import { clientError } from './client-error.js';
import { later } from '../shared/later.js';
import { DEFAULTS, type ConnectionOptions } from './defaults.js';
import { engineUrl, openEngine, type Engine, type EngineOwner } from './engine/engine.js';
import { isProtocolError } from '../protocol/protocol-error.js';
import { LeanSocketDecoder } from '../protocol/socket-decoder.js';
import { encodeSocketPacket } from '../protocol/socket-encoder.js';
import { isAttachment } from './bytes.js';
import { Socket, type SocketOptions } from './socket.js';

export interface ManagerOptions extends ConnectionOptions {
  /** Server path, '/socket.io/' by default. */
  path: string;
  /** Extra query parameters sent with every request. */
  query: Record<string, string> | string;
  /** Connect timeout in ms, or false. */
  timeout: number | false;
  autoConnect: boolean;
}

export interface ManagerEvents {
  [event: string]: unknown[];
  open: [];
  close: [reason: string];
  error: [err: Error];
  ping: [];
  /** sockjet's addition: the next attempt is due in `delay` ms (for a countdown). */
  reconnect_scheduled: [delay: number, attempt: number];
  reconnect_attempt: [attempt: number];
  reconnect: [attempt: number];
  reconnect_error: [err: Error];
  reconnect_failed: [];
}

/**
 * Resolves a server URL like socket.io-client does: absent means the page's origin, `/admin` and `//host` are
 * relative to the page, and a bare `host:port` gets the page's scheme. Without a page (Node) they are relative
 * to `http://localhost`.
 */
export const parseUrl = (uri = '/'): URL =>
  new URL(/^(\/|[a-z][\w+.-]*:\/\/)/i.test(uri) ? uri : '//' + uri, globalThis.location?.href ?? 'http://localhost');

// Ready states.
const CLOSED = 0;
const OPENING = 1;
const OPEN = 2;

/**
 * One Engine.IO connection to a server, shared by the Sockets of every namespace on it; reconnects with
 * exponential backoff and jitter.
 * @example
 *   const manager = new Manager('https://example.com', { reconnectionDelayMax: 10000 });
 *   const admin = manager.socket('/admin', { auth: { token } });
 *   manager.on('reconnect', (attempt) => console.log('back after', attempt));
 */
export class Manager extends Emitter<ManagerEvents> implements EngineOwner {
  /**
   * The session (undefined until the first open() and after a close), typed as always there, as
   * socket.io-client types it, so `socket.io.engine.on('upgrade', ...)` compiles as it does there.
   */
  declare engine: Engine;
  /** The sockets by namespace. */
  declare nsps: Record<string, Socket>;
  declare opts: ManagerOptions;
  declare private _readyState: number;
  /** A retry is scheduled or in progress. */
  declare private _reconnecting?: boolean;
  /** Engine URL with path and query. */
  declare private _url: string;
  /** No reconnect: closed on purpose. */
  declare private _closedOnPurpose?: boolean;
  declare private _backoff: BackoffTimer;
  declare private _decoder: LeanSocketDecoder;
  declare private _connectTimer?: ReturnType<typeof setTimeout>;

  /** `uri` defaults to the page's origin; only its origin counts (namespaces go to `socket()`). */
  constructor(uri?: string | Partial<ManagerOptions>, opts?: Partial<ManagerOptions>) {
    super();
    if (typeof uri == 'object') (opts = uri), (uri = undefined);
    const o = (this.opts = { ...DEFAULTS, path: '/socket.io/', timeout: 20000, autoConnect: true, ...opts } as ManagerOptions);
    this._url = engineUrl(parseUrl(uri).origin, o.path, '' + new URLSearchParams(o.query));
    this.nsps = {};
    this._readyState = CLOSED;
    this._backoff = new BackoffTimer(o);
    if (o.autoConnect) this.open();
  }

  /** The Socket of a namespace on this connection (created on first use). */
  socket(nsp: string, opts?: Partial<SocketOptions>): Socket {
    let socket = this.nsps[nsp];
    if (!socket) socket = this.nsps[nsp] = new Socket(this, nsp, opts);
    else if (this.opts.autoConnect && !socket.active) socket.connect();
    return socket;
  }

  /** Opens the connection unless it is open or opening. */
  open(): this {
    if (this._readyState) return this;
    this._readyState = OPENING;
    this._closedOnPurpose = false;
    this._decoder = new LeanSocketDecoder();
    // The timer first: an engine whose every transport throws at once ends inside openEngine, and that failure
    // clears the timer (set after, it would fire later and close a connection that is already gone).
    const timeout = this.opts.timeout;
    if (timeout !== false) this._connectTimer = later(() => this._onClose('timeout'), timeout, this.opts);
    this.engine = openEngine(this._url, this.opts, this);
    // Namespaces ask now: the engine holds their CONNECTs until its transport can carry them (a WebSocket as
    // soon as it opens, before the Engine.IO handshake arrives; long-polling after it).
    this._eachActive((socket) => socket._onOpen());
    return this;
  }

  connect(): this {
    return this.open();
  }

  /** Closes the connection for good: no reconnect until `open()`. Sockets still active hear 'forced close'. */
  close(): this {
    this._closedOnPurpose = true;
    this._reconnecting = false;
    this._backoff.reset();
    this._closed('forced close');
    return this;
  }

  disconnect(): this {
    return this.close();
  }

  /** @internal */
  _onOpen(): void {
    clearTimeout(this._connectTimer);
    this._readyState = OPEN;
    this.emitReserved('open');
    if (this._reconnecting) {
      this._reconnecting = false;
      this.emitReserved('reconnect', this._backoff._attempts);
    }
    this._backoff.settle();
  }

  /** @internal Binary reaches listeners as an ArrayBuffer, as with socket.io-client in browsers. */
  _onMessage(data: string | ArrayBuffer): void {
    const packet = this._decoder.add(data);
    if (isProtocolError(packet)) this._closed('parse error');
    else if (packet) this.nsps[packet.nsp]?._onPacket(packet);
  }

  /** @internal */
  _onPing(): void {
    this.emitReserved('ping');
  }

  /**
   * @internal The engine ended (or the connect timeout fired). A failed open emits 'error' (and sockets not
   * yet connected emit 'connect_error') with an Error whose `code` is 'ERR_CONNECT' and whose message is the
   * reason ('timeout', 'transport error', ...).
   */
  _onClose(reason: string): void {
    if (this._readyState != OPENING) return this._closed(reason);
    this._dropEngine();
    const err = clientError('ERR_CONNECT', reason);
    this.emitReserved('error', err);
    this._eachActive((socket) => socket.connected || socket.emitReserved('connect_error', err));
    if (this._reconnecting) this.emitReserved('reconnect_error', err);
    this._reconnecting = false;
    this._reconnect();
  }

  /** @internal Writes one packet: its text, then its attachments (Blobs too: the engine reads them in turn). */
  _writePacket(packet: SocketPacket): void {
    if (this._readyState) for (const part of encodeSocketPacket(packet, isAttachment)) this.engine!.send(part);
  }

  /**
   * @internal A socket became active (`wasActive`: it already was, e.g. waiting for a reconnect). An opening or
   * open connection takes its CONNECT now (unless it has it already); otherwise open() asks for every active
   * namespace, now or at the pending reconnect.
   */
  _onSocketJoined(socket: Socket, wasActive: boolean): void {
    this._readyState ? wasActive || socket._onOpen() : this._reconnecting || this.open();
  }

  /** @internal A socket went inactive: close when none is left. */
  _onSocketLeft(): void {
    for (const nsp in this.nsps) if (this.nsps[nsp]!.active) return;
    this.close();
  }

  private _eachActive(fn: (socket: Socket) => void): void {
    for (const nsp in this.nsps) if (this.nsps[nsp]!.active) fn(this.nsps[nsp]!);
  }

  /** Quietly drops the engine and the connect timer. */
  private _dropEngine(): void {
    clearTimeout(this._connectTimer);
    this.engine?._drop();
    (this as { engine?: Engine }).engine = undefined;
    this._readyState = CLOSED;
  }

  /** Closes an open (or opening) connection and tells everyone why; then maybe reconnects. */
  private _closed(reason: string): void {
    this._dropEngine();
    this.emitReserved('close', reason);
    this._eachActive((socket) => socket._onClose(reason));
    this._reconnect();
  }

  /** Schedules the next reconnect attempt, or gives up. */
  private _reconnect(): void {
    const { opts, _backoff: backoff } = this;
    if (this._reconnecting) return;
    if (this._closedOnPurpose || !opts.reconnection) return backoff.reset();
    if (backoff._attempts >= opts.reconnectionAttempts) {
      backoff.reset();
      this.emitReserved('reconnect_failed');
      return;
    }
    this._reconnecting = true;
    const attempt = backoff._attempts + 1;
    const delay = backoff.next(() => {
      // reconnection(false) meanwhile cancels this attempt.
      if (!opts.reconnection) return void (this._reconnecting = false);
      this.emitReserved('reconnect_attempt', attempt);
      this.open();
    });
    this.emitReserved('reconnect_scheduled', delay, attempt);
  }
}

/** Socket.IO's getter/setter methods: `manager.reconnectionDelay()` reads, `manager.reconnectionDelay(500)` sets
 * (and returns the Manager); a new value counts from the next attempt on. */
type Tunable<K extends keyof ManagerOptions> = { [P in K]: { (): ManagerOptions[P]; (value: ManagerOptions[P]): Manager } };
export interface Manager
  extends Tunable<'reconnection' | 'reconnectionAttempts' | 'reconnectionDelay' | 'reconnectionDelayMax' | 'randomizationFactor' | 'timeout'> {}
for (const name of ['reconnection', 'reconnectionAttempts', 'reconnectionDelay', 'reconnectionDelayMax', 'randomizationFactor', 'timeout'] as const)
  (Manager.prototype as unknown as Record<string, unknown>)[name] = function (this: Manager, value?: unknown) {
    return value === undefined ? this.opts[name] : (((this.opts[name] as unknown) = value), this);
  };
