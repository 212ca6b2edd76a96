import type { IncomingMessage } from 'node:http';
import type { AdapterConstructor } from './adapter/adapter.js';
import { MemoryAdapter } from './adapter/memory-adapter.js';
import type { EngineOptions } from './engine/engine-options.js';
import { serverError } from './server-error.js';

/**
 * Connection state recovery (Socket.IO 4.6+): a client that lost its connection for a while gets its session
 * back (same `socket.id`, rooms and `socket.data`, `socket.recovered` true) and the events it missed.
 */
export interface ConnectionStateRecoveryOptions {
  /** Milliseconds a disconnected session and the events it may miss are kept (default 2 minutes). */
  maxDisconnectionDuration?: number;
  /** Let a recovered socket in without running the connection middlewares again (default true). */
  skipMiddlewares?: boolean;
}

export const RECOVERY_DEFAULTS: Readonly<Required<ConnectionStateRecoveryOptions>> = Object.freeze({
  maxDisconnectionDuration: 2 * 60 * 1000,
  skipMiddlewares: true,
});

/**
 * The `metrics` and `dashboard` options in their object form: `auth(req)` decides whether a request may see the
 * page (true or a promise of true); refused requests get a 403. `true` serves every request.
 */
export interface EndpointOptions {
  auth?: (req: IncomingMessage) => boolean | Promise<boolean>;
}

/** Socket.IO's server options: the engine's, plus those of the Socket.IO layer. */
export interface ServerOptions extends EngineOptions {
  /** Milliseconds a connection may stay without joining any namespace before it is closed. */
  connectTimeout: number;
  /** Serve the browser build at `<path>sockjet.min.js`. */
  serveClient: boolean;
  /** The adapter class (or factory) each namespace gets. */
  adapter: AdapterConstructor;
  /** Off when absent; `{}` turns it on with Socket.IO's defaults. */
  connectionStateRecovery?: ConnectionStateRecoveryOptions;
  /**
   * Removes a dynamic child namespace once its last socket leaves (or its first CONNECT is refused). On by
   * default, unlike Socket.IO: clients name the children, so keeping every one would let them grow memory at will.
   */
  cleanupEmptyChildNamespaces: boolean;
  /**
   * Most connections one remote address may hold that have not joined a namespace yet; further handshakes from it
   * get 403 until one joins or closes. Off by default: behind a proxy every client has the proxy's address.
   */
  maxPendingHandshakesPerIp?: number;
  /** Serve `GET <path>metrics` in Prometheus's text format (off by default). */
  metrics: boolean | EndpointOptions;
  /** Serve a live dashboard page at `<path>dashboard` (off by default). */
  dashboard: boolean | EndpointOptions;
}

/** Options of the Socket.IO layer only; everything else goes to the engine, which validates its own. */
export interface SocketLayerOptions {
  connectTimeout: number;
  serveClient: boolean;
  adapter: AdapterConstructor;
  /** Merged over `RECOVERY_DEFAULTS` when given. */
  connectionStateRecovery?: Readonly<Required<ConnectionStateRecoveryOptions>>;
  cleanupEmptyChildNamespaces: boolean;
  maxPendingHandshakesPerIp?: number;
  /** Undefined when off; `{}` (no auth) for `true`. */
  metrics?: Readonly<EndpointOptions>;
  dashboard?: Readonly<EndpointOptions>;
  /** Not public: where the browser build is read from (tests point it at a fixture directory). */
  clientDir?: string;
}

export const SERVER_DEFAULTS: Readonly<SocketLayerOptions & { path: string }> = Object.freeze({
  path: '/socket.io/',
  connectTimeout: 45000,
  serveClient: true,
  adapter: MemoryAdapter,
  cleanupEmptyChildNamespaces: true,
});

