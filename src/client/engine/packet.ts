import type { EnginePacket, OutgoingEnginePacket } from '../../protocol/engine-packet.js';

/**
 * The client's Engine.IO packet codec: a compact twin of src/protocol/engine-packet.ts (same wire format, same
 * tests) that leans on the platform's atob/btoa for long-polling's base64 records, for the browser bundle's
 * size budget. Never throws on input: a bad packet decodes to an Error.
 */

export const toBytes = (d: ArrayBuffer | ArrayBufferView) =>
  ArrayBuffer.isView(d) ? new Uint8Array(d.buffer, d.byteOffset, d.byteLength) : new Uint8Array(d);

/** Binary becomes raw bytes when the transport carries binary (WebSocket), else `b` + base64 (long-polling). */
export function encodePacket({ type, data }: OutgoingEnginePacket, binary: boolean): string | Uint8Array {
  if (data == null || typeof data == 'string') return type + (data ?? '');
  const b = toBytes(data);
  if (binary) return b;
  let s = '';
  for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i]!);
  return 'b' + btoa(s);
}

/** One packet from a WebSocket frame or one payload record. */
export function decodePacket(raw: string | ArrayBuffer | ArrayBufferView): EnginePacket | Error {
  if (typeof raw != 'string') return { type: 4, data: toBytes(raw) };
  const type = raw.charCodeAt(0) - 48;
  const data = raw.slice(1);
  if (type == 50 /* b */) {
    try {
      return { type: 4, data: Uint8Array.from(atob(data), (c) => c.charCodeAt(0)) };
    } catch (e) {
      return e as Error;
    }
  }
  if (!(type >= 0 && type < 7)) return Error('bad packet');
  return data ? { type: type as EnginePacket['type'], data } : { type: type as EnginePacket['type'] };
}
