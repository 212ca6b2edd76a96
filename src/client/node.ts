/**
 * The `sockjet` entry for Node (package.json "exports" condition "node"): the browser entry, plus the `ws`
 * package as the WebSocket when the runtime has none (Node 20) and `ws` is installed.
 */
import { useWsWhenNeeded } from './node-websocket.js';

useWsWhenNeeded();

export * from './index.js';
