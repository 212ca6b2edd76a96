import { io, type IoOptions } from '../../src/client/index.js';
import type { Socket as ClientSocket } from '../../src/client/socket.js';
import { once, WAIT_MS } from '../support/events.js';
import { NodeWebSocket } from '../support/net.js';
import { size } from './chaos-env.js';

/** The transports a chaos client uses, by its index: every other one long-polling only, so both are exercised. */
export const transportsFor = (i: number): IoOptions['transports'] => (i % 2 ? ['polling'] : ['websocket']);

/** A sockjet client of its own (no shared Manager). */
export function sockjetClient(url: string, i: number, opts: Partial<IoOptions> = {}): ClientSocket {
  return io(url, { forceNew: true, WebSocket: NodeWebSocket, transports: transportsFor(i), ...opts });
}

/** Resolves once every socket has emitted 'connect' (again, if they were connected before). */
export async function allConnect(sockets: readonly ClientSocket[]): Promise<void> {
  await Promise.all(sockets.map((s) => once(s, 'connect', { timeout: size(WAIT_MS, 120_000) })));
}
