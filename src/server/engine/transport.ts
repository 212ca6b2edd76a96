import type { EnginePacket, OutgoingEnginePacket } from '../../protocol/engine-packet.js';
import type { TransportName } from './engine-options.js';
import type { PreparedMessage } from './prepared-message.js';

/** Why a transport gave up; the session turns it into its close reason. */
export type TransportFailure = 'transport error' | 'parse error';

/**
 * Where a transport reports to. The session implements it; every call names the transport, so one session
 * tells its current transport from an upgrade probe without a closure per transport.
 */
export interface TransportSink {
  _onPacket(transport: Transport, packet: EnginePacket): void;
  /** The transport became writable (long-polling: a GET is waiting for data). */
  _onReady(transport: Transport): void;
  /** What the transport held was flushed (a WebSocket's 'drain' after it backed up). */
  _onDrain(transport: Transport): void;
  _onFailure(transport: Transport, reason: TransportFailure, description: unknown): void;
  /** The peer closed the transport. */
  _onTransportClose(transport: Transport): void;
}

/** One shape for both transports, so the session never branches on which one it has. */
export interface Transport {
  readonly name: TransportName;
  /** The Engine.IO protocol revision it frames packets for: 4, or 3 for Socket.IO v2 clients (`allowEIO3`). */
  readonly protocol: 3 | 4;
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

/** The sink of a released transport: whatever it still says is dropped. */
export const DETACHED_SINK: TransportSink = {
  _onPacket() {},
  _onReady() {},
  _onDrain() {},
  _onFailure() {},
  _onTransportClose() {},
};
