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
 * - `sink(undefined, reason)`: the transport is gone ('transport close', 'transport error', 'parse error',
 *   NOT_ENGINE_IO); reported at most once, and nothing after it;
 * - `sink()`: the transport became writable: `send` again. The first one while the session opens means the
 *   transport is connected and the handshake is on its way: a WebSocket opened (the server writes its open
 *   packet at once), while long-polling's first is after the poll that brought the handshake.
 */
export type TransportSink = (packet?: IncomingPacket, closeReason?: string) => void;

/**
 * Every transport's one interface, implemented in full by each (long-polling looks exactly like a WebSocket),
 * so the session never asks which one it has. `transport-contract.test.ts` runs every behaviour over each.
 */
export interface Transport {
  /** The Engine.IO name (Socket.IO's `socket.io.engine.transport.name`): 'websocket' or 'polling'. */
  readonly name: string;
  /** Who hears about packets and closes; the session swaps it when a probed transport takes over. */
  sink: TransportSink;
  /**
   * Request URL: the session appends `&sid=...` as it hears the handshake, before the transport's next request
   * (long-polling's next poll names the session this way).
   */
  url: string;
  /**
   * True when `send` may be called now: a WebSocket once open (so it carries writes before the handshake: the
   * server writes its open packet first); long-polling once its first poll brought the handshake (a POST needs
   * the session id) and while no POST is in flight. False from `pause` on.
   */
  writable: boolean;
  /**
   * How an orderly close ends the session: long-polling writes a close packet after the last messages; a
   * WebSocket's closing handshake says as much by itself, and a close packet there would make the server start
   * a closing handshake of its own that crosses ours.
   */
  readonly closePacket: boolean;
  /** Writes from the head of `packets`; returns how many it took (long-polling takes what fits `max` bytes). */
  send(packets: readonly OutgoingPacket[], max?: number): number;
  /**
   * For an upgrade: finishes what is in flight, starts nothing new (`writable` is false from here), then calls
   * `done`, after which the transport reports nothing more. Long-polling waits for its GET and its POST; a
   * WebSocket has nothing of its own in flight (the socket keeps sending what `send` gave it), so at once.
   */
  pause(done: () => void): void;
  /**
   * Stops without telling the sink; a pending GET is aborted. `bye`: the session ends here, so long-polling
   * also posts a close packet: a server whose last response was lost on the way (a cut proxy) has no request
   * of ours pending and would otherwise keep the session until its ping timeout, and a session still alive
   * there cannot be recovered by the next connection (issue 13). A WebSocket's close says as much by itself.
   */
  close(bye?: boolean): void;
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
 * A transport kind, passed as itself rather than by name so that an unused one can be left out of a bundle: its
 * Engine.IO name (the `transport=` query value, matched against the upgrades a server offers) and how to open
 * one, throwing when it cannot even start.
 */
export interface TransportFactory {
  name: string;
  open(url: string, sink: TransportSink, opts: TransportOptions): Transport;
}
