/**
 * The `sockjet/websocket` entry for Node (package.json "exports" condition "node"): the same class, with the
 * `ws` package underneath when the runtime has none (Node 20) and `ws` is installed.
 */
import { useWsWhenNeeded } from './node-websocket.js';

useWsWhenNeeded();

export * from './websocket.js';
