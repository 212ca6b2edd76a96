/**
 * The small slice of the Socket.IO API the scenarios use. Each scenario is written once against these shapes;
 * bench/impl/* adapts sockjet, socket.io and raw `ws` to them.
 */

export type Ack = (response: unknown) => void;

/** A connected client, as the scenarios see it. */
export interface BenchClient {
  emit(event: string, data: unknown, ack?: Ack): void;
  on(event: string, handler: (data: unknown) => void): void;
  close(): void;
}

/** One connection as the server sees it. */
export interface BenchServerSocket {
  on(event: string, handler: (data: unknown, ack?: Ack) => void): void;
  emit(event: string, data: unknown): void;
  join(room: string): void;
}

export interface BenchServer {
  readonly port: number;
  onConnection(handler: (socket: BenchServerSocket) => void): void;
  /** Send one event to every connection in `room`. */
  broadcast(room: string, event: string, data: unknown): void;
  connectionCount(): number;
  close(): Promise<void>;
}

/** How a client reaches the server: `default` is the library's own choice (socket.io: polling then upgrade). */
export type Strategy = 'websocket' | 'default';

export interface Implementation {
  readonly name: ImplName;
  listen(): Promise<BenchServer>;
  /** Resolves on the connect event (raw ws: on open); `strategy` is ignored by raw ws. */
  connect(port: number, strategy: Strategy): Promise<BenchClient>;
}

export const IMPL_NAMES = ['sockjet', 'socketio', 'ws'] as const;
export type ImplName = (typeof IMPL_NAMES)[number];
