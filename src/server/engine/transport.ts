import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EnginePacket, OutgoingEnginePacket } from '../../protocol/engine-packet.js';
import type { TransportName } from './engine-options.js';
import type { PreparedMessage } from './prepared-message.js';

/** Why a transport gave up; the session turns it into its close reason. */
export type TransportFailure = 'transport error' | 'parse error';

/**
 * Where a transport reports to: its session, or the upgrade that probes it. Every call names the transport, so
 * one sink tells its current transport from a released one without a closure per transport.
 */
export interface TransportSink {
  // @internal members, like those of the classes that implement them (stripped from the published declarations).
  /** @internal */
  _onPacket(transport: Transport, packet: EnginePacket): void;
  /** @internal The transport became writable (long-polling: a GET is waiting for data). */
  _onReady(transport: Transport): void;
  /** @internal What the transport held was flushed (a WebSocket's 'drain' after it backed up). */
  _onDrain(transport: Transport): void;
  /** @internal */
  _onFailure(transport: Transport, reason: TransportFailure, description: unknown): void;
  /** @internal The peer closed the transport. */
  _onTransportClose(transport: Transport): void;
}

/**
 * One shape for every transport. The session and the engine ask it what they need to know (does it take HTTP
 * requests, what may it upgrade to, may a close go out now) and never which transport it is: `name` is for the
 * wire (`transport=`, the handshake's `upgrades`), for events and for logs.
 */
export interface Transport {
  readonly name: TransportName;
  /** The Engine.IO protocol revision it frames packets for: 4, or 3 for Socket.IO v2 clients (`allowEIO3`). */
  readonly protocol: 3 | 4;
  /**
   * Whether HTTP requests carry this session's packets (long-polling's GETs and POSTs): the engine hands a
   * session's requests to `onRequest` while its transport takes them, and refuses them otherwise (400), as engine.io.
   */
  readonly handlesRequests: boolean;
  /** The transports a session on this one may move to, as the handshake's `upgrades` lists them (before options). */
  readonly upgradesTo: readonly TransportName[];
  /** True when `send` writes now (long-polling: a GET is pending; WebSocket: the socket is open). */
  readonly writable: boolean;
  /**
   * True while a write is still in flight (WebSocket: bytes not yet handed to the kernel). Packets may still be
   * sent; Socket.IO's `volatile` drops its packet instead, so a slow client does not pile them up.
   */
  readonly busy: boolean;
  sink: TransportSink;
  /** Bytes written and not yet handed to the network (long-polling hands each response over whole: 0). */
  readonly bufferedAmount: number;
  /** An HTTP request of this session (see `handlesRequests`); a transport that takes none answers it 400. */
  onRequest(req: IncomingMessage, res: ServerResponse): void;
  /**
   * Whether a closing session may end now while `pending` packets wait to be written. A transport that writes
   * unasked (WebSocket) sends them and the close packet at once: always. One that writes only into the peer's
   * request (long-polling) only when a GET waits and nothing is pending; otherwise the session lets the peer
   * collect what is pending first, then the close packet (see `Connection#close`).
   */
  canCloseNow(pending: boolean): boolean;
  /** Writes packets; only called while `writable`. */
  send(packets: readonly OutgoingEnginePacket[], compress: boolean): void;
  sendPacket(packet: OutgoingEnginePacket, compress: boolean): void;
  /** Writes messages encoded once for many connections, reusing what `PreparedMessage` caches. */
  sendPrepared(messages: readonly PreparedMessage[], compress: boolean): void;
  /** Releases the transport; it reports nothing afterwards. A WebSocket closes with `code` and `reason` if given. */
  close(code?: number, reason?: string): void;
  /** Releases the transport without a goodbye, dropping whatever it still holds (a peer that stopped reading). */
  terminate(): void;
}

/** How a client opens each transport: a WebSocket with an HTTP upgrade, long-polling with plain requests. */
export const OPENS_WITH_UPGRADE: Readonly<Record<TransportName, boolean>> = { polling: false, websocket: true };

/** The sink of a released transport: whatever it still says is dropped. */
export const DETACHED_SINK: TransportSink = {
  _onPacket() {},
  _onReady() {},
  _onDrain() {},
  _onFailure() {},
  _onTransportClose() {},
};
