import { createServer } from 'node:http';
import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import { Emitter } from '../../shared/emitter.js';
import { SockjetError } from '../../shared/sockjet-error.js';
import { Connection, onPingDue, onPingTimeout } from './connection.js';
import type { ConnectionHost } from './connection.js';
import { applyCors, checkOrigin } from './cors.js';
import { DeadlineQueue } from './deadline-queue.js';
import { abortRequest, abortUpgrade, ENGINE_ERROR_MESSAGES, EngineErrorCode } from './engine-error.js';
import { resolveEngineOptions } from './engine-options.js';
import type { EngineOptions, TransportName } from './engine-options.js';
import { PollingTransport } from './polling-transport.js';
import { retainRequest } from './retained-request.js';
import type { PollingLimits } from './polling-transport.js';
import { sessionCookie } from './session-cookie.js';
import { batchUntilTickEnd } from './tick-batch.js';
import { WebSocketTransport } from './websocket-transport.js';
import { PollingTransportV3, WebSocketTransportV3 } from './transports-v3.js';
import { randomId } from './random-id.js';
import { runEngineMiddlewares, setQuery, WebSocketResponse, type EngineMiddleware } from './engine-middleware.js';
import { engineLog } from '../observability/debug-log.js';
import { EngineStats, REQUEST_REFUSALS, count } from '../observability/engine-stats.js';

export interface EngineConnectionError {
  req: IncomingMessage;
  code: number;
  message: string;
  context?: unknown;
}

/** Response headers a `headers` or `initial_headers` listener may add to or change. */
export type EngineHeaders = Record<string, string | number | readonly string[]>;

export type EngineEvents = {
  connection: [conn: Connection];
  connection_error: [err: EngineConnectionError];
  /** The handshake's response is about to be written (polling or 101): set headers on `headers`. */
  initial_headers: [headers: EngineHeaders, req: IncomingMessage];
  /** Any response of the engine is about to be written, the handshake's included. */
  headers: [headers: EngineHeaders, req: IncomingMessage];
};

/** The request of a handshake carries its session id from the check to the session (see `_newId`). */
type HandshakeRequest = IncomingMessage & { _sid?: string; _wsRes?: WebSocketResponse };

export interface AttachOptions {
  /** Sees requests under the path first; returning true means it answered the request. */
  intercept?: (req: IncomingMessage, res: ServerResponse) => boolean;
}

interface EngineQuery {
  eio: string | null;
  transport: string | null;
  sid: string | null;
}

function parseQuery(url: string | undefined): EngineQuery {
  const i = url ? url.indexOf('?') : -1;
  const q = new URLSearchParams(i >= 0 ? url!.slice(i + 1) : '');
  return { eio: q.get('EIO'), transport: q.get('transport'), sid: q.get('sid') };
}


/**
 * The Engine.IO v4 server: handshakes, long-polling and WebSocket transports, heartbeat and upgrade.
 *
 * @example
 *   const engine = new Engine();
 *   engine.attach(httpServer);
 *   engine.on('connection', (conn) => conn.on('message', (data) => conn.send(data)));
 */
export class Engine extends Emitter<EngineEvents> implements ConnectionHost {
  options!: Readonly<EngineOptions>;
  readonly clients = new Map<string, Connection>();
  private _wss!: WebSocketServer | null;
  private _polling!: PollingLimits;
  /** @internal The heartbeat of every connection: two timers in all, whatever the number of connections. */
  _pings!: DeadlineQueue<Connection>;
  /** @internal */
  _pongs!: DeadlineQueue<Connection>;
  /** @internal */
  _idle!: DeadlineQueue<Connection>;
  private readonly _middlewares: EngineMiddleware[] = [];
  /**
   * @internal A check the Socket.IO server puts before `allowRequest` on every handshake (its per-address cap on
   * pending connections): a string refuses the handshake with 403 and that message.
   */
  _gate: ((req: IncomingMessage) => string | undefined) | undefined = undefined;
  /** @internal Running totals for `io.metrics()` (see EngineStats). */
  readonly _stats = new EngineStats();
  private _httpServer: HttpServer | null = null;
  private _ownsServer = false;
  private _detach: (() => void) | null = null;
  private _closing: Promise<void> | null = null;

  constructor(options?: Partial<EngineOptions>) {
    super();
    this._configure(options);
  }

