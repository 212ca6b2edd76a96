/**
 * The `sockjet/websocket` entry for Node (package.json "exports" condition "node"): the same class, with the
 * `ws` package underneath when the runtime has no WebSocket (Node 20) and `ws` is installed.
 */
import './node-websocket.js';

export * from './websocket.js';
