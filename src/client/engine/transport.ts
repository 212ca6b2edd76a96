import type { EnginePacket, OutgoingEnginePacket } from '../../protocol/engine-packet.js';

/**
 * How a transport reports to its owner (the engine session, or an upgrade probe), as one function so the
 * transports stay tiny:
 * - a packet: a decoded Engine.IO packet;
 * - a string: the transport is gone, for this reason ('transport close', 'transport error', 'parse error');
 *   reported at most once, and nothing after it;
 * - nothing: the transport is ready (a WebSocket opened, or a long-polling POST came back: `send` again).
 */
export type TransportSink = (event?: EnginePacket | string) => void;

/** Every transport's one interface, so the session never asks which one it has. */
export interface Transport {
  /** Who hears about packets and closes; the session swaps it when a probed transport takes over. */
  s: TransportSink;
  /** Request URL: the session appends `&sid=...` after the handshake. */
  u: string;
  /** The Engine.IO name, set by the session (as Socket.IO's `transport.name`). */
  name?: string;
  /** True when `send` may be called now. */
  w: boolean;
  /** Writes from the head of `packets`; returns how many it took (long-polling takes what fits `max` bytes). */
  send(packets: readonly OutgoingEnginePacket[], max: number): number;
  /** Stops without telling the sink; a pending GET is aborted. */
  close(): void;
  /** Long-polling only: finish what is in flight, start nothing new, then call `done`. */
  pause?(done: () => void): void;
}

/** Options the engine hands to every transport. */
export interface TransportOptions {
  /** A constructor with the browser's WebSocket API. */
  WebSocket?: new (url: string) => WebSocket;
  withCredentials?: boolean;
  /** Extra request headers for long-polling (e.g. cookies or tokens in Node). */
  extraHeaders?: Record<string, string>;
}

/**
 * A transport factory: `(url, sink, opts) => Transport`, throwing when it cannot even start. `n` is its
 * Engine.IO name (the `transport=` query value). Passing factories, not names, lets a bundler drop the
 * transports an app never lists.
 */
export interface TransportFactory {
  n: string;
  (url: string, sink: TransportSink, opts: TransportOptions): Transport;
}

/** Hands decoded packets to the sink in order, reporting 'parse error' (and stopping) at the first bad one. */
export function report(sink: TransportSink, decoded: (EnginePacket | Error)[]): void {
  for (const p of decoded) {
    if (p instanceof Error) return sink('parse error');
    sink(p);
  }
}
