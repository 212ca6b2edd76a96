import { ENGINE_PACKET_NAMES, type BinaryInput, type EnginePacketName, type OutgoingEnginePacket } from '../../protocol/engine-packet.js';
import type { TransportName } from './engine-options.js';

export type EngineCloseReason =
  | 'transport close'
  | 'transport error'
  | 'ping timeout'
  | 'parse error'
  | 'forced close'
  | 'server shutting down'
  /** More than `maxWriteBufferSize` bytes waited for a peer that does not read (see `Connection#bufferedAmount`). */
  | 'slow consumer';

/** What a connection tells about its transport. */
export interface TransportInfo {
  readonly name: TransportName;
}

export type ConnectionState = 'opening' | 'open' | 'closing' | 'closed';

/** Engine.IO packet type names, as engine.io's `packet` and `packetCreate` events give them (the protocol's list). */
export type { EnginePacketName };

/** A packet as the `packet` and `packetCreate` events report it (engine.io's shape). */
export interface PacketEvent {
  type: EnginePacketName;
  data?: string | BinaryInput;
  /** Outgoing packets only: whether the packet may be compressed. */
  options?: { compress: boolean };
}

export type ConnectionEvents = {
  message: [data: string | Buffer];
  close: [reason: EngineCloseReason, description?: unknown];
  upgrade: [transport: TransportInfo];
  /** A WebSocket sent the upgrade probe: the upgrade to it is under way. */
  upgrading: [transport: TransportInfo];
  drain: [];
  /** The client answered a ping: the connection is alive. */
  heartbeat: [];
  packet: [packet: PacketEvent];
  packetCreate: [packet: PacketEvent];
};

/** The `packet` / `packetCreate` event of `packet`; built only when someone listens. */
export const packetEvent = (packet: OutgoingEnginePacket, compress?: boolean): PacketEvent => {
  const event: PacketEvent = { type: ENGINE_PACKET_NAMES[packet.type]! };
  if (packet.data !== undefined) event.data = packet.data;
  if (compress !== undefined) event.options = { compress };
  return event;
};
