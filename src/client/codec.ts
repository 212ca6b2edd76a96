import { toBytes } from './engine/packet.js';
import { RESERVED_EVENTS, type SocketPacket } from '../protocol/socket-packet.js';

/**
 * The client's Socket.IO v5 codec (https://socket.io/docs/v4/socket-io-protocol/#packet-format), a compact
 * twin of src/protocol/socket-encoder.ts and socket-decoder.ts for the browser bundle's size budget. It takes
 * JSON's own walks (a stringify replacer, a parse reviver) instead of walking the data again. The decoder never
 * throws and returns an Error for bad input, as the shared one does; the shared codec's tests define the
 * wire format both follow.
 */

const isBinary = (v: unknown): v is ArrayBuffer | ArrayBufferView => v instanceof ArrayBuffer || ArrayBuffer.isView(v);

/** Most attachments one packet may announce (the shared DEFAULT_LIMITS value). */
const MAX_ATTACHMENTS = 10;

/** Text first, then one binary message per attachment (`{"_placeholder":true,"num":i}` in the JSON). */
export function encodeSocketPacket(p: SocketPacket): [string, ...Uint8Array[]] {
  const att: Uint8Array[] = [];
  // The replacer sees values after toJSON (a Buffer's would be {type,data}), so it reads the holder instead.
  const json =
    p.data === undefined
      ? ''
      : JSON.stringify(p.data, function (this: Record<string, unknown>, k, v) {
          const raw = this[k];
          return isBinary(raw) ? { _placeholder: true, num: att.push(toBytes(raw)) - 1 } : v;
        });
  const n = att.length;
  return [
    (n ? p.type + (p.type < 4 ? 3 : 0) + '' + n + '-' : p.type) +
      (p.nsp != '/' ? p.nsp + ',' : '') +
      (p.id ?? '') +
      json,
    ...att,
  ];
}

const bad = () => new Error('invalid packet');

/** Turns Engine.IO messages back into packets; a binary packet waits for its attachments. Never throws. */
export class SocketDecoder {
  /** The packet waiting for attachments, its count, the attachments so far and where they go. */
  private p?: [packet: SocketPacket, count: number, parts: Uint8Array[], slots: [Record<string, unknown>, string, number][]];

  add(chunk: string | Uint8Array): SocketPacket | null | Error {
    const w = this.p;
    if (typeof chunk != 'string') {
      if (!w) return bad();
      if (w[2].push(chunk) < w[1]) return null;
      this.p = undefined;
      for (const [holder, key, num] of w[3]) holder[key] = w[2][num];
      return w[0];
    }
    this.p = undefined;
    if (w) return bad();
    // type, attachments, namespace, ack id, JSON
    const m = /^([0-6])(?:([1-9]\d?)-)?(\/[^,]*,)?(0|[1-9]\d{0,14})?([^]*)$/.exec(chunk);
    if (!m) return bad();
    const type = +m[1]! as SocketPacket['type'];
    const n = +(m[2] ?? 0);
    const slots: [Record<string, unknown>, string, number][] = [];
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    let data: any;
    try {
      if (m[5])
        data = JSON.parse(m[5], function (this: Record<string, unknown>, k, v) {
          // As the shared decoder does: data with a `__proto__` key is refused (user code may merge it).
          if (k == '__proto__') throw 0;
          if (n && v?._placeholder === true) {
            const num = v.num;
            if (!(Number.isInteger(num) && num >= 0 && num < n)) throw 0;
            slots.push([this, k, num]);
          }
          return v;
        });
    } catch {
      return bad();
    }
    const array = Array.isArray(data);
    const ev = type == 2 || type == 5;
    const ack = type == 3 || type == 6;
    const name = array && data[0];
    if (
      // binary types, and only they, carry attachments; an ack id goes on events (optional) and acks (required)
      (type > 4) != n > 0 ||
      n > MAX_ATTACHMENTS ||
      (m[4] ? !(ev || ack) : ack) ||
      (ev
        ? // EVENT: a name that is a number or a non-reserved string
          !(typeof name == 'number' || (typeof name == 'string' && !RESERVED_EVENTS.has(name)))
        : ack
          ? !array
          : type == 4
            ? // CONNECT_ERROR: a message
              !(typeof data == 'string' || typeof data?.message == 'string')
            : // CONNECT: an object or nothing; DISCONNECT: nothing
              data !== undefined && (type || !data || typeof data != 'object' || array))
    )
      return bad();
    const packet: SocketPacket = { type, nsp: m[3]?.slice(0, -1) ?? '/', data };
    if (m[4]) packet.id = +m[4];
    if (!n) return packet;
    this.p = [packet, n, [], slots];
    return null;
  }

  reset(): void {
    this.p = undefined;
  }
}
