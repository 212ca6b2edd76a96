import { BackoffTimer } from '../shared/backoff.js';
import { openEngine, type Engine, type EngineOptions } from './engine/engine.js';
import { PollingTransport } from './engine/polling-transport.js';
import { WebSocketTransport } from './engine/websocket-transport.js';
import {
  byteSize,
  checkClose,
  checkProtocols,
  closeEvent,
  fail,
  installHandlers,
  isDeliberate,
  out,
  parseUrl,
  type Outgoing,
} from './websocket-events.js';
import { DEFAULTS, type WebSocketOptions } from './websocket-options.js';

export type { WebSocketOptions } from './websocket-options.js';

type DomWebSocket = globalThis.WebSocket;
type Handler<E extends Event> = ((this: DomWebSocket, ev: E) => unknown) | null;

// The runtime's own WebSocket, taken before a page can install this class as globalThis.WebSocket: the
// transport must never build one of us. Without one (Node 20) a non-constructor makes the transport fail over
// to long-polling.
const NATIVE = globalThis.WebSocket ?? (0 as never);

const CONNECTING = 0;
const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;

/**
 * A drop-in for the browser's `WebSocket`, carried by an Engine.IO session: each message is one Engine.IO
 * message packet, so the other end is a server `Engine` (`conn.on('message', ...)`, `conn.send(...)`), and the
 * connection falls back to HTTP long-polling where no WebSocket gets through.
 *
 * Beyond the standard:
 * - Reconnection: after an unexpected close (the network dropped, a ping timed out, the server shut down or
 *   closed without a code or with a code outside 1000 and 3000-4999) it fires `close` with readyState already
 *   CONNECTING, retries with backoff (an `error` event per failed attempt), and fires `open` again; `binaryType`
 *   and queued messages carry over. A server that closes with 1000 or 3000-4999 (the codes an application
 *   picks) means it: no reconnect. When the retries run out, or after `close()`, a last `close` leaves
 *   readyState CLOSED. `reconnect()` starts again. (reconnecting-websocket retries after every close but the
 *   client's own; a server's deliberate close is kept final here so that a server can turn a client away.)
 * - Buffering while CONNECTING, up to `maxBufferedMessages`.
 * - `url` may be a function, called before every attempt (e.g. to put a fresh token in the query).
 * - The Engine's path: the `path` option, else the URL's path, else '/engine.io/' (see `WebSocketOptions.path`).
 * - Node 20 has no WebSocket: pass the `ws` package's as the `WebSocket` option, or it connects by long-polling.
 *
 * Messages already handed to a connection that then drops are lost, as with the native WebSocket; only those
 * sent while CONNECTING are queued for the next connection.
 *
 * Close codes: Engine.IO's close packet carries no code, so sockjet's server `conn.close(code, reason)` puts
 * `{"code":...,"reason":...}` in the close packet's payload (other Engine.IO clients ignore it) and also closes
 * an underlying WebSocket with that code. Here that becomes the close event's code, reason and wasClean true;
 * a close packet without them is 1005 (no status), a transport that just went away is 1006. A client
 * `close(code, reason)` ends the session with a close packet and fires `close` with that code and reason and
 * wasClean true, as a native WebSocket does against a server that echoes the close frame; the server sees a
 * plain Engine.IO close. `protocol` and `extensions` are always '' (protocols are checked, not negotiated).
 *
 * @example
 *   import { WebSocket } from 'sockjet/websocket';
 *   const ws = new WebSocket('wss://example.com/', [], { reconnectionDelayMax: 10000 });
 *   ws.onmessage = (e) => console.log(e.data);
 *   ws.onopen = () => ws.send('hello');
 *   // Server: engine.on('connection', (conn) => conn.on('message', (d) => conn.send(d)));
 */
export class WebSocket extends EventTarget {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  declare readonly CONNECTING: 0;
  declare readonly OPEN: 1;
  declare readonly CLOSING: 2;
  declare readonly CLOSED: 3;
  declare onopen: Handler<Event>;
  declare onmessage: Handler<MessageEvent>;
  declare onclose: Handler<CloseEvent>;
  declare onerror: Handler<Event>;
  readonly protocol = '';
  readonly extensions = '';

