import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket } from 'ws';
import { io, type Socket } from '../../src/client/index.js';

/** Listens on 127.0.0.1, port 0, and gives the base URL. */
export async function listen(http: HttpServer): Promise<string> {
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
}

/** A sockjet client for a demo server (Node 20 has no global WebSocket, so `ws` provides it). */
export function client(url: string, opts: Record<string, unknown> = {}): Socket {
  return io(url, { WebSocket: WebSocket as unknown as typeof globalThis.WebSocket, forceNew: true, reconnection: false, ...opts });
}

export function once<T = unknown>(socket: Socket, event: string): Promise<T> {
  return new Promise((resolve) => socket.once(event as never, ((value: T) => resolve(value)) as never));
}
