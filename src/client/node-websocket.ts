/**
 * For the Node entries: when the runtime has no WebSocket of its own (Node 20), the `ws` package's (an
 * optional peer dependency) becomes the default of every Manager and sockjet WebSocket, if it is installed;
 * otherwise the client runs on long-polling. Only the Node entries import this file, so no browser bundle
 * ever sees `ws`.
 */
import { DEFAULTS } from './defaults.js';

if (!globalThis.WebSocket)
  await import('ws').then(
    (ws) => (DEFAULTS.WebSocket = ws.WebSocket as unknown as typeof WebSocket),
    () => undefined,
  );
