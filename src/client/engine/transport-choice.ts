import { PollingTransport } from './polling-transport.js';
import { NOT_ENGINE_IO, type TransportFactory } from './transport.js';
import { WebSocketTransport } from './websocket-transport.js';

/**
 * Socket.IO's `transports` option: names, or the transports themselves. Any string is accepted, as in
 * socket.io-client (`params.get('transports')?.split(',')` compiles): a name that is not a transport fails to
 * open, and the next one is tried.
 */
export type TransportList = Array<'websocket' | 'polling' | (string & {}) | TransportFactory>;

/**
 * Which transport a session opens: each of `opts.transports` in order until one opens (the list is replaced by
 * the transports themselves). Returns `next(reason)`: the transport to try after one failed with `reason` (the
 * first one when there is no reason), and why the session fails if none is left (the transport is undefined).
 */
export function transportChoice(opts: {
  transports: TransportList;
}): (reason?: string) => [next: TransportFactory | undefined, why: string] {
  const kinds = (opts.transports = opts.transports.map((t) =>
    t == 'polling' ? PollingTransport : t == 'websocket' ? WebSocketTransport : (t as TransportFactory),
  ));
  let attempt = 0;
  let why = 'transport error';
  return (reason) => {
    // A server found not to be Engine.IO on one transport is not one on the next (where a browser may not even
    // see a status: a 404 without CORS headers is a network error to fetch).
    if (reason) attempt++, why == NOT_ENGINE_IO || (why = reason);
    return [kinds[attempt], why];
  };
}

/**
 * `kind` opened: it goes first in `opts.transports`, so an owner that reuses `opts` for reconnects starts with
 * what worked (and may still upgrade to the others). Returns the transport to upgrade to, if the server offers
 * one (it does to a long-polling session only: its handshake on a WebSocket lists none).
 */
export function chosen(
  opts: { transports: TransportList; upgrade: boolean },
  kind: TransportFactory,
  upgrades: readonly string[],
): TransportFactory | false | undefined {
  const kinds = opts.transports as TransportFactory[];
  opts.transports = [kind, ...kinds.filter((k) => k != kind)];
  return opts.upgrade && kinds.find((k) => k != kind && upgrades.includes(k.name));
}