const LAYER_KEYS = new Set([
  'connectTimeout',
  'serveClient',
  'adapter',
  'connectionStateRecovery',
  'cleanupEmptyChildNamespaces',
  'maxPendingHandshakesPerIp',
  'clientDir',
  'metrics',
  'dashboard',
]);

function fail(name: string, expected: string): never {
  throw serverError('ERR_INVALID_OPTION', `Invalid server option "${name}": expected ${expected}`);
}

/** Milliseconds for a timer: setTimeout's ceiling is 2^31-1, past which Node fires at once. */
function checkMs(name: string, value: unknown, min: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > 0x7fffffff)
    fail(name, `a number of milliseconds from ${min} to 2147483647`);
}

function resolveRecovery(value: unknown): Readonly<Required<ConnectionStateRecoveryOptions>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('connectionStateRecovery', 'an object');
  const merged = { ...RECOVERY_DEFAULTS };
  for (const [key, v] of Object.entries(value)) if (v !== undefined) (merged as Record<string, unknown>)[key] = v;
  const { maxDisconnectionDuration, skipMiddlewares } = merged;
  checkMs('connectionStateRecovery.maxDisconnectionDuration', maxDisconnectionDuration, 0);
  if (typeof skipMiddlewares !== 'boolean') fail('connectionStateRecovery.skipMiddlewares', 'a boolean');
  return Object.freeze(merged);
}

/** `metrics` / `dashboard`: off for false, open for true, or an object whose `auth`, if given, is a function. */
function resolveEndpoint(name: string, value: unknown): Readonly<EndpointOptions> | undefined {
  if (value === false) return undefined;
  if (value === true) return Object.freeze({});
  const auth = (value as EndpointOptions | null)?.auth;
  if (typeof value !== 'object' || value === null || Array.isArray(value) || (auth !== undefined && typeof auth !== 'function'))
    fail(name, 'true, false or { auth(req) }');
  return Object.freeze(auth ? { auth } : {});
}

/**
 * Splits the user's options into the Socket.IO layer's (merged over `SERVER_DEFAULTS` and validated here)
 * and the engine's (`path` defaulting to `/socket.io/`; the engine validates the rest).
 */
export function resolveServerOptions(options: unknown = {}): {
  layer: Readonly<SocketLayerOptions>;
  engine: Partial<EngineOptions>;
} {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) fail('options', 'an object');
  const { path, ...defaults } = SERVER_DEFAULTS;
  const layer: Record<string, unknown> = { ...defaults };
  const engine: Record<string, unknown> = { path };
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined) continue;
    (LAYER_KEYS.has(key) ? layer : engine)[key] = value;
  }
  const { connectTimeout, serveClient, adapter, connectionStateRecovery, cleanupEmptyChildNamespaces, clientDir } = layer;
  checkMs('connectTimeout', connectTimeout, 1);
  if (typeof serveClient !== 'boolean') fail('serveClient', 'a boolean');
  if (typeof adapter !== 'function') fail('adapter', 'an adapter class or factory function');
  if (connectionStateRecovery !== undefined) layer.connectionStateRecovery = resolveRecovery(connectionStateRecovery);
  if (typeof cleanupEmptyChildNamespaces !== 'boolean') fail('cleanupEmptyChildNamespaces', 'a boolean');
  if (clientDir !== undefined && typeof clientDir !== 'string') fail('clientDir', 'a directory path');
  const { maxPendingHandshakesPerIp: pending } = layer;
  if (pending !== undefined && !(typeof pending === 'number' && Number.isInteger(pending) && pending >= 1))
    fail('maxPendingHandshakesPerIp', 'a positive integer');
  for (const name of ['metrics', 'dashboard']) {
    const endpoint = layer[name] === undefined ? undefined : resolveEndpoint(name, layer[name]);
    if (endpoint) layer[name] = endpoint;
    else delete layer[name];
  }
  return { layer: Object.freeze(layer) as unknown as SocketLayerOptions, engine: engine as Partial<EngineOptions> };
}
