import type { ConnectionOptions } from './defaults.js';

/** Options beyond the standard's; every one has a default (the Manager's for the names they share). */
export interface WebSocketOptions extends ConnectionOptions {
  /**
   * Where the server's Engine listens. By default the URL's own path, or '/engine.io/' (a bare Engine's default)
   * when the URL has none: `ws://host/` and `ws://host/engine.io/` reach the same Engine, `ws://host/chat/` one
   * attached with `path: '/chat/'`. The URL's query goes along with every request.
   */
  path?: string;
  /**
   * Messages `send()` may queue while CONNECTING (first connect and reconnects); they go out in order on open.
   * A deliberate difference from the standard, whose `send()` throws InvalidStateError while CONNECTING.
   * One more is dropped with an `error` event whose `error.code` is 'ERR_BUFFER_FULL'. 0 turns buffering off:
   * `send()` while CONNECTING then throws InvalidStateError, as the native WebSocket does. Default 100.
   */
  maxBufferedMessages: number;
}
