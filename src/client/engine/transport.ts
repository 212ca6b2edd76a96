/**
 * A message on its way out, already Engine.IO-encoded when it is text (`4hello`, `2probe`, `1`); bytes or a
 * Blob are a message packet's data, which a WebSocket sends as a binary frame (a native WebSocket reads a Blob
 * itself, in order) and long-polling as a `b` + base64 record.
 */
export type OutgoingPacket = string | ArrayBuffer | ArrayBufferView | Blob;

/**
 * Why an attempt failed when the server answered, but not as Engine.IO: an HTTP error other than Engine.IO's
 * (a 404), a first packet that is not a handshake, or a WebSocket server silent for a couple of seconds after
 * opening (an Engine.IO server writes its handshake with the upgrade response).
 */
export const NOT_ENGINE_IO = 'not an Engine.IO endpoint';
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
  /**
   * Stops without telling the sink; a pending GET is aborted. `bye`: the session ends here, so long-polling
   * also posts a close packet: a server whose last response was lost on the way (a cut proxy) has no request
   * of ours pending and would otherwise keep the session until its ping timeout, and a session still alive
   * there cannot be recovered by the next connection (issue 13). A WebSocket's close says as much by itself.
   */
  close(bye?: boolean): void;
  /** Long-polling only: finish what is in flight, start nothing new, then call `done`. */
  pause?(done: () => void): void;
}

/** Options the engine hands to every transport. */
export interface TransportOptions {
  /**
   * A constructor with the browser's WebSocket API. In Node, the `ws` package's takes a third argument whose
   * `headers` carry `extraHeaders` on the handshake (browsers ignore it: they cannot set headers there).
   */
  WebSocket?: new (url: string, protocols?: string | string[], options?: { headers?: Record<string, string> }) => WebSocket;
  withCredentials?: boolean;
  /**
   * Extra request headers (e.g. cookies or tokens in Node): on every long-polling request, and in Node on the
   * WebSocket handshake too (with the `ws` package, Node 20's default). A browser cannot set headers on a
   * WebSocket handshake, so there they go with long-polling only, as with socket.io-client.
   */
  extraHeaders?: Record<string, string>;
  /**
   * Node (socket.io-client's option): the client's timers and its WebSocket's TCP socket (the `ws` package's)
   * do not keep the process alive, so a process whose only handles are the client's exits.
   */
  autoUnref?: boolean;
  /**
   * @internal The goodbye of the owner's last long-polling session while it is on its way: the next session
   * starts after it, so that a recovering connection finds its old session closed (and stored) on the server.
   */
  _bye?: Promise<unknown>;
}

/**
 * A transport kind: its Engine.IO name (the `transport=` query value) and how to open one, throwing when it
 * cannot even start.
 */
export interface TransportFactory {
  name: string;
  open(url: string, sink: TransportSink, opts: TransportOptions): Transport;
}
