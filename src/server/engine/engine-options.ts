import type { IncomingMessage } from 'node:http';
import { SockjetError } from '../../shared/sockjet-error.js';
import type { AllowedOrigins } from './cors.js';

export type TransportName = 'polling' | 'websocket';

/** Decides whether a request's origin may read the response (the `cors` npm package's `origin` option). */
export type CorsOrigin =
  | boolean
  | string
  | RegExp
  | readonly (string | RegExp)[]
  | ((origin: string | undefined, callback: (err: Error | null, allow?: boolean | string | RegExp | readonly (string | RegExp)[]) => void) => void);

/** CORS for the long-polling requests, with the `cors` package's option names and defaults. */
export interface CorsOptions {
  origin?: CorsOrigin;
  methods?: string | readonly string[];
  allowedHeaders?: string | readonly string[];
  exposedHeaders?: string | readonly string[];
  credentials?: boolean;
  maxAge?: number;
}

export interface CookieOptions {
  name?: string;
  path?: string;
  httpOnly?: boolean;
  sameSite?: 'strict' | 'lax' | 'none' | boolean;
  secure?: boolean;
  maxAge?: number;
  domain?: string;
}

export interface EngineOptions {
  /** Requests under this path belong to the engine; always ends with a slash. */
  path: string;
  pingInterval: number;
  pingTimeout: number;
  upgradeTimeout: number;
  /** Largest POST body and largest WebSocket message, in bytes. */
  maxHttpBufferSize: number;
  /**
   * Most bytes a connection may hold for a peer that does not read them (packets waiting for the next
   * long-polling GET, WebSocket writes not yet flushed); past it the connection closes with reason
   * 'slow consumer'. Infinity turns the limit off. Default 4 MB.
   */
  maxWriteBufferSize: number;
  transports: TransportName[];
  allowUpgrades: boolean;
  /** Lets Socket.IO v2 clients (Engine.IO protocol v3) connect; off by default, as in Socket.IO. */
  allowEIO3: boolean;
  /** Accepts or refuses a handshake (`fn(null, true)` accepts; `fn('why', false)` answers 403 Forbidden). */
  allowRequest?: (req: IncomingMessage, fn: (err: string | null | undefined, success: boolean) => void) => void;
  cors?: CorsOptions;
  /**
   * The origins that may open a session (polling handshake or WebSocket); others get 403. When absent,
   * `cors.origin` is enforced the same way if it names origins. See `checkOrigin`.
   */
  allowedOrigins?: AllowedOrigins;
  /** Sends the session id in a cookie on the handshake response (name `io` unless given). */
  cookie?: boolean | CookieOptions;
  perMessageDeflate: boolean | object;
  httpCompression: boolean | { threshold?: number };
  /** A message sent right after the open packet. */
  initialPacket?: string;
}

export const ENGINE_DEFAULTS: EngineOptions = Object.freeze({
  path: '/engine.io/',
  pingInterval: 25000,
  pingTimeout: 20000,
  upgradeTimeout: 10000,
  maxHttpBufferSize: 1e6,
  maxWriteBufferSize: 4e6,
  transports: Object.freeze(['polling', 'websocket']) as TransportName[],
  allowUpgrades: true,
  allowEIO3: false,
  perMessageDeflate: false,
  httpCompression: true,
}) as EngineOptions;

/** Raised at construction for a bad option, so a mistake shows up at startup and not on the first request. */
export type EngineOptionError = SockjetError<'ERR_INVALID_OPTION'>;

function fail(name: string, expected: string): never {
  throw new SockjetError('ERR_INVALID_OPTION', `Invalid engine option "${name}": expected ${expected}`);
}

function checkDuration(name: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || Number.isNaN(value)) fail(name, 'a number');
  // setTimeout's ceiling is 2^31-1 ms; beyond that Node fires the timer at once.
  if (!Number.isFinite(value) || value < min || value > 0x7fffffff) fail(name, `a number from ${min} to 2147483647`);
  return value;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkOptional(options: Partial<EngineOptions>): void {
  const { allowRequest, cors, cookie, perMessageDeflate, httpCompression, initialPacket } = options;
  if (allowRequest !== undefined && typeof allowRequest !== 'function') fail('allowRequest', 'a function');
  if (cors !== undefined && !isObject(cors) && typeof cors !== 'boolean') fail('cors', 'an object');
  const { allowedOrigins: ao } = options;
  const isRule = (v: unknown): boolean => typeof v === 'string' || v instanceof RegExp;
  if (ao !== undefined && typeof ao !== 'function' && !isRule(ao) && !(Array.isArray(ao) && ao.every(isRule)))
    fail('allowedOrigins', 'a string, a RegExp, an array of those, or a function');
  if (cookie !== undefined && typeof cookie !== 'boolean' && !isObject(cookie)) fail('cookie', 'a boolean or an object');
  if (isObject(cookie) && cookie.name !== undefined && (typeof cookie.name !== 'string' || !/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(cookie.name)))
    fail('cookie.name', 'a cookie name token');
  if (perMessageDeflate !== undefined && typeof perMessageDeflate !== 'boolean' && !isObject(perMessageDeflate))
    fail('perMessageDeflate', 'a boolean or an object');
  if (httpCompression !== undefined && typeof httpCompression !== 'boolean' && !isObject(httpCompression))
    fail('httpCompression', 'a boolean or an object');
  if (isObject(httpCompression) && httpCompression.threshold !== undefined) checkDuration('httpCompression.threshold', httpCompression.threshold, 0);
  if (initialPacket !== undefined && typeof initialPacket !== 'string') fail('initialPacket', 'a string');
}

/** Merges the user's options over the defaults and validates them, once. */
export function resolveEngineOptions(options: Partial<EngineOptions> = {}): Readonly<EngineOptions> {
  if (!isObject(options)) fail('options', 'an object');
  const merged: EngineOptions = { ...ENGINE_DEFAULTS };
  for (const [key, value] of Object.entries(options)) if (value !== undefined) (merged as unknown as Record<string, unknown>)[key] = value;
  if (typeof merged.path !== 'string' || !merged.path.startsWith('/')) fail('path', 'a string starting with "/"');
  merged.path = merged.path.endsWith('/') ? merged.path : merged.path + '/';
  checkDuration('pingInterval', merged.pingInterval, 1);
  checkDuration('pingTimeout', merged.pingTimeout, 1);
  checkDuration('upgradeTimeout', merged.upgradeTimeout, 1);
  if (typeof merged.maxHttpBufferSize !== 'number' || !Number.isInteger(merged.maxHttpBufferSize) || merged.maxHttpBufferSize < 1)
    fail('maxHttpBufferSize', 'a positive integer number of bytes');
  const { maxWriteBufferSize: mwb } = merged;
  if (typeof mwb !== 'number' || !(mwb === Infinity || (Number.isInteger(mwb) && mwb >= 1)))
    fail('maxWriteBufferSize', 'a positive integer number of bytes, or Infinity');
  const { transports } = merged;
  if (!Array.isArray(transports) || !transports.length || transports.some((t) => t !== 'polling' && t !== 'websocket'))
    fail('transports', `a non-empty array of 'polling' and 'websocket'`);
  merged.transports = [...new Set(transports)];
  if (typeof merged.allowUpgrades !== 'boolean') fail('allowUpgrades', 'a boolean');
  if (typeof merged.allowEIO3 !== 'boolean') fail('allowEIO3', 'a boolean');
  checkOptional(merged);
  return Object.freeze(merged);
}
