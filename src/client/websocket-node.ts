/**
 * The `sockjet/websocket` entry for Node (package.json "exports" condition "node"): the same class, with the
 * `ws` package underneath when the runtime has no WebSocket (Node 20) and `ws` is installed.
 */
import { DEFAULTS } from './websocket-options.js';
import { nodeWebSocket } from './node-websocket.js';

export * from './websocket.js';

if (nodeWebSocket) DEFAULTS.WebSocket = nodeWebSocket;
