import { decodeBase64, encodeBase64 } from './base64.js';
import { decodePacket, toBytes, type EnginePacket, type EnginePacketType, type OutgoingEnginePacket } from './engine-packet.js';
import { fail, isProtocolError, type ProtocolError } from './protocol-error.js';

/*
 * Engine.IO protocol v3, spoken by Socket.IO v2 clients (the server's `allowEIO3`). It differs from v4 in framing
 * only (https://github.com/socketio/engine.io-protocol/tree/v3):
 * - a long-polling payload is `<length>:<packet>` records, the length in UTF-16 code units, a binary packet written
 *   `b<type><base64>`; a client able to send bytes POSTs a binary payload instead (see decodeBinaryPayloadV3);
 * - a binary WebSocket frame starts with its packet type as a byte (4 for a message).
 */

/** Longest length field: 9 digits is far beyond any payload the size limit lets in. */
const MAX_LENGTH_DIGITS = 9;

function textPacket({ type, data }: OutgoingEnginePacket): string {
  if (data == null || typeof data == 'string') return type + (data ?? '');
  return 'b' + type + encodeBase64(toBytes(data));
}

/** Joins packets into a v3 text payload. */
export function encodePayloadV3(packets: readonly OutgoingEnginePacket[]): string {
  let out = '';
  for (const packet of packets) {
    const text = textPacket(packet);
    out += text.length + ':' + text;
  }
  return out;
}

/** A v3 WebSocket frame's content: text as in v4, bytes behind their packet type. */
export function encodePacketV3(packet: OutgoingEnginePacket): string | Uint8Array {
  const { type, data } = packet;
  if (data == null || typeof data == 'string') return type + (data ?? '');
  const bytes = toBytes(data);
  const out = new Uint8Array(bytes.byteLength + 1);
  out[0] = type;
  out.set(bytes, 1);
  return out;
}

/** One packet of a v3 payload or WebSocket frame. Never throws. */
export function decodePacketV3(raw: string | Uint8Array): EnginePacket | ProtocolError {
  if (typeof raw != 'string') {
    const type = raw[0];
    if (type === undefined || type > 6) return fail('ERR_UNKNOWN_PACKET_TYPE');
    return { type: type as EnginePacketType, data: raw.subarray(1) };
  }
  if (raw[0] != 'b') return decodePacket(raw);
  const type = raw.charCodeAt(1) - 48;
  if (!(type >= 0 && type < 7)) return fail('ERR_UNKNOWN_PACKET_TYPE');
  const data = decodeBase64(raw.slice(2));
  return isProtocolError(data) ? data : { type: type as EnginePacketType, data };
}

/** Splits a v3 text payload (`<length>:<packet>...`) into packets; the first bad record fails it all. */
export function decodePayloadV3(payload: string): EnginePacket[] | ProtocolError {
  if (!payload) return fail('ERR_EMPTY_PAYLOAD');
  const packets: EnginePacket[] = [];
  let i = 0;
  while (i < payload.length) {
    const colon = payload.indexOf(':', i);
    const digits = payload.slice(i, colon);
    if (colon < 0 || !digits || digits.length > MAX_LENGTH_DIGITS || !/^\d+$/.test(digits)) return fail('ERR_INVALID_PAYLOAD');
    const length = Number(digits);
    const record = payload.slice(colon + 1, colon + 1 + length);
    if (record.length !== length) return fail('ERR_INVALID_PAYLOAD');
    const packet = decodePacketV3(record);
    if (isProtocolError(packet)) return packet;
    packets.push(packet);
    i = colon + 1 + length;
  }
  return packets;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Splits a v3 binary payload into packets: each record is a kind byte (0 text, 1 binary), its length as decimal
 * digit bytes ended by 255, then the packet (UTF-8 text, or the type byte and the data).
 */
export function decodeBinaryPayloadV3(payload: Uint8Array): EnginePacket[] | ProtocolError {
  if (!payload.length) return fail('ERR_EMPTY_PAYLOAD');
  const packets: EnginePacket[] = [];
  let i = 0;
  while (i < payload.length) {
    const kind = payload[i++];
    if (kind !== 0 && kind !== 1) return fail('ERR_INVALID_PAYLOAD');
    let length = 0;
    let digits = 0;
    for (; payload[i] !== 255; i++) {
      const d = payload[i];
      if (d === undefined || d > 9 || ++digits > MAX_LENGTH_DIGITS) return fail('ERR_INVALID_PAYLOAD');
      length = length * 10 + d;
    }
    i++;
    if (!digits || i + length > payload.length) return fail('ERR_INVALID_PAYLOAD');
    const body = payload.subarray(i, i + length);
    i += length;
    let packet: EnginePacket | ProtocolError;
    if (kind === 1) packet = decodePacketV3(body);
    else {
      let text: string;
      try {
        text = utf8.decode(body);
      } catch {
        // Not UTF-8: the record is refused like any other malformed one.
        return fail('ERR_INVALID_PAYLOAD');
      }
      packet = decodePacketV3(text);
    }
    if (isProtocolError(packet)) return packet;
    packets.push(packet);
  }
  return packets;
}