  private _rs = CONNECTING;
  private _url = '';
  private _origin = '';
  private _bt: BinaryType = typeof Blob != 'undefined' ? 'blob' : 'arraybuffer';
  private _o: WebSocketOptions & EngineOptions;
  private _src: () => string | URL | PromiseLike<string | URL>;
  private _b: BackoffTimer;
  private _e?: Engine;
  /** The attempt: engine callbacks of an older one are ignored. */
  private _a = 0;
  /** Closed by the user: no reconnect until `reconnect()`. */
  private _k = false;
  /** Open, and its close not yet reported. */
  private _up = false;
  /** Messages not yet handed to the engine (while CONNECTING, or behind a Blob being read). */
  private _q: Outgoing[] = [];
  /** A Blob at the head of the queue is being read. */
  private _r = false;
  /** Bytes sent after close, counted as the standard says. */
  private _lost = 0;
  /** The user's close code and reason while CLOSING. */
  private _cc: [number, string] = [1005, ''];
  private _t?: ReturnType<typeof setTimeout>;
  /** The `on*` handlers. */
  private _h: Record<string, Handler<never>> = {};

  /**
   * `url`: `ws(s)://` or `http(s)://` (relative to the page in a browser), or a function returning one (or a
   * promise of one), called before every attempt. `protocols` are checked like the native constructor does.
   */
  constructor(
    url: string | URL | (() => string | URL | PromiseLike<string | URL>),
    protocols?: string | string[],
    options?: Partial<WebSocketOptions>,
  ) {
    super();
    checkProtocols(protocols);
    if (typeof url == 'function') this._src = url;
    else {
      const u = parseUrl(url);
      this._url = u.href;
      this._src = () => u;
    }
    const o = (this._o = { WebSocket: NATIVE, ...DEFAULTS, ...options } as WebSocketOptions & EngineOptions);
    o.transports = o.transports.map((t) => (t == 'polling' ? PollingTransport : t == 'websocket' ? WebSocketTransport : t));
    this._b = new BackoffTimer({ min: o.reconnectionDelay, max: o.reconnectionDelayMax, jitter: o.randomizationFactor });
    this._go();
  }

  get readyState(): number {
    return this._rs;
  }

  /** The URL of the current (or last) attempt, in its `ws(s)://` form; '' until a `url` function has answered. */
  get url(): string {
    return this._url;
  }

  /** 'blob' (where Blob exists) or 'arraybuffer': what binary messages arrive as. Other values are ignored. */
  get binaryType(): BinaryType {
    return this._bt;
  }

  set binaryType(t: BinaryType) {
    if (t == 'blob' || t == 'arraybuffer') this._bt = t;
  }

  /** Bytes queued and not yet handed to the connection, plus those sent after close. */
  get bufferedAmount(): number {
    return this._q.reduce((n, d) => n + byteSize(d), this._lost);
  }

  /**
   * Sends one message (binary is copied now, a Blob is read first; order is kept). While CONNECTING it is
   * queued (see `maxBufferedMessages`); after close it is dropped and counted in `bufferedAmount`.
   */
  send(data: string | ArrayBufferLike | ArrayBufferView | Blob): void {
    const max = this._o.maxBufferedMessages;
    if (this._rs > OPEN) return void (this._lost += byteSize(out(data)));
    if (this._rs == CONNECTING) {
      if (!max) throw fail('InvalidStateError', 'still CONNECTING');
      if (this._q.length >= max) {
        const error = Object.assign(Error(`buffer full (${max}): message dropped`), { code: 'ERR_BUFFER_FULL' });
        return void this.dispatchEvent(Object.assign(new Event('error'), { error, message: error.message }));
      }
    }
    this._q.push(out(data));
    this._pump();
  }

  /**
   * Closes for good (no reconnect until `reconnect()`), after the messages already sent; `close` follows with
   * this code (1005 when none) and reason. While CONNECTING it fails the attempt: `error`, then `close` 1006.
   */
  close(code?: number, reason?: string): void {
    reason = checkClose(code, reason);
    const rs = this._rs;
    if (rs > OPEN) return;
    this._k = true;
    this._b.reset();
    this._rs = CLOSING;
    if (rs == CONNECTING) {
      this._drop();
      this._t = setTimeout(() => this._fail());
    } else {
      this._cc = [code ?? 1005, reason];
      this._pump();
    }
  }

  /**
   * Connects again now, whatever the state: an open connection is closed first (`close` with this code, 1005
   * when none, and readyState CONNECTING); after `close()` it undoes that. Queued messages are kept.
   */
  reconnect(code?: number, reason?: string): void {
    reason = checkClose(code, reason);
    clearTimeout(this._t);
    this._k = false;
    this._b.reset();
    this._drop();
    if (!this._up || this._closed(code ?? 1005, reason, true, true)) this._go();
  }

