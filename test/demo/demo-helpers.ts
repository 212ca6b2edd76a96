import type { Server as HttpServer } from 'node:http';
import { io, type Socket } from '../../src/client/index.js';
import { listen, NodeWebSocket } from '../support/net.js';

/** Listens on 127.0.0.1, port 0, and gives the base URL. */
export async function listenUrl(http: HttpServer): Promise<string> {
  return `http://127.0.0.1:${await listen(http)}`;
}

/** A sockjet client for a demo server (Node 20 has no global WebSocket, so `ws` provides it). */
export function client(url: string, opts: Record<string, unknown> = {}): Socket {
  return io(url, { WebSocket: NodeWebSocket, forceNew: true, reconnection: false, ...opts });
}