  /**
   * @internal Takes new options before the engine is attached and has any connection (`io.path(v)`,
   * `io.attach(srv, opts)`); false when it is too late.
   */
  _reconfigure(options: Partial<EngineOptions>): boolean {
    if (this._httpServer || this.clients.size || this._closing) return false;
    this._wss?.off('headers', this._onWsHeaders);
    this._configure(options);
    return true;
  }

  private _configure(options: Partial<EngineOptions> | undefined): void {
    this.options = resolveEngineOptions(options);
    const { maxHttpBufferSize, httpCompression, perMessageDeflate, transports } = this.options;
    const threshold = httpCompression === false ? Infinity : httpCompression === true ? 1024 : (httpCompression.threshold ?? 1024);
    this._polling = { maxHttpBufferSize, compressionThreshold: threshold };
    this._pings = new DeadlineQueue(this.options.pingInterval, onPingDue);
    this._pongs = new DeadlineQueue(this.options.pingTimeout, onPingTimeout);
    this._idle = new DeadlineQueue(Math.min(this.options.pingInterval + this.options.pingTimeout, 0x7fffffff), onPingTimeout);
    this._wss = transports.includes('websocket')
      ? new WebSocketServer({ noServer: true, clientTracking: false, maxPayload: maxHttpBufferSize, perMessageDeflate })
      : null;
    this._wss?.on('headers', this._onWsHeaders);
  }

  /**
   * Adds an Express-style middleware run on every engine request (see `EngineMiddleware`).
   * @example io.engine.use(helmet());
   */
  use(fn: EngineMiddleware): this {
    this._middlewares.push(fn);
    return this;
  }

  /**
   * The id of a new session: 120 random bits from the OS's CSPRNG, 20 URL-safe characters. Replace it to choose
   * ids yourself (it may return a promise); they must be unique and unguessable.
   * @example io.engine.generateId = (req) => crypto.randomUUID();
   */
  generateId(_req: IncomingMessage): string | PromiseLike<string> {
    return randomId();
  }

  get clientsCount(): number {
    return this.clients.size;
  }

  /** The http.Server this engine is attached to, if any. */
  get httpServer(): HttpServer | null {
    return this._httpServer;
  }

  /** Starts an http.Server of its own on `port` that answers 501 outside the engine's path. */
  static listen(port: number, options?: Partial<EngineOptions>, callback?: () => void): Engine {
    const server = createServer((_req, res) => {
      res.writeHead(501);
      res.end('Not Implemented');
    });
    const engine = new Engine(options).attach(server);
    engine._ownsServer = true;
    server.listen(port, callback);
    return engine;
  }

