import { EventEmitter } from 'node:events';
import type { IncomingMessage, OutgoingHttpHeader, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * An Express-style middleware run on every engine request (`io.engine.use(fn)`), as engine.io runs them: each
 * long-polling request and each WebSocket upgrade, before the request is checked. `next(err)` refuses the request
 * (400, context `MIDDLEWARE_FAILURE`). For an upgrade, `res` is a `WebSocketResponse`: headers set on it go into
 * the 101 response.
 *
 * @example
 *   io.engine.use(session({ secret: 'keyboard cat', resave: false, saveUninitialized: true })); // express-session
 *   io.on('connection', (socket) => console.log(socket.request.session));
 */
export type EngineMiddleware = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;

/** Runs `fns` in order; `done(err)` after the last one, or at the first error (thrown or passed to `next`). */
export function runEngineMiddlewares(fns: readonly EngineMiddleware[], req: IncomingMessage, res: ServerResponse, done: (err?: unknown) => void): void {
  let i = 0;
  let finished = false;
  const next = (err?: unknown): void => {
    if (finished) return;
    if (err !== undefined && err !== null) {
      finished = true;
      return done(err);
    }
    if (i === fns.length) {
      finished = true;
      return done();
    }
    const fn = fns[i++]!;
    try {
      fn(req, res, next);
    } catch (e) {
      next(e ?? new Error('middleware threw'));
    }
  };
  next();
}

/**
 * What an engine middleware gets as `res` for a WebSocket upgrade: the part of http.ServerResponse middlewares use
 * to set headers, which then go into the 101 response. `end()` gives up the upgrade (its socket is destroyed).
 */
export class WebSocketResponse extends EventEmitter {
  readonly headers = new Map<string, { name: string; value: OutgoingHttpHeader }>();
  headersSent = false;

  constructor(
    readonly req: IncomingMessage,
    readonly socket: Duplex,
  ) {
    super();
    // Some middlewares watch 'close' to learn that the response is over.
    socket.once('close', () => this.emit('close'));
  }

  setHeader(name: string, value: OutgoingHttpHeader): this {
    this.headers.set(name.toLowerCase(), { name, value });
    return this;
  }

  getHeader(name: string): OutgoingHttpHeader | undefined {
    return this.headers.get(name.toLowerCase())?.value;
  }

  hasHeader(name: string): boolean {
    return this.headers.has(name.toLowerCase());
  }

  removeHeader(name: string): void {
    this.headers.delete(name.toLowerCase());
  }

  getHeaderNames(): string[] {
    return [...this.headers.keys()];
  }

  write(): boolean {
    return true;
  }

  writeHead(): this {
    return this;
  }

  end(): this {
    this.emit('finish');
    this.socket.destroy();
    return this;
  }

  /** The headers as lines for the 101 response. */
  lines(): string[] {
    const out: string[] = [];
    for (const { name, value } of this.headers.values()) {
      for (const one of Array.isArray(value) ? value : [value]) out.push(`${name}: ${one}`);
    }
    return out;
  }
}

/** `req._query`, which engine.io sets and Socket.IO's guides read (`req._query.sid === undefined` for a handshake). */
export function setQuery(req: IncomingMessage): void {
  const withQuery = req as IncomingMessage & { _query?: Record<string, string> };
  if (withQuery._query) return;
  const i = req.url ? req.url.indexOf('?') : -1;
  withQuery._query = i < 0 ? {} : Object.fromEntries(new URLSearchParams(req.url!.slice(i + 1)));
}
