import { WebSocket } from 'ws';
import { io, type IoOptions } from '../../src/client/index.js';
import type { Socket as ClientSocket } from '../../src/client/socket.js';

/** The `ws` client as the browser's WebSocket constructor (Node 20 has none of its own). */
const NodeWebSocket = WebSocket as unknown as typeof globalThis.WebSocket;

/** The transports a chaos client uses, by its index: every other one long-polling only, so both are exercised. */
export const transportsFor = (i: number): IoOptions['transports'] => (i % 2 ? ['polling'] : ['websocket']);

/** A sockjet client of its own (no shared Manager). */
export function sockjetClient(url: string, i: number, opts: Partial<IoOptions> = {}): ClientSocket {
  return io(url, { forceNew: true, WebSocket: NodeWebSocket, transports: transportsFor(i), ...opts });
}

/** Resolves once every socket has emitted 'connect' (again, if they were connected before). */
export function allConnect(sockets: readonly ClientSocket[]): Promise<void> {
  return Promise.all(sockets.map((s) => new Promise<void>((resolve) => s.once('connect', () => resolve())))).then(() => {});
}
