import type { BackoffOptions } from '../shared/backoff.js';
import type { EngineOptions } from './engine/engine.js';

/** What the Manager and the WebSocket drop-in both take: the engine's options and Socket.IO's reconnection ones. */
export interface ConnectionOptions extends EngineOptions, BackoffOptions {
  /** Reconnect after an unexpected close, with exponential backoff and jitter. */
  reconnection: boolean;
  reconnectionAttempts: number;
}

/**
 * Socket.IO's defaults for both. The default transports, websocket then polling, fall back to long-polling
 * when no WebSocket opens. A Node entry (`node.ts`, `websocket-node.ts`) puts the `ws` package's WebSocket
 * here when the runtime has none.
 */
export const DEFAULTS: ConnectionOptions = {
  transports: ['websocket', 'polling'],
  upgrade: true,
  reconnection: true,
  reconnectionAttempts: Infinity,
  reconnectionDelay: 1000,
  reconnectionDelayMax: 5000,
  randomizationFactor: 0.5,
};