  /** Starts an attempt: resolves the URL, then opens an engine session. */
  private _go(): void {
    const a = ++this._a;
    const live = () => a == this._a;
    this._rs = CONNECTING;
    this._lost = 0;
    new Promise<string | URL>((r) => r(this._src())).then(parseUrl).then((u) => {
      if (!live()) return;
      this._url = u.href;
      this._origin = u.origin;
      const path = (this._o.path ?? (u.pathname != '/' ? u.pathname : '/engine.io/')).replace(/\/?$/, '/');
      this._e = openEngine(u.origin.replace(/^ws/, 'http') + path + '?EIO=4' + u.search.replace('?', '&'), this._o, {
        onOpen: () => live() && this._open(),
        onMessage: (d) => live() && this._msg(d),
        onPing() {},
        onClose: (_, d) => live() && this._end(d),
      });
    }, () => live() && this._fail());
  }

  /** Quietly lets the current session go (politely: an open one gets its close packet). */
  private _drop(): void {
    this._a++;
    this._e?.close();
    this._e = undefined;
  }

  private _open(): void {
    this._rs = OPEN;
    this._up = true;
    this._b.reset();
    this.dispatchEvent(new Event('open'));
    this._pump();
  }

  private _msg(d: string | Uint8Array = ''): void {
    if (this._rs != OPEN) return;
    // An empty text message decodes to a message packet without data: the default parameter restores ''.
    const data = typeof d == 'string' ? d : this._bt == 'blob' ? new Blob([d as Uint8Array<ArrayBuffer>]) : d.slice().buffer;
    this.dispatchEvent(new MessageEvent('message', { data, origin: this._origin }));
  }

  /** The session ended on its own. `d` is the close packet's payload, undefined when the transport just went away. */
  private _end(d?: string): void {
    this._e = undefined;
    if (this._rs == CONNECTING) return this._fail();
    let code = d == null ? 1006 : 1005;
    let reason = '';
    try {
      const j = JSON.parse(d!) as { code?: unknown; reason?: unknown };
      if (typeof j.code == 'number' && j.code > 999 && j.code < 5000) (code = j.code), (reason = '' + (j.reason ?? ''));
    } catch {
      // No payload, or not ours: the code stays 1005.
    }
    if (this._closed(code, reason, d != null)) this._retry();
  }

  /** An attempt failed before opening (or `close()` cut it short): `error`, then a retry or the final `close`. */
  private _fail(): void {
    if (this._closed(1006, '', false, false, true)) this._retry();
  }

  private _retry(): void {
    this._b.next(() => this._go());
  }

  /**
   * Settles a close: readyState becomes CONNECTING when a reconnect follows (`force`, or the close was
   * unexpected and attempts remain), CLOSED otherwise; `close` fires for an open connection and for the final
   * close; `error` (for a failed attempt) fires before it, with readyState already set, as the standard's
   * "fail the WebSocket connection" does. Returns whether the caller should start the next attempt (no
   * listener took over meanwhile).
   */
  private _closed(code: number, reason: string, wasClean: boolean, force?: boolean, error?: boolean): boolean {
    const a = this._a;
    const o = this._o;
    const again = force || (!this._k && o.reconnection && !isDeliberate(code) && this._b.n < o.reconnectionAttempts);
    this._rs = again ? CONNECTING : CLOSED;
    if (!again) this._q.length = 0;
    if (error) this.dispatchEvent(new Event('error'));
    if (this._up || !again) {
      this._up = false;
      this.dispatchEvent(closeEvent(code, reason, wasClean));
    }
    return again && a == this._a && !this._k;
  }

  /** Hands queued messages to the engine in order, reading Blobs on the way; then finishes a pending close. */
  private _pump(): void {
    const q = this._q;
    while (q.length && this._e && this._rs > CONNECTING) {
      const d = q[0]!;
      if (typeof d != 'string' && !(d instanceof Uint8Array)) {
        if (!this._r) {
          this._r = true;
          const done = (bytes?: ArrayBuffer) => {
            this._r = false;
            if (q[0] != d) return;
            if (bytes) q[0] = new Uint8Array(bytes);
            else q.shift(), this.dispatchEvent(new Event('error'));
            this._pump();
          };
          d.arrayBuffer().then(done, () => done());
        }
        return;
      }
      q.shift();
      this._e.send(d);
    }
    if (this._rs == CLOSING && !q.length && this._e) {
      this._drop();
      this._t = setTimeout(() => this._closed(...this._cc, true));
    }
  }
}

for (const [i, k] of ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'].entries()) Object.defineProperty(WebSocket.prototype, k, { value: i });
installHandlers(WebSocket.prototype, ['open', 'message', 'close', 'error']);

// Typed listener overloads, as the DOM's WebSocket declares them.
export interface WebSocket {
  addEventListener<K extends keyof WebSocketEventMap>(
    type: K,
    listener: (this: DomWebSocket, ev: WebSocketEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof WebSocketEventMap>(
    type: K,
    listener: (this: DomWebSocket, ev: WebSocketEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions): void;
}
