/**
 * For the Node entries: when the runtime has no WebSocket of its own (Node 20), the `ws` package's (an
 * optional peer dependency) becomes the default of every Manager and sockjet WebSocket, if it is installed;
 * otherwise the client runs on long-polling. Only the Node entries call this, so no browser bundle ever sees
 * `ws`.
 *
 * A synchronous `require` rather than `await import('ws')`: a top-level await would make the entry impossible
 * to `require()` (ERR_REQUIRE_ASYNC_MODULE), and the CommonJS build could not be made at all. The entry calls
 * this itself, rather than importing a module for its side effect, so a bundler cannot drop the call
 * (package.json "sideEffects" names the Node entries).
 */
import { createRequire } from 'node:module';
import { DEFAULTS } from './defaults.js';

export function useWsWhenNeeded(): void {
  if (globalThis.WebSocket || DEFAULTS.WebSocket) return;
  try {
    DEFAULTS.WebSocket = createRequire(import.meta.url)('ws').WebSocket as typeof WebSocket;
  } catch (err) {
    // Not installed: long-polling alone. Anything else (a broken install) is not hidden.
    if ((err as { code?: unknown }).code !== 'MODULE_NOT_FOUND') throw err;
  }
}
