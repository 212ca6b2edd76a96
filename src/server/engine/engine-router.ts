import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import { SockjetError } from '../../shared/sockjet-error.js';
import { Connection } from './connection.js';
import type { Engine, EngineHeaders } from './engine.js';
import { abortRequest, abortUpgrade, ENGINE_ERROR_MESSAGES, EngineErrorCode } from './engine-error.js';
import type { WebSocketResponse } from './engine-middleware.js';
import { PollingTransport } from './polling-transport.js';
import type { PollingLimits } from './polling-transport.js';
import { retainRequest } from './retained-request.js';
import { sessionCookie } from './session-cookie.js';
import { batchUntilTickEnd } from './tick-batch.js';
import { OPENS_WITH_UPGRADE, type Transport } from './transport.js';
import { PollingTransportV3, WebSocketTransportV3 } from './transports-v3.js';
import { parseQuery, refuse, verifyRequest } from './verify-request.js';
import type { EngineQuery } from './verify-request.js';
import { WebSocketTransport } from './websocket-transport.js';
import { engineLog } from '../observability/debug-log.js';

/** What an upgrade carries from its checks to ws's 'headers' hook: the new session's id, a middleware's response. */
interface PendingUpgrade {
  sid: string | undefined;
  res: WebSocketResponse | undefined;
}

/**
 * Where each request under the engine's path goes once checked (see `verifyRequest`): a long-polling handshake or
 * a WebSocket opens a session; a session's later requests go to its transport; a WebSocket with a session's id
 * is the probe of its upgrade. Built from the engine's options, with the `ws` server they call for.
 */
export class EngineRouter {
  private readonly _wss: WebSocketServer | null;
  private readonly _polling: PollingLimits;
  /** Upgrades between their checks and their 101 response (see `PendingUpgrade`), keyed by their request. */
  private readonly _pending = new WeakMap<IncomingMessage, PendingUpgrade>();

  constructor(private readonly _engine: Engine) {
    const { maxHttpBufferSize, httpCompression, perMessageDeflate, transports } = _engine.options;
    const threshold = httpCompression === false ? Infinity : httpCompression === true ? 1024 : (httpCompression.threshold ?? 1024);
    this._polling = { maxHttpBufferSize, compressionThreshold: threshold };
    // Only transports opened by an upgrade (WebSocket) need the `ws` server.
    this._wss = transports.some((name) => OPENS_WITH_UPGRADE[name])
      ? new WebSocketServer({ noServer: true, clientTracking: false, maxPayload: maxHttpBufferSize, perMessageDeflate })
      : null;
    this._wss?.on('headers', this._onWsHeaders);
  }

  /** Lets go of the `ws` server's hook: the engine closed or took new options. */
  dispose(): void {
    this._wss?.off('headers', this._onWsHeaders);
  }

  /** An HTTP request: a long-polling handshake, or a request of a session. */
  request(req: IncomingMessage, res: ServerResponse): void {
    const engine = this._engine;
    const query = parseQuery(req.url);
    verifyRequest(engine, req, query, false, (code, message) => {
      if (code !== null) return abortRequest(res, code, message);
      if (engine._closed) return abortRequest(res, EngineErrorCode.BAD_REQUEST);
      if (query.sid === null) return this._handshake(req, res, query);
      const conn = engine.clients.get(query.sid);
      if (!conn) return refuse(engine, req, EngineErrorCode.UNKNOWN_SID, { sid: query.sid }, (c, m) => abortRequest(res, c, m));
      this._setHeaders(req, res, false);
      conn._onRequest(req, res);
    });
  }

  /** An HTTP upgrade: a WebSocket handshake, or the probe of a session's upgrade. `res` is the middlewares'. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, res?: WebSocketResponse): void {
    const engine = this._engine;
    const query = parseQuery(req.url);
    verifyRequest(engine, req, query, true, (code, message) => {
      if (code !== null) return abortUpgrade(socket, code, message);
      if (!this._wss || engine._closed) return abortUpgrade(socket, EngineErrorCode.BAD_REQUEST);
      if (query.sid !== null) return this._accept(req, socket, head, query, undefined, res);
      // The id is chosen before the 101 response, which may carry it in a cookie.
      this._newId(req, (id) => {
        if (id === null) return abortUpgrade(socket, EngineErrorCode.BAD_REQUEST);
        this._accept(req, socket, head, query, id, res);
      });
    });
  }

  /** A new session over long-polling: the handshake's response carries the open packet. */
  private _handshake(req: IncomingMessage, res: ServerResponse, query: EngineQuery): void {
    const engine = this._engine;
    this._setHeaders(req, res, true);
    this._newId(req, (id) => {
      if (id === null || engine._closed || res.destroyed) return abortRequest(res, EngineErrorCode.BAD_REQUEST);
      const { cookie } = engine.options;
      if (cookie) res.setHeader('Set-Cookie', sessionCookie(id, cookie));
      const conn = this._open(id, req, new (query.eio === '3' ? PollingTransportV3 : PollingTransport)(this._polling, engine._stats));
      conn._onRequest(req, res);
      engine.emitReserved('connection', conn);
    });
  }

