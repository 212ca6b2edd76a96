/**
 * A message on its way out, already Engine.IO-encoded when it is text (`4hello`, `2probe`, `1`); bytes or a
 * Blob are a message packet's data, which a WebSocket sends as a binary frame (a native WebSocket reads a Blob
 * itself, in order) and long-polling as a `b` + base64 record.
 */
export type OutgoingPacket = string | ArrayBuffer | ArrayBufferView | Blob;

/** A packet as received: the text record (`<type><data>`), or the bytes of a binary message packet. */
export type IncomingPacket = string | ArrayBuffer;

/**
 * How a transport reports to its owner (the engine session, or an upgrade probe), as one function so the
 * transports stay tiny:
 * - `sink(packet)`: a packet arrived;
 * - `sink(undefined, reason)`: the transport is gone ('transport close', 'transport error', 'parse error');
 *   reported at most once, and nothing after it;
 * - `sink()`: the transport is ready (a WebSocket opened, or a long-polling POST came back: `send` again).
 */
export type TransportSink = (packet?: IncomingPacket, closeReason?: string) => void;

/** Every transport's one interface, so the session never asks which one it has. */
export interface Transport {
  /** The Engine.IO name, set by the session (Socket.IO's `socket.io.engine.transport.name`). */
  name?: string;
  /** Who hears about packets and closes; the session swaps it when a probed transport takes over. */
  sink: TransportSink;
  /** Request URL: the session appends `&sid=...` after the handshake. */
  url: string;
  /** True when `send` may be called now. */
  writable: boolean;
  /** Writes from the head of `packets`; returns how many it took (long-polling takes what fits `max` bytes). */
  send(packets: readonly OutgoingPacket[], max?: number): number;
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
 * A transport kind: its Engine.IO name (the `transport=` query value) and how to open one, throwing when it
 * cannot even start.
 */
export interface TransportFactory {
  name: string;
  open(url: string, sink: TransportSink, opts: TransportOptions): Transport;
}
