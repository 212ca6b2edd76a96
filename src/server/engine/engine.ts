import { createServer } from 'node:http';
import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { Emitter } from '../../shared/emitter.js';
import { SockjetError } from '../../shared/sockjet-error.js';
import type { Connection, ConnectionHost } from './connection.js';
import { applyCors } from './cors.js';
import { abortRequest, abortUpgrade, EngineErrorCode } from './engine-error.js';
import type { EngineConnectionError } from './engine-error.js';
import { resolveEngineOptions } from './engine-options.js';
import type { EngineOptions } from './engine-options.js';
import { EngineRouter } from './engine-router.js';
import { runEngineMiddlewares, setQuery, WebSocketResponse, type EngineMiddleware } from './engine-middleware.js';
import { Heartbeat } from './heartbeat.js';
import { randomId } from './random-id.js';
import { refuse } from './verify-request.js';
import { EngineStats } from '../observability/engine-stats.js';

export type { EngineConnectionError } from './engine-error.js';

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

export interface AttachOptions {
  /** Sees requests under the path first; returning true means it answered the request. */
  intercept?: (req: IncomingMessage, res: ServerResponse) => boolean;
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
  /** Where checked requests go; built from the options (see `_configure`). */
  private _router!: EngineRouter;
  /** @internal The heartbeat of every connection: a few timers in all, whatever the number of connections. */
  _heartbeat!: Heartbeat;
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
    this._router.dispose();
    this._configure(options);
    return true;
  }

  private _configure(options: Partial<EngineOptions> | undefined): void {
    this.options = resolveEngineOptions(options);
    this._heartbeat = new Heartbeat(this.options.pingInterval, this.options.pingTimeout);
    this._router = new EngineRouter(this);
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
    if (!this._middlewares.length) return this._router.upgrade(req, socket, head);
    setQuery(req);
    const res = new WebSocketResponse(req, socket);
    runEngineMiddlewares(this._middlewares, req, res as unknown as ServerResponse, (err) => {
      if (err !== undefined) return refuse(this, req, EngineErrorCode.BAD_REQUEST, { name: 'MIDDLEWARE_FAILURE', error: err }, (c, m) => abortUpgrade(socket, c, m));
      if (!socket.destroyed) this._router.upgrade(req, socket, head, res);
    });
  }

  private _applyMiddlewares(req: IncomingMessage, res: ServerResponse): void {
    if (!this._middlewares.length) return this._router.request(req, res);
    setQuery(req);
    runEngineMiddlewares(this._middlewares, req, res, (err) => {
      if (err === undefined) return this._router.request(req, res);
      refuse(this, req, EngineErrorCode.BAD_REQUEST, { name: 'MIDDLEWARE_FAILURE', error: err }, (c, m) => abortRequest(res, c, m));
    });
  }

  /** @internal True once `close()` was called: requests still in flight are refused. */
  get _closed(): boolean {
    return this._closing !== null;
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
    this._router.dispose();
    const server = this._ownsServer ? this._httpServer : null;
    this._closing = new Promise<void>((resolve) => {
      if (!server || !server.listening) return resolve();
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return this._closing;
  }
}