  /** Completes the WebSocket handshake of a new session (`sid`) or of an upgrade's probe. */
  private _accept(req: IncomingMessage, socket: Duplex, head: Buffer, query: EngineQuery, sid: string | undefined, res: WebSocketResponse | undefined): void {
    const wss = this._wss;
    if (!wss || this._engine._closed || socket.destroyed) return abortUpgrade(socket, EngineErrorCode.BAD_REQUEST);
    // The 101 response and the open packet leave in one write, so the client reads them together.
    batchUntilTickEnd(socket);
    this._pending.set(req, { sid, res });
    wss.handleUpgrade(req, socket, head, (ws) => this._onWebSocket(req, ws, socket, query, sid));
  }

  private _onWebSocket(req: IncomingMessage, ws: WebSocket, socket: Duplex, query: EngineQuery, sid: string | undefined): void {
    const engine = this._engine;
    const transport = new (query.eio === '3' ? WebSocketTransportV3 : WebSocketTransport)(ws, socket, engine._stats);
    if (engine._closed) return transport.close();
    if (sid !== undefined) {
      engine.emitReserved('connection', this._open(sid, req, transport));
      return;
    }
    const conn = engine.clients.get(query.sid!);
    if (conn) conn._probe(transport);
    else {
      // The session closed while ws was completing the upgrade.
      engineLog('upgrade for unknown session %s dropped', query.sid);
      transport.close();
    }
  }

  private _open(id: string, req: IncomingMessage, transport: Transport): Connection {
    retainRequest(req);
    const engine = this._engine;
    const conn = new Connection(id, req, transport, engine);
    engine.clients.set(id, conn);
    engine._stats.handshakes++;
    const upgrades = conn._open();
    if (engineLog.enabled) engineLog('handshake %s: transport %s from %s, upgrades %j', id, transport.name, conn.remoteAddress, upgrades);
    return conn;
  }

  /** A new session's id from `generateId`; null (after a connection_error) when it threw, failed or gave no string. */
  private _newId(req: IncomingMessage, done: (id: string | null) => void): void {
    const engine = this._engine;
    const fail = (error: unknown): void => {
      const code = EngineErrorCode.BAD_REQUEST;
      engine.emitReserved('connection_error', { req, code, message: ENGINE_ERROR_MESSAGES[code], context: { name: 'ID_GENERATION_ERROR', error } });
      done(null);
    };
    const take = (id: unknown): void => {
      if (typeof id === 'string' && id !== '' && !engine.clients.has(id)) done(id);
      else fail(new SockjetError('ERR_INVALID_ID', `generateId gave ${typeof id === 'string' && id ? 'an id in use' : 'no id'}`));
    };
    let id: string | PromiseLike<string>;
    try {
      id = engine.generateId(req);
    } catch (err) {
      return fail(err);
    }
    if (typeof id === 'string') take(id);
    else Promise.resolve(id).then(take, fail);
  }

  /** Lets `headers` (and, for a handshake, `initial_headers`) listeners set the response's headers. */
  private _headers(req: IncomingMessage, initial: boolean): EngineHeaders | null {
    const engine = this._engine;
    if (!engine.hasListeners('headers') && !(initial && engine.hasListeners('initial_headers'))) return null;
    const headers: EngineHeaders = {};
    if (initial) engine.emitReserved('initial_headers', headers, req);
    engine.emitReserved('headers', headers, req);
    return headers;
  }

  private _setHeaders(req: IncomingMessage, res: ServerResponse, initial: boolean): void {
    const headers = this._headers(req, initial);
    if (headers) for (const name in headers) res.setHeader(name, headers[name]!);
  }

  /** Adds to the 101 response the headers engine middlewares and `headers` listeners set, and the session cookie. */
  private readonly _onWsHeaders = (lines: string[], req: IncomingMessage): void => {
    const pending = this._pending.get(req);
    this._pending.delete(req);
    if (pending?.res) lines.push(...pending.res.lines());
    const sid = pending?.sid;
    const headers = this._headers(req, sid !== undefined);
    if (headers) for (const name in headers) for (const v of [headers[name]!].flat()) lines.push(`${name}: ${v}`);
    const { cookie } = this._engine.options;
    if (cookie && sid !== undefined) lines.push(`Set-Cookie: ${sessionCookie(sid, cookie)}`);
  };
}