  /**
   * Handles requests and upgrades under `options.path`, leaving every other request and upgrade to the
   * server's other listeners (request listeners added before attach are called for the other paths).
   */
  attach(server: HttpServer, opts: AttachOptions = {}): this {
    if (this._httpServer) throw new SockjetError('ERR_ALREADY_ATTACHED', 'Engine is already attached');
    if (this._closing) throw new SockjetError('ERR_ENGINE_CLOSED', 'Engine is closed');
    const { intercept } = opts;
    const prior = server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
    server.removeAllListeners('request');
    const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
      if (this._owns(req.url)) {
        if (!intercept?.(req, res)) this.handleRequest(req, res);
      } else {
        for (const listener of prior) listener.call(server, req, res);
      }
    };
    const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
      if (this._owns(req.url)) this.handleUpgrade(req, socket, head);
      // Node destroys an upgrade nobody listens to; keep that default when we were the only listener.
      else if (server.listenerCount('upgrade') === 1) socket.destroy();
    };
    const onClose = (): void => void this.close();
    server.on('request', onRequest);
    server.on('upgrade', onUpgrade);
    server.once('close', onClose);
    this._httpServer = server;
    this._detach = () => {
      server.off('request', onRequest).off('upgrade', onUpgrade).off('close', onClose);
      for (const listener of prior) server.on('request', listener);
    };
    return this;
  }

  private _owns(url: string | undefined): boolean {
    if (!url) return false;
    const { path } = this.options;
    if (url.startsWith(path)) return true;
    // Also the path without its trailing slash: `/engine.io?EIO=4...`.
    const bare = path.length - 1;
    return url.length >= bare && url.startsWith(path.slice(0, bare)) && (url.length === bare || url[bare] === '?');
  }

  handleRequest(req: IncomingMessage, res: ServerResponse): void {
    const { cors } = this.options;
    if (!cors) return this._applyMiddlewares(req, res);
    applyCors(req, res, cors, (handled) => {
      if (!handled) this._applyMiddlewares(req, res);
    });
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (!this._middlewares.length) return this._upgrade(req, socket, head);
    setQuery(req);
    const res = new WebSocketResponse(req, socket);
    runEngineMiddlewares(this._middlewares, req, res as unknown as ServerResponse, (err) => {
      if (err !== undefined) return this._refuse(req, EngineErrorCode.BAD_REQUEST, { name: 'MIDDLEWARE_FAILURE', error: err }, (c, m) => abortUpgrade(socket, c, m));
      if (socket.destroyed) return;
      (req as HandshakeRequest)._wsRes = res;
      this._upgrade(req, socket, head);
    });
  }

  private _upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const query = parseQuery(req.url);
    this._verify(req, query, true, (code, message) => {
      if (code !== null) return abortUpgrade(socket, code, message);
      if (!this._wss || this._closing) return abortUpgrade(socket, EngineErrorCode.BAD_REQUEST);
      const upgrade = (): void => {
        if (!this._wss || this._closing || socket.destroyed) return abortUpgrade(socket, EngineErrorCode.BAD_REQUEST);
        // The 101 response and the open packet leave in one write, so the client reads them together.
        batchUntilTickEnd(socket);
        this._wss.handleUpgrade(req, socket, head, (ws) => this._onWebSocket(req, ws, socket, query));
      };
      if (query.sid !== null) return upgrade();
      // The id is chosen before the 101 response, which may carry it in a cookie.
      this._newId(req, (id) => {
        if (id === null) return abortUpgrade(socket, EngineErrorCode.BAD_REQUEST);
        (req as HandshakeRequest)._sid = id;
        upgrade();
      });
    });
  }

  private _applyMiddlewares(req: IncomingMessage, res: ServerResponse): void {
    if (!this._middlewares.length) return this._route(req, res);
    setQuery(req);
    runEngineMiddlewares(this._middlewares, req, res, (err) => {
      if (err === undefined) return this._route(req, res);
      this._refuse(req, EngineErrorCode.BAD_REQUEST, { name: 'MIDDLEWARE_FAILURE', error: err }, (c, m) => abortRequest(res, c, m));
    });
  }

  /** A new session's id from `generateId`; null (after a connection_error) when it threw, failed or gave no string. */
  private _newId(req: IncomingMessage, done: (id: string | null) => void): void {
    const fail = (error: unknown): void => {
      this.emitReserved('connection_error', { req, code: EngineErrorCode.BAD_REQUEST, message: ENGINE_ERROR_MESSAGES[EngineErrorCode.BAD_REQUEST], context: { name: 'ID_GENERATION_ERROR', error } });
      done(null);
    };
    const take = (id: unknown): void => {
      if (typeof id === 'string' && id !== '' && !this.clients.has(id)) done(id);
      else fail(new SockjetError('ERR_INVALID_ID', `generateId gave ${typeof id === 'string' && id ? 'an id in use' : 'no id'}`));
    };
    let id: string | PromiseLike<string>;
    try {
      id = this.generateId(req);
    } catch (err) {
      return fail(err);
    }
    if (typeof id === 'string') take(id);
    else Promise.resolve(id).then(take, fail);
  }

  /** Lets `headers` (and, for a handshake, `initial_headers`) listeners set the response's headers. */
  private _headers(req: IncomingMessage, initial: boolean): EngineHeaders | null {
    if (!this.hasListeners('headers') && !(initial && this.hasListeners('initial_headers'))) return null;
    const headers: EngineHeaders = {};
    if (initial) this.emitReserved('initial_headers', headers, req);
    this.emitReserved('headers', headers, req);
    return headers;
  }

  private _route(req: IncomingMessage, res: ServerResponse): void {
    const query = parseQuery(req.url);
    this._verify(req, query, false, (code, message) => {
      if (code !== null) return abortRequest(res, code, message);
      if (this._closing) return abortRequest(res, EngineErrorCode.BAD_REQUEST);
      const conn = query.sid !== null ? this.clients.get(query.sid) : undefined;
      if (conn || query.sid === null) {
        const headers = this._headers(req, query.sid === null);
        if (headers) for (const name in headers) res.setHeader(name, headers[name]!);
      }
      if (conn) return conn._onPollRequest(req, res);
      if (query.sid !== null) return this._refuse(req, EngineErrorCode.UNKNOWN_SID, { sid: query.sid }, (c, m) => abortRequest(res, c, m));
      this._newId(req, (id) => {
        if (id === null) return abortRequest(res, EngineErrorCode.BAD_REQUEST);
        if (this._closing || res.destroyed) return abortRequest(res, EngineErrorCode.BAD_REQUEST);
        const { cookie } = this.options;
        if (cookie) res.setHeader('Set-Cookie', sessionCookie(id, cookie));
        const transport = new (query.eio === '3' ? PollingTransportV3 : PollingTransport)(this._polling, this._stats);
        const created = this._open(id, req, transport);
        transport.onRequest(req, res);
        this.emitReserved('connection', created);
      });
    });
  }

  private _onWebSocket(req: IncomingMessage, ws: WebSocket, socket: Duplex, query: EngineQuery): void {
    const transport = new (query.eio === '3' ? WebSocketTransportV3 : WebSocketTransport)(ws, socket, this._stats);
    if (this._closing) return transport.close();
    const { sid } = query;
    if (sid === null) {
      const conn = this._open((req as HandshakeRequest)._sid!, req, transport);
      this.emitReserved('connection', conn);
      return;
    }
    const conn = this.clients.get(sid);
    if (conn) conn._probe(transport);
    else {
      // The session closed while ws was completing the upgrade.
      engineLog('upgrade for unknown session %s dropped', sid);
      transport.close();
    }
  }

  private _open(id: string, req: IncomingMessage, transport: PollingTransport | WebSocketTransport): Connection {
    retainRequest(req);
    const conn = new Connection(id, req, transport, this);
    this.clients.set(id, conn);
    const { allowUpgrades, transports } = this.options;
    const upgrades = transport.name === 'polling' && allowUpgrades && transports.includes('websocket') ? ['websocket'] : [];
    this._stats.handshakes++;
    if (engineLog.enabled) engineLog('handshake %s: transport %s from %s, upgrades %j', id, transport.name, conn.remoteAddress, upgrades);
    conn._open(upgrades);
    return conn;
  }

  /** Adds to the 101 response the headers engine middlewares and `headers` listeners set, and the session cookie. */
  private readonly _onWsHeaders = (lines: string[], req: IncomingMessage): void => {
    const hs = req as HandshakeRequest;
    if (hs._wsRes) lines.push(...hs._wsRes.lines());
    hs._wsRes = undefined;
    const initial = parseQuery(req.url).sid === null;
    const headers = this._headers(req, initial);
    if (headers) for (const name in headers) for (const v of [headers[name]!].flat()) lines.push(`${name}: ${v}`);
    const { cookie } = this.options;
    if (cookie && initial && hs._sid !== undefined) lines.push(`Set-Cookie: ${sessionCookie(hs._sid, cookie)}`);
  };

  /** Checks a request against the protocol; calls back with an error code, or null when it may go on. */
  private _verify(
    req: IncomingMessage,
    query: EngineQuery,
    upgrade: boolean,
    next: (code: EngineErrorCode | null, message?: string) => void,
  ): void {
    if (query.eio !== '4' && !(query.eio === '3' && this.options.allowEIO3)) return this._refuse(req, EngineErrorCode.UNSUPPORTED_PROTOCOL_VERSION, { protocol: query.eio }, next);
    const transport = query.transport as TransportName;
    if (!this.options.transports.includes(transport)) return this._refuse(req, EngineErrorCode.UNKNOWN_TRANSPORT, { transport }, next);
    if (upgrade !== (transport === 'websocket')) return this._refuse(req, EngineErrorCode.BAD_REQUEST, { name: 'TRANSPORT_MISMATCH', transport }, next);
    if (query.sid !== null) {
      const conn = this.clients.get(query.sid);
      if (!conn) return this._refuse(req, EngineErrorCode.UNKNOWN_SID, { sid: query.sid }, next);
      // A WebSocket for a session that already upgraded (or is upgrading) is accepted and then closed, as engine.io
      // does (see `Connection._probe`); a GET or POST for a WebSocket session is refused.
      if (upgrade ? conn.transport.name === 'polling' && !this.options.allowUpgrades : conn.transport.name !== 'polling')
        return this._refuse(req, EngineErrorCode.BAD_REQUEST, { name: 'TRANSPORT_MISMATCH', transport, previousTransport: conn.transport.name }, next);
      // An upgrade opens a WebSocket, which browsers let any page open: its origin is checked as a handshake's is.
      return upgrade ? this._checkOrigin(req, next, () => next(null)) : next(null);
    }
    if (req.method !== 'GET') return this._refuse(req, EngineErrorCode.BAD_HANDSHAKE_METHOD, { method: req.method }, next);
    this._checkOrigin(req, next, () => {
      const refusal = this._gate?.(req);
      if (refusal === undefined) this._allowRequest(req, next);
      else this._refuse(req, EngineErrorCode.FORBIDDEN, { name: 'HANDSHAKE_REFUSED', message: refusal }, next, refusal);
    });
  }

  /** Refuses (403) a handshake or an upgrade whose Origin the options do not allow; otherwise calls `allowed`. */
  private _checkOrigin(req: IncomingMessage, next: (code: EngineErrorCode | null, message?: string) => void, allowed: () => void): void {
    const { allowedOrigins, cors } = this.options;
    if (allowedOrigins === undefined && !cors) return allowed();
    const refuse = (error?: unknown): void =>
      this._refuse(req, EngineErrorCode.FORBIDDEN, { name: 'ORIGIN_NOT_ALLOWED', origin: req.headers.origin, error }, next, 'Origin not allowed');
    let answered = false;
    try {
      checkOrigin(req, allowedOrigins, cors, (ok) => {
        answered = true;
        if (ok) allowed();
        else refuse();
      });
    } catch (err) {
      // A throwing `allowedOrigins` or `cors.origin` function refuses the request rather than ending the process;
      // an error thrown after it answered came from our own callback and is not ours to hide.
      if (answered) throw err;
      refuse(err);
    }
  }

  private _allowRequest(req: IncomingMessage, next: (code: EngineErrorCode | null, message?: string) => void): void {
    const { allowRequest } = this.options;
    if (!allowRequest) return next(null);
    let answered = false;
    try {
      allowRequest(req, (err, success) => {
        if (answered) return;
        answered = true;
        if (success) next(null);
        else this._refuse(req, EngineErrorCode.FORBIDDEN, { message: err }, next, typeof err === 'string' && err ? err : undefined);
      });
    } catch (err) {
      // A throwing hook refuses the request rather than taking the process down; an error thrown after it
      // answered came from our own callback and is not ours to hide.
      if (answered) throw err;
      answered = true;
      this._refuse(req, EngineErrorCode.FORBIDDEN, { error: err }, next);
    }
  }

  private _refuse(
    req: IncomingMessage,
    code: EngineErrorCode,
    context: unknown,
    respond: (code: EngineErrorCode, message?: string) => void,
    message = ENGINE_ERROR_MESSAGES[code],
  ): void {
    count(this._stats.refused, REQUEST_REFUSALS[code]!);
    if (engineLog.enabled) engineLog('refused %s %s: %s %j', req.method, req.url?.split('?')[0], message, refusalContext(context));
    this.emitReserved('connection_error', { req, code, message, context });
    respond(code, message);
  }

  /** @internal Called by a connection when it closes. */
  _forget(conn: Connection): void {
    if (this.clients.get(conn.id) === conn) this.clients.delete(conn.id);
  }

  /**
   * Closes every connection (reason 'server shutting down'), detaches from the http.Server and closes that
   * server only if `listen()` created it.
   */
  close(): Promise<void> {
    if (this._closing) return this._closing;
    for (const conn of [...this.clients.values()]) conn._shutdown();
    this._detach?.();
    this._detach = null;
    this._wss?.off('headers', this._onWsHeaders);
    const server = this._ownsServer ? this._httpServer : null;
    this._closing = new Promise<void>((resolve) => {
      if (!server || !server.listening) return resolve();
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return this._closing;
  }
}

/** What a refused request's context may say in a log line: its fields, an error as its message (no body, no payload). */
function refusalContext(context: unknown): unknown {
  if (typeof context !== 'object' || context === null) return context;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(context)) out[key] = value instanceof Error ? value.message : value;
  return out;
}
