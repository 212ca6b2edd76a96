/**
 * The `sockjet` entry for Node (package.json "exports" condition "node"): the browser entry, plus the `ws`
 * package as the WebSocket when the runtime has none (Node 20) and `ws` is installed. Kept out of index.ts so
 * no browser bundle ever sees `ws`; without it the client falls back to long-polling over fetch.
 */
import { DEFAULTS } from './manager.js';

export * from './index.js';

if (!globalThis.WebSocket) {
  try {
    DEFAULTS.WebSocket = (await import('ws')).WebSocket as unknown as typeof WebSocket;
  } catch {
    // No `ws`: long-polling alone.
  }
}
