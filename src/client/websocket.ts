import { decodeClosePayload, isApplicationCloseCode } from '../protocol/close-payload.js';
import { BackoffTimer } from '../shared/backoff.js';
import { clientError } from './client-error.js';
import { DEFAULTS } from './defaults.js';
import { engineUrl, openEngine, type Engine } from './engine/engine.js';
import { NOT_ENGINE_IO } from './engine/transport.js';
import { byteSize } from './bytes.js';
import {
  checkClose,
  checkProtocols,
  closeEvent,
  fail,
  installHandlers,
  out,
  parseUrl,
  type Outgoing,
} from './websocket-events.js';
import type { WebSocketOptions } from './websocket-options.js';

export type { WebSocketOptions } from './websocket-options.js';
export { SockjetError } from '../shared/sockjet-error.js';
export type { ClientErrorCode } from './client-error.js';

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
 * - In Node 20, which has no WebSocket, the `sockjet/websocket` entry runs on the `ws` package; without `ws` (or
 *   with a non-constructor as the `WebSocket` option) it connects by long-polling.
 *
 * Messages already handed to a connection that then drops are lost, as with the native WebSocket; only those
 * sent while CONNECTING are queued for the next connection.
 *
 * Close codes: Engine.IO's close packet carries no code, so sockjet's server `conn.close(code, reason)` puts
 * `{"code":...,"reason":...}` in the close packet's payload (other Engine.IO clients ignore it) and also closes
 * an underlying WebSocket with that code. Here that becomes the close event's code, reason and wasClean true;
 * a close packet without them is 1005 (no status), a transport that just went away is 1006. A client
 * `close(code, reason)` ends the session (with the WebSocket's closing handshake, or a close packet over
 * long-polling) and fires `close` with that code and reason and wasClean true, as a native WebSocket does
 * against a server that echoes the close frame; the server sees a plain Engine.IO close. `protocol` and
 * `extensions` are always '' (protocols are checked, not negotiated).
 *
 * @example
 *   import { WebSocket } from 'sockjet/websocket';
 *   const ws = new WebSocket('wss://example.com/', [], { reconnectionDelayMax: 10000 });
 *   ws.onmessage = (e) => console.log(e.data);
 *   ws.onopen = () => ws.send('hello');
 *   // Server: engine.on('connection', (conn) => conn.on('message', (d) => conn.send(d)));
 */
export class WebSocket extends EventTarget {
  declare static readonly CONNECTING: 0;
  declare static readonly OPEN: 1;
  declare static readonly CLOSING: 2;
  declare static readonly CLOSED: 3;
  declare readonly CONNECTING: 0;
  declare readonly OPEN: 1;
  declare readonly CLOSING: 2;
  declare readonly CLOSED: 3;
  declare onopen: Handler<Event>;
  declare onmessage: Handler<MessageEvent>;
  declare onclose: Handler<CloseEvent>;
  declare onerror: Handler<Event>;
  declare readonly protocol: string;
  declare readonly extensions: string;

