// The <script> build's entry: everything lands on the global `sockjet`, and `io` is defined beside it.
export { io, Manager, Socket } from './client/index.js';
export { WebSocket } from './client/websocket.js';
