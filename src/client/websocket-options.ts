import { PollingTransport } from './engine/polling-transport.js';
import type { TransportFactory, TransportOptions } from './engine/transport.js';
import { WebSocketTransport } from './engine/websocket-transport.js';

/** Options beyond the standard's; every one has a default. */
export interface WebSocketOptions extends TransportOptions {
  /**
   * Where the server's Engine listens. By default the URL's own path, or '/engine.io/' (a bare Engine's default)
   * when the URL has none: `ws://host/` and `ws://host/engine.io/` reach the same Engine, `ws://host/chat/` one
   * attached with `path: '/chat/'`. The URL's query goes along with every request.
   */
  path?: string;
  /** Transports tried in order until one opens; the default falls back to long-polling when no WebSocket opens. */
  transports: Array<'websocket' | 'polling' | TransportFactory>;
  /** Upgrade long-polling to WebSocket when the server offers it. */
  upgrade: boolean;
  /** Reconnect after an unexpected close (see the class's doc) with exponential backoff, as the Manager does. */
  reconnection: boolean;
  reconnectionAttempts: number;
  reconnectionDelay: number;
  reconnectionDelayMax: number;
  randomizationFactor: number;
  /**
   * Messages `send()` may queue while CONNECTING (first connect and reconnects); they go out in order on open.
   * One more is dropped with an `error` event whose `error.code` is 'ERR_BUFFER_FULL'. 0 turns buffering off:
   * `send()` while CONNECTING then throws InvalidStateError, as the native WebSocket does.
   */
  maxBufferedMessages: number;
}

/**
 * Defaults for every sockjet WebSocket (the Manager's for the shared names). A Node entry may set `WebSocket`
 * here (e.g. the `ws` package's, as node.ts does for the Manager); otherwise the runtime's own is used.
 */
export const DEFAULTS: WebSocketOptions = {
  transports: [WebSocketTransport, PollingTransport],
  upgrade: true,
  reconnection: true,
  reconnectionAttempts: Infinity,
  reconnectionDelay: 1000,
  reconnectionDelayMax: 5000,
  randomizationFactor: 0.5,
  maxBufferedMessages: 100,
};