  declare private _readyState: number;
  declare private _url: string;
  declare private _origin: string;
  declare private _binaryType: BinaryType;
  declare private _options: WebSocketOptions;
  declare private _urlSource: () => string | URL | PromiseLike<string | URL>;
  declare private _backoff: BackoffTimer;
  declare private _engine?: Engine;
  /** The attempt: engine callbacks of an older one are ignored. */
  declare private _attempt: number;
  /** Closed by the user: no reconnect until `reconnect()`. */
  declare private _closedOnPurpose: boolean;
  /** Open, and its close not yet reported. */
  declare private _isOpen: boolean;
  /** Messages not yet handed to the engine (while CONNECTING). */
  declare private _queue: Outgoing[];
  /** Bytes sent after close, counted as the standard says. */
  declare private _lostBytes: number;
  /** The user's close code and reason while CLOSING. */
  declare private _closeArgs: [number, string];
  declare private _closeTimer?: ReturnType<typeof setTimeout>;
  /** The `on*` handlers. */
  declare private _handlers: Record<string, Handler<never>>;

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
    // Plain fields are set here (not by initializers: see Emitter); the rest is set by the first attempt.
    this._url = this._origin = '';
    this._binaryType = typeof Blob != 'undefined' ? 'blob' : 'arraybuffer';
    this._attempt = 0;
    this._closedOnPurpose = this._isOpen = false;
    this._queue = [];
    this._closeArgs = [1005, ''];
    this._handlers = {};
    if (typeof url == 'function') this._urlSource = url;
    else {
      const u = parseUrl(url);
      this._url = u.href;
      this._urlSource = () => u;
    }
    this._options = { WebSocket: NATIVE, maxBufferedMessages: 100, ...DEFAULTS, ...options };
    this._backoff = new BackoffTimer(this._options);
    this._connect();
  }

  get readyState(): number {
    return this._readyState;
  }

  /** The URL of the current (or last) attempt, in its `ws(s)://` form; '' until a `url` function has answered. */
  get url(): string {
    return this._url;
  }

  /** 'blob' (where Blob exists) or 'arraybuffer': what binary messages arrive as. Other values are ignored. */
  get binaryType(): BinaryType {
    return this._binaryType;
  }

  set binaryType(t: BinaryType) {
    if (t == 'blob' || t == 'arraybuffer') this._binaryType = t;
  }

  /** Bytes queued and not yet handed to the connection, plus those sent after close. */
  get bufferedAmount(): number {
    return this._queue.reduce((n, d) => n + byteSize(d), this._lostBytes);
  }

  /**
   * Sends one message (binary is copied now, a Blob goes as it is and is read in its turn). While CONNECTING it is
   * queued (see `maxBufferedMessages`); after close it is dropped and counted in `bufferedAmount`.
   */
  send(data: string | ArrayBufferLike | ArrayBufferView | Blob): void {
    const max = this._options.maxBufferedMessages;
    if (this._readyState > OPEN) return void (this._lostBytes += byteSize(out(data)));
    if (this._readyState == CONNECTING) {
      if (!max) throw fail('InvalidStateError', 'still CONNECTING');
      if (this._queue.length >= max) {
        const err = clientError('ERR_BUFFER_FULL', `buffer full (${max}): message dropped`);
        return void this.dispatchEvent(Object.assign(new Event('error'), { error: err, message: err.message }));
      }
    }
    this._queue.push(out(data));
    this._pump();
  }

  /**
   * Closes for good (no reconnect until `reconnect()`), after the messages already sent; `close` follows with
   * this code (1005 when none) and reason. While CONNECTING it fails the attempt: `error`, then `close` 1006.
   */
  close(code?: number, reason?: string): void {
    reason = checkClose(code, reason);
    const rs = this._readyState;
    if (rs > OPEN) return;
    this._closedOnPurpose = true;
    this._backoff.reset();
    this._readyState = CLOSING;
    if (rs == CONNECTING) {
      this._dropSession();
      this._closeTimer = setTimeout(() => this._failAttempt());
    } else {
      this._closeArgs = [code ?? 1005, reason];
      this._pump();
    }
  }

  /**
   * Connects again now, whatever the state: an open connection is closed first (`close` with this code, 1005
   * when none, and readyState CONNECTING); after `close()` it undoes that. Queued messages are kept.
   */
  reconnect(code?: number, reason?: string): void {
    reason = checkClose(code, reason);
    clearTimeout(this._closeTimer);
    this._closedOnPurpose = false;
    this._backoff.reset();
    this._dropSession();
    if (!this._isOpen || this._settleClose(code ?? 1005, reason, true, true)) this._connect();
  }

  /** Starts an attempt: resolves the URL, then opens an engine session. */
  private _connect(): void {
    const a = ++this._attempt;
    const live = () => a == this._attempt;
    this._readyState = CONNECTING;
    this._lostBytes = 0;
    new Promise<string | URL>((r) => r(this._urlSource())).then(parseUrl).then((u) => {
      if (!live()) return;
      this._url = u.href;
      this._origin = u.origin;
      const path = this._options.path ?? (u.pathname != '/' ? u.pathname : '/engine.io/');
      this._engine = openEngine(engineUrl(u.origin, path, u.search.slice(1)), this._options, {
        _onOpen: () => live() && this._onOpen(),
        _onMessage: (d) => live() && this._onMessage(d),
        _onPing() {},
        _onClose: (r, d) => live() && this._onEnd(r, d),
      });
    }, () => live() && this._failAttempt());
  }

  /** Quietly lets the current session go (politely: an open one gets a closing handshake or a close packet). */
  private _dropSession(): void {
    this._attempt++;
    this._engine?._drop();
    this._engine = undefined;
  }

  private _onOpen(): void {
    this._readyState = OPEN;
    this._isOpen = true;
    this._backoff.settle();
    this.dispatchEvent(new Event('open'));
    this._pump();
  }

  /** Binary comes from the engine as a fresh ArrayBuffer, the user's to keep. */
  private _onMessage(d: string | ArrayBuffer): void {
    if (this._readyState != OPEN) return;
    const data = typeof d == 'string' || this._binaryType != 'blob' ? d : new Blob([d]);
    this.dispatchEvent(new MessageEvent('message', { data, origin: this._origin }));
  }

  /** The session ended on its own. `d` is the close packet's payload, undefined when the transport just went away. */
  private _onEnd(why: string, d?: string): void {
    this._engine = undefined;
    // A server that is not an Engine.IO one will not become one: no retry, and the close says why.
    if (this._readyState == CONNECTING) return this._failAttempt(why == NOT_ENGINE_IO ? why : '');
    // A close packet without sockjet's payload is 1005 (no status); a transport that went away, 1006.
    const { code, reason } = (d != null && decodeClosePayload(d)) || { code: d == null ? 1006 : 1005, reason: '' };
    if (this._settleClose(code, reason, d != null)) this._retry();
  }

  /**
   * An attempt failed before opening (or `close()` cut it short): `error`, then `close` (1006) as the native
   * WebSocket fires them, and a retry unless `giveUp` (the reason of the final close).
   */
  private _failAttempt(giveUp = ''): void {
    if (this._settleClose(1006, giveUp, false, false, true, !!giveUp)) this._retry();
  }

  private _retry(): void {
    this._backoff.next(() => this._connect());
  }

  /**
   * Settles a close: readyState becomes CONNECTING when a reconnect follows (`force`, or the close was
   * unexpected, not `final`, and attempts remain), CLOSED otherwise; `close` fires for an open connection, for
   * a failed attempt and for the final close; `error` (for a failed attempt) fires before it, with readyState
   * already set, as the standard's "fail the WebSocket connection" does (so a listener sees CONNECTING when a
   * retry follows). Returns whether the caller should start the next attempt (no listener took over meanwhile).
   */
  private _settleClose(code: number, reason: string, wasClean: boolean, force?: boolean, failed?: boolean, final?: boolean): boolean {
    const a = this._attempt;
    const o = this._options;
    const again =
      force ||
      (!final && !this._closedOnPurpose && o.reconnection && !isApplicationCloseCode(code) && this._backoff._attempts < o.reconnectionAttempts);
    this._readyState = again ? CONNECTING : CLOSED;
    if (!again) (this._queue.length = 0), this._backoff.reset();
    if (failed) this.dispatchEvent(new Event('error'));
    if (this._isOpen || !again || failed) {
      this._isOpen = false;
      this.dispatchEvent(closeEvent(code, reason, wasClean));
    }
    return again && a == this._attempt && !this._closedOnPurpose;
  }

  /** Hands queued messages to the engine in order (it reads Blobs in turn); then finishes a pending close. */
  private _pump(): void {
    const q = this._queue;
    while (q.length && this._engine && this._readyState > CONNECTING) this._engine.send(q.shift()!);
    if (this._readyState == CLOSING && !q.length && this._engine) {
      this._dropSession();
      this._closeTimer = setTimeout(() => this._settleClose(...this._closeArgs, true));
    }
  }
}

// The standard's constants on the class and its instances (not static fields, which a bundler targeting ES2020
// turns into helper calls), and `protocol` / `extensions`, which are always ''.
const define = (target: object, values: object) => {
  for (const [key, value] of Object.entries(values)) Object.defineProperty(target, key, { value });
};
const READY_STATES = { CONNECTING, OPEN, CLOSING, CLOSED };
define(WebSocket, READY_STATES);
define(WebSocket.prototype, { ...READY_STATES, protocol: '', extensions: '' });
installHandlers(WebSocket.prototype, ['open', 'message', 'close', 'error']);

// Typed listener overloads, as the DOM's WebSocket declares them; add and remove differ only in their options.
type ListenerOverloads<Options> = {
  <K extends keyof WebSocketEventMap>(
    type: K,
    listener: (this: DomWebSocket, ev: WebSocketEventMap[K]) => unknown,
    options?: boolean | Options,
  ): void;
  (type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | Options): void;
};
export interface WebSocket {
  addEventListener: ListenerOverloads<AddEventListenerOptions>;
  removeEventListener: ListenerOverloads<EventListenerOptions>;
}
