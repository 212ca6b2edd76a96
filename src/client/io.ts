import { Manager, parseUrl, type ManagerOptions } from './manager.js';
import type { Socket, SocketOptions } from './socket.js';

export interface IoOptions extends ManagerOptions, SocketOptions {
  /** A new connection instead of sharing the cached one for this server. */
  forceNew: boolean;
  /** false: same as forceNew. */
  multiplex: boolean;
}

/** Managers by origin + path, shared by every `io()` call for that server. */
const cache: Record<string, Manager> = {};

/**
 * Connects to a namespace: `io('https://example.com/admin')`. The url defaults to the page's origin and its
 * path names the namespace ('/' by default). Calls for the same server share one connection (one Manager)
 * unless `forceNew` or `multiplex: false`, or the namespace is already taken on it.
 * @example
 *   const socket = io('https://example.com', { auth: { token } });
 *   socket.emit('hello', 'world', (reply) => console.log(reply));
 */
export function io(uri?: string | Partial<IoOptions>, opts?: Partial<IoOptions>): Socket {
  if (typeof uri == 'object') (opts = uri), (uri = undefined);
  const url = parseUrl(uri);
  const o: Partial<IoOptions> = { ...opts };
  if (url.search && !o.query) o.query = url.search.slice(1);
  const id = url.origin + (o.path ?? '');
  const nsp = url.pathname;
  const cached = cache[id];
  const manager =
    o.forceNew || o.multiplex === false || (cached && nsp in cached.nsps)
      ? new Manager(url.origin, o)
      : (cache[id] = cached ?? new Manager(url.origin, o));
  return manager.socket(nsp, o);
}
