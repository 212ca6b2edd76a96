import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CorsOptions, CorsOrigin } from './engine-options.js';

const DEFAULT_METHODS = 'GET,HEAD,PUT,PATCH,POST,DELETE';

const list = (value: string | readonly string[]): string => (typeof value === 'string' ? value : value.join(','));

function isAllowed(origin: string, allowed: string | RegExp | readonly (string | RegExp)[]): boolean {
  if (typeof allowed === 'string') return origin === allowed;
  if (allowed instanceof RegExp) return allowed.test(origin);
  return allowed.some((one) => isAllowed(origin, one));
}

/** Sets Access-Control-Allow-Origin (and Vary) the way the `cors` package does for each kind of `origin`. */
function setOrigin(req: IncomingMessage, res: ServerResponse, origin: Exclude<CorsOrigin, Function>): void {
  const requested = req.headers.origin;
  if (origin === false) return;
  if (origin === true) {
    if (requested) res.setHeader('Access-Control-Allow-Origin', requested);
    res.setHeader('Vary', 'Origin');
  } else if (origin === '*') {
    res.setHeader('Access-Control-Allow-Origin', '*');
  } else if (typeof origin === 'string') {
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Vary', 'Origin');
  } else {
    if (requested && isAllowed(requested, origin)) res.setHeader('Access-Control-Allow-Origin', requested);
    res.setHeader('Vary', 'Origin');
  }
}

function setHeaders(req: IncomingMessage, res: ServerResponse, options: CorsOptions, origin: Exclude<CorsOrigin, Function>): boolean {
  setOrigin(req, res, origin);
  if (options.credentials === true) res.setHeader('Access-Control-Allow-Credentials', 'true');
  if (options.exposedHeaders) res.setHeader('Access-Control-Expose-Headers', list(options.exposedHeaders));
  if (req.method !== 'OPTIONS') return false;
  res.setHeader('Access-Control-Allow-Methods', list(options.methods ?? DEFAULT_METHODS));
  if (options.allowedHeaders) {
    res.setHeader('Access-Control-Allow-Headers', list(options.allowedHeaders));
  } else {
    // No list given: reflect what the browser asked for, as the `cors` package does.
    const asked = req.headers['access-control-request-headers'];
    if (asked) res.setHeader('Access-Control-Allow-Headers', asked);
    res.appendHeader('Vary', 'Access-Control-Request-Headers');
  }
  if (typeof options.maxAge === 'number') res.setHeader('Access-Control-Max-Age', String(options.maxAge));
  res.writeHead(204, { 'Content-Length': '0' });
  res.end();
  return true;
}

/**
 * Applies CORS to one request, then calls `next(handled)`; `handled` is true when this was a preflight
 * (OPTIONS), which is answered here with 204. An `origin` function may answer later, hence the callback.
 */
export function applyCors(
  req: IncomingMessage,
  res: ServerResponse,
  options: CorsOptions | true,
  next: (handled: boolean) => void,
): void {
  const opts: CorsOptions = options === true ? {} : options;
  const origin = opts.origin ?? '*';
  if (typeof origin !== 'function') {
    next(setHeaders(req, res, opts, origin));
    return;
  }
  let called = false;
  origin(req.headers.origin, (err, allow) => {
    if (called || res.writableEnded) return;
    called = true;
    if (err) {
      res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end('CORS origin check failed');
      next(true);
      return;
    }
    next(setHeaders(req, res, opts, allow ?? false));
  });
}

/**
 * Which origins may open a session (`allowedOrigins`): a string (`'*'` for any), a RegExp, a list of those, or
 * a function that also sees requests without an Origin header (`origin` undefined) and may refuse them.
 */
export type AllowedOrigins =
  | string
  | RegExp
  | readonly (string | RegExp)[]
  | ((origin: string | undefined, req: IncomingMessage) => boolean);

/** A page on the server's own host: its WebSocket always sends an Origin, and it is no cross-site request. */
function isSameHost(origin: string, req: IncomingMessage): boolean {
  const host = req.headers.host;
  if (!host) return false;
  // `Origin: null` (sandboxed frames, file: pages) and other non-URLs are not the server's own host.
  return URL.canParse(origin) && new URL(origin).host === host.toLowerCase();
}

const matches = (origin: string, rule: string | RegExp | readonly (string | RegExp)[]): boolean =>
  rule === '*' || isAllowed(origin, rule);

/**
 * Decides whether a handshake or a WebSocket upgrade may go on, from its Origin header (issue 13: CORS headers
 * alone leave WebSockets open to any page, since browsers apply no CORS to them). The rule is `allowedOrigins`
 * when set, else `cors.origin` when it names origins (a string other than '*', a RegExp, a list, or a function);
 * otherwise nothing is enforced. A request without Origin (not from a browser) passes unless an
 * `allowedOrigins` function refuses it, and a page on the server's own host always passes.
 */
export function checkOrigin(
  req: IncomingMessage,
  allowedOrigins: AllowedOrigins | undefined,
  cors: CorsOptions | undefined,
  done: (allowed: boolean) => void,
): void {
  const origin = req.headers.origin;
  if (typeof allowedOrigins === 'function') return done(allowedOrigins(origin, req) === true);
  const rule = allowedOrigins ?? cors?.origin;
  if (rule === undefined || typeof rule === 'boolean' || rule === '*' || origin === undefined || isSameHost(origin, req)) return done(true);
  if (typeof rule !== 'function') return done(matches(origin, rule));
  let answered = false;
  rule(origin, (err, allow) => {
    if (answered) return;
    answered = true;
    done(!err && (allow === true || (allow !== undefined && allow !== false && matches(origin, allow))));
  });
}
