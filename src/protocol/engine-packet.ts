import { decodeBase64, encodeBase64 } from './base64.js';
import { fail, isProtocolError, type ProtocolError } from './protocol-error.js';

/** Engine.IO v4 packet types (https://socket.io/docs/v4/engine-io-protocol/#packet-encoding). */
export const EnginePacketType = {
  OPEN: 0,
  CLOSE: 1,
  PING: 2,
  PONG: 3,
  MESSAGE: 4,
  UPGRADE: 5,
  NOOP: 6,
} as const;
export type EnginePacketType = (typeof EnginePacketType)[keyof typeof EnginePacketType];

/** The packet types' names, by type: engine.io's events show a packet as `{ type: 'message', data: 'hello' }`. */
export const ENGINE_PACKET_NAMES = ['open', 'close', 'ping', 'pong', 'message', 'upgrade', 'noop'] as const;
export type EnginePacketName = (typeof ENGINE_PACKET_NAMES)[number];

/** What a user may hand over as binary: bytes in any view (a Node `Buffer` is a `Uint8Array`). */
export type BinaryInput = ArrayBuffer | ArrayBufferView;

/** A decoded packet: binary data always arrives as a `Uint8Array`. */
export interface EnginePacket {
  type: EnginePacketType;
  data?: string | Uint8Array;
}

/** A packet on its way out: binary data may be any view or an ArrayBuffer. */
export interface OutgoingEnginePacket {
  type: EnginePacketType;
  data?: string | BinaryInput;
}

/** The 0x1e record separator between packets in a long-polling payload. */
export const PAYLOAD_SEPARATOR = '\x1e';

/** The bytes of any binary input, as a Uint8Array over the same memory (no copy). */
export const toBytes = (data: BinaryInput): Uint8Array =>
  data instanceof Uint8Array
    ? data
    : ArrayBuffer.isView(data)
      ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
      : new Uint8Array(data);

/**
 * Encodes one packet. Binary message data becomes the raw bytes (a WebSocket binary frame) when the
 * transport carries binary, and `b` + base64 otherwise (long-polling).
 */
export function encodePacket({ type, data }: OutgoingEnginePacket, supportsBinary: boolean): string | Uint8Array {
  if (data == null || typeof data == 'string') return type + (data ?? '');
  const bytes = toBytes(data);
  return supportsBinary ? bytes : 'b' + encodeBase64(bytes);
}

/** Decodes one packet from a WebSocket frame or one record of a payload. Never throws. */
export function decodePacket(raw: string | BinaryInput): EnginePacket | ProtocolError {
  if (typeof raw != 'string') return { type: 4, data: toBytes(raw) };
  if (!raw) return fail('ERR_EMPTY_PACKET');
  const type = raw.charCodeAt(0) - 48;
  if (type == 50 /* 'b' */) {
    const data = decodeBase64(raw.slice(1));
    return isProtocolError(data) ? data : { type: 4, data };
  }
  if (!(type >= 0 && type < 7)) return fail('ERR_UNKNOWN_PACKET_TYPE');
  return raw.length > 1 ? { type: type as EnginePacketType, data: raw.slice(1) } : { type: type as EnginePacketType };
}

/** Joins packets into one long-polling payload. */
export const encodePayload = (packets: readonly OutgoingEnginePacket[]): string =>
  packets.map((p) => encodePacket(p, false)).join(PAYLOAD_SEPARATOR);

/** Splits a long-polling payload into packets; the first bad record fails the whole payload (and stops the
 * scan there, so a payload of a million separators costs no more than its first record). */
export function decodePayload(payload: string): EnginePacket[] | ProtocolError {
  if (!payload) return fail('ERR_EMPTY_PAYLOAD');
  const packets: EnginePacket[] = [];
  for (let start = 0; start <= payload.length; ) {
    let end = payload.indexOf(PAYLOAD_SEPARATOR, start);
    if (end < 0) end = payload.length;
    const packet = decodePacket(payload.slice(start, end));
    if (isProtocolError(packet)) return packet;
    packets.push(packet);
    start = end + 1;
  }
  return packets;
}
