import type { SocketPacket } from '../protocol/socket-packet.js';
import { BackoffTimer } from '../shared/backoff.js';
import { Emitter } from '../shared/emitter.js';
import { openEngine, type Engine, type EngineOwner } from './engine/engine.js';
import { PollingTransport } from './engine/polling-transport.js';
import type { TransportFactory, TransportOptions } from './engine/transport.js';
import { WebSocketTransport } from './engine/websocket-transport.js';
import { encodeSocketPacket } from '../protocol/socket-encoder.js';
import { SocketDecoder } from '../protocol/socket-decoder.js';
import { error, Socket, type SocketOptions } from './socket.js';
import { hasBlob, isBinaryOrBlob, unblob } from './unblob.js';
import { hasBinary } from '../protocol/binary.js';

export interface ManagerOptions extends TransportOptions {
  /** Server path, '/socket.io/' by default. */
  path: string;
  /** Extra query parameters sent with every request. */
  query: Record<string, string> | string;
  /**
   * Transports in the order they are tried until one opens. The default, websocket then polling, falls back to
   * long-polling when no WebSocket opens, and later reconnects start with what worked. `['polling', 'websocket']`
   * opens by long-polling and then upgrades, like socket.io-client's default.
   */
  transports: Array<'websocket' | 'polling' | TransportFactory>;
  /** Upgrade long-polling to WebSocket when the server offers it. */
  upgrade: boolean;
  reconnection: boolean;
  reconnectionAttempts: number;
  reconnectionDelay: number;
  reconnectionDelayMax: number;
  randomizationFactor: number;
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
 * Defaults for every Manager (Socket.IO's). Node's entry (`node.ts`) puts the `ws` package's WebSocket here
 * when the runtime has none.
 */
export const DEFAULTS: ManagerOptions = {
  path: '/socket.io/',
  query: {},
  transports: [WebSocketTransport, PollingTransport],
  upgrade: true,
  reconnection: true,
  reconnectionAttempts: Infinity,
  reconnectionDelay: 1000,
  reconnectionDelayMax: 5000,
  randomizationFactor: 0.5,
  timeout: 20000,
  autoConnect: true,
};

/**
 * Resolves a server URL like socket.io-client does: absent means the page's origin, `/admin` and `//host` are
 * relative to the page, and a bare `host:port` gets the page's scheme.
 */
export const parseUrl = (uri = '/'): URL =>
  new URL(/^(\/|[a-z][\w+.-]*:\/\/)/i.test(uri) ? uri : '//' + uri, globalThis.location?.href);

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
  engine?: Engine;
  /** The sockets by namespace. */
  nsps: Record<string, Socket> = {};
  opts: ManagerOptions & { transports: TransportFactory[] };
  /** @internal ready state */
  s: number = CLOSED;
  /** @internal reconnecting: a retry is scheduled or in progress */
  r?: boolean;
  /** Engine URL with path and query. */
  private u: string;
  /** No reconnect: closed on purpose. */
  private k?: boolean;
  private b: BackoffTimer;
  private d = new SocketDecoder();
  /** Connect timeout. */
  private ct?: ReturnType<typeof setTimeout>;
  /** Tail of the write chain while a packet with Blobs is being read. */
  private w?: Promise<unknown>;

  /** `uri` defaults to the page's origin; only its origin counts (namespaces go to `socket()`). */
  constructor(uri?: string | Partial<ManagerOptions>, opts?: Partial<ManagerOptions>) {
    super();
    if (typeof uri == 'object') (opts = uri), (uri = undefined);
    const o = (this.opts = { ...DEFAULTS, ...opts } as this['opts']);
    o.transports = o.transports.map((t) => (t == 'polling' ? PollingTransport : t == 'websocket' ? WebSocketTransport : t));
    const q = '' + new URLSearchParams(o.query);
    this.u =
      parseUrl(uri).origin.replace(/^ws/, 'http') +
      o.path.replace(/\/?$/, '/') +
      '?EIO=4' +
      (q && '&' + q);
    this.b = new BackoffTimer({ min: o.reconnectionDelay, max: o.reconnectionDelayMax, jitter: o.randomizationFactor });
    if (o.autoConnect) this.open();
  }

  /** The Socket of a namespace on this connection (created on first use). */
  socket(nsp: string, opts?: Partial<SocketOptions>): Socket {
    let s = this.nsps[nsp];
    if (!s) s = this.nsps[nsp] = new Socket(this, nsp, opts);
    else if (this.opts.autoConnect && !s.active) s.connect();
    return s;
  }

  /** Opens the connection unless it is open or opening. */
  open(): this {
    if (this.s) return this;
    this.s = OPENING;
    this.k = false;
    this.engine = openEngine(this.u, this.opts, this);
    const t = this.opts.timeout;
    if (t !== false) this.ct = setTimeout(() => this.onClose('timeout'), t);
    // Namespaces ask now: the engine holds their CONNECTs until its transport can carry them (a WebSocket as
    // soon as it opens, before the Engine.IO handshake arrives; long-polling after it).
    this.each((s) => s.onOpen());
    return this;
  }

  connect(): this {
    return this.open();
  }

  /** Closes the connection for good: no reconnect until `open()`. Sockets still active hear 'forced close'. */
  close(): this {
    this.k = true;
    this.r = false;
    this.b.reset();
    this.c('forced close');
    return this;
  }

  disconnect(): this {
    return this.close();
  }

  /** @internal */
  onOpen(): void {
    clearTimeout(this.ct);
    this.s = OPEN;
    this.d.reset();
    this.emitReserved('open');
    if (this.r) {
      this.r = false;
      this.emitReserved('reconnect', this.b.n);
      this.b.reset();
    }
  }

  /** @internal */
  onMessage(data: string | Uint8Array): void {
    // Binary reaches listeners as an ArrayBuffer, as with socket.io-client in browsers. The transports hand
    // over views of whole, fresh buffers (a WebSocket frame, a decoded base64 record): no copy.
    const p = this.d.add(typeof data == 'string' || data.byteLength != data.buffer.byteLength ? data : (data.buffer as ArrayBuffer));
    if (p instanceof Error) this.c('parse error');
    else if (p) this.nsps[p.nsp]?.onPacket(p);
  }

  /** @internal */
  onPing(): void {
    this.emitReserved('ping');
  }

  /**
   * @internal The engine ended (or the connect timeout fired). A failed open emits 'error' (and sockets not
   * yet connected emit 'connect_error') with an Error whose `code` is 'ERR_CONNECT' and whose message is the
   * reason ('timeout', 'transport error', ...).
   */
  onClose(reason: string): void {
    if (this.s != OPENING) return this.c(reason);
    this.q();
    const err = error(reason, 'ERR_CONNECT');
    this.emitReserved('error', err);
    this.each((s) => s.connected || s.emitReserved('connect_error', err));
    if (this.r) this.emitReserved('reconnect_error', err);
    this.r = false;
    this.x();
  }

  /** @internal Writes one packet; packets holding Blobs are read to bytes first, without reordering. */
  p(packet: SocketPacket): void {
    // One walk looks for binary and Blobs alike; without either the encoder skips its own look.
    const bin = hasBinary(packet.data, isBinaryOrBlob);
    if (this.w || (bin && hasBlob(packet.data))) {
      // A Blob that cannot be read drops its packet (and the rest of that chain), never an unhandled rejection.
      const done = () => this.w == w && (this.w = undefined);
      const w: Promise<unknown> = (this.w = Promise.all([this.w, unblob(packet.data)]).then(([, data]) => {
        done();
        this.e({ ...packet, data }, true);
      }, done));
    } else this.e(packet, bin);
  }

  /** @internal A socket went inactive: close when none is left. */
  z(): void {
    for (const nsp in this.nsps) if (this.nsps[nsp]!.active) return;
    this.close();
  }

  private e(packet: SocketPacket, bin: boolean): void {
    if (this.s) for (const part of encodeSocketPacket(packet, bin)) this.engine!.send(part);
  }

  private each(fn: (s: Socket) => void): void {
    for (const nsp in this.nsps) if (this.nsps[nsp]!.active) fn(this.nsps[nsp]!);
  }

  /** Quietly drops the engine and the connect timer. */
  private q(): void {
    clearTimeout(this.ct);
    this.engine?.close();
    this.engine = undefined;
    this.s = CLOSED;
    this.w = undefined;
  }

  /** Closes an open (or opening) connection and tells everyone why; then maybe reconnects. */
  private c(reason: string): void {
    this.q();
    this.d.reset();
    this.emitReserved('close', reason);
    this.each((s) => s.onClose(reason));
    this.x();
  }

  /** Schedules the next reconnect attempt, or gives up. */
  private x(): void {
    if (this.r || this.k || !this.opts.reconnection) return;
    if (this.b.n >= this.opts.reconnectionAttempts) {
      this.b.reset();
      this.emitReserved('reconnect_failed');
      return;
    }
    this.r = true;
    const b = this.b;
    const n = b.n + 1;
    this.emitReserved('reconnect_scheduled', b.next(() => {
      this.emitReserved('reconnect_attempt', n);
      if (!this.k) this.open();
    }), n);
  }
}
