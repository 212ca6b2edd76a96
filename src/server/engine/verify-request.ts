import type { IncomingMessage } from 'node:http';
import { checkOrigin } from './cors.js';
import type { Engine } from './engine.js';
import { ENGINE_ERROR_MESSAGES, EngineErrorCode } from './engine-error.js';
import type { TransportName } from './engine-options.js';
import { OPENS_WITH_UPGRADE } from './transport.js';
import { engineLog } from '../observability/debug-log.js';
import { count, REQUEST_REFUSALS } from '../observability/engine-stats.js';

/** The Engine.IO parameters of a request's query string. */
export interface EngineQuery {
  eio: string | null;
  transport: string | null;
  sid: string | null;
}

export function parseQuery(url: string | undefined): EngineQuery {
  const i = url ? url.indexOf('?') : -1;
  const q = new URLSearchParams(i >= 0 ? url!.slice(i + 1) : '');
  return { eio: q.get('EIO'), transport: q.get('transport'), sid: q.get('sid') };
}

/** Where a check's verdict goes: an error code and its message, or null when the request may go on. */
export type Verdict = (code: EngineErrorCode | null, message?: string) => void;

/**
 * Checks a request against the protocol and the options, in engine.io's order, so a request wrong in several ways
 * gets the code engine.io gives it: the transport (0), then for a session's request its id (1), its transport
 * and its protocol revision (3); for a handshake the method (2), the transport (3), the origin and the
 * `allowRequest` hook (4), and last the protocol revision (5).
 */
export function verifyRequest(engine: Engine, req: IncomingMessage, query: EngineQuery, upgrade: boolean, next: Verdict): void {
  const { options } = engine;
  const transport = query.transport as TransportName;
  if (!options.transports.includes(transport)) return refuse(engine, req, EngineErrorCode.UNKNOWN_TRANSPORT, { transport }, next);
  if (query.sid !== null) return verifySessionRequest(engine, req, query, upgrade, next);
  if (req.method !== 'GET') return refuse(engine, req, EngineErrorCode.BAD_HANDSHAKE_METHOD, { method: req.method }, next);
  if (upgrade !== OPENS_WITH_UPGRADE[transport]) return refuse(engine, req, EngineErrorCode.BAD_REQUEST, { name: 'TRANSPORT_MISMATCH', transport }, next);
  verifyOrigin(engine, req, next, () => {
    const refusal = engine._gate?.(req);
    if (refusal !== undefined) return refuse(engine, req, EngineErrorCode.FORBIDDEN, { name: 'HANDSHAKE_REFUSED', message: refusal }, next, refusal);
    allowRequest(engine, req, next, () => {
      if (query.eio === '4' || (query.eio === '3' && options.allowEIO3)) next(null);
      else refuse(engine, req, EngineErrorCode.UNSUPPORTED_PROTOCOL_VERSION, { protocol: query.eio }, next);
    });
  });
}

/** A request with a session id: a long-polling GET or POST, or the WebSocket of an upgrade. */
function verifySessionRequest(engine: Engine, req: IncomingMessage, query: EngineQuery, upgrade: boolean, next: Verdict): void {
  const transport = query.transport as TransportName;
  const conn = engine.clients.get(query.sid!);
  if (!conn) return refuse(engine, req, EngineErrorCode.UNKNOWN_SID, { sid: query.sid }, next);
  const previousTransport = conn.transport.name;
  // A request must open its transport the way clients do (a WebSocket by an upgrade), and a GET or POST needs a
  // session whose transport takes requests (long-polling).
  if (upgrade !== OPENS_WITH_UPGRADE[transport] || (!upgrade && !conn._handlesRequests))
    return refuse(engine, req, EngineErrorCode.BAD_REQUEST, { name: 'TRANSPORT_MISMATCH', transport, previousTransport }, next);
  // A v3 request for a v4 session (or the reverse) would be framed for the wrong revision.
  if (query.eio !== String(conn.protocol))
    return refuse(engine, req, EngineErrorCode.BAD_REQUEST, { name: 'PROTOCOL_MISMATCH', protocol: query.eio, previousProtocol: conn.protocol }, next);
  if (!upgrade) return next(null);
  // With upgrades off, a session that could move to this transport is refused. One that cannot (already on a
  // WebSocket) is accepted and then closed, as engine.io does (see `Connection#_probe`).
  if (!engine.options.allowUpgrades && conn._upgradesTo(transport))
    return refuse(engine, req, EngineErrorCode.BAD_REQUEST, { name: 'TRANSPORT_MISMATCH', transport, previousTransport }, next);
  // An upgrade opens a WebSocket, which browsers let any page open: its origin is checked as a handshake's is.
  verifyOrigin(engine, req, next, () => next(null));
}

/** Refuses (403) a handshake or an upgrade whose Origin the options do not allow; otherwise calls `allowed`. */
function verifyOrigin(engine: Engine, req: IncomingMessage, next: Verdict, allowed: () => void): void {
  const { allowedOrigins, cors } = engine.options;
  if (allowedOrigins === undefined && !cors) return allowed();
  const refuseOrigin = (error?: unknown): void =>
    refuse(engine, req, EngineErrorCode.FORBIDDEN, { name: 'ORIGIN_NOT_ALLOWED', origin: req.headers.origin, error }, next, 'Origin not allowed');
  let answered = false;
  try {
    checkOrigin(req, allowedOrigins, cors, (ok) => {
      answered = true;
      if (ok) allowed();
      else refuseOrigin();
    });
  } catch (err) {
    // A throwing `allowedOrigins` or `cors.origin` function refuses the request rather than ending the process;
    // an error thrown after it answered came from our own callback and is not ours to hide.
    if (answered) throw err;
    refuseOrigin(err);
  }
}

/** Asks the `allowRequest` option, if set: a refusal (or a throw) answers 403, with the hook's message if it gave one. */
function allowRequest(engine: Engine, req: IncomingMessage, next: Verdict, allowed: () => void): void {
  const { allowRequest: hook } = engine.options;
  if (!hook) return allowed();
  let answered = false;
  try {
    hook(req, (err, success) => {
      if (answered) return;
      answered = true;
      if (success) allowed();
      else refuse(engine, req, EngineErrorCode.FORBIDDEN, { message: err }, next, typeof err === 'string' && err ? err : undefined);
    });
  } catch (err) {
    // A throwing hook refuses the request rather than taking the process down; an error thrown after it
    // answered came from our own callback and is not ours to hide.
    if (answered) throw err;
    answered = true;
    refuse(engine, req, EngineErrorCode.FORBIDDEN, { error: err }, next);
  }
}

/** Counts and logs a refusal, tells `connection_error` listeners, then answers through `respond`. */
export function refuse(
  engine: Engine,
  req: IncomingMessage,
  code: EngineErrorCode,
  context: unknown,
  respond: (code: EngineErrorCode, message?: string) => void,
  message = ENGINE_ERROR_MESSAGES[code],
): void {
  count(engine._stats.refused, REQUEST_REFUSALS[code]!);
  if (engineLog.enabled) engineLog('refused %s %s: %s %j', req.method, req.url?.split('?')[0], message, refusalContext(context));
  engine.emitReserved('connection_error', { req, code, message, context });
  respond(code, message);
}

/** What a refused request's context may say in a log line: its fields, an error as its message (no body, no payload). */
function refusalContext(context: unknown): unknown {
  if (typeof context !== 'object' || context === null) return context;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(context)) out[key] = value instanceof Error ? value.message : value;
  return out;
}
