import { fillPlaceholders, findPlaceholders, type PlaceholderSlots } from './binary.js';
import type { BinaryInput } from './engine-packet.js';
import { DEFAULT_LIMITS, type ProtocolLimits } from './limits.js';
import { fail, isProtocolError, type ProtocolError } from './protocol-error.js';
import { RESERVED_EVENTS, type SocketPacket, type SocketPacketType } from './socket-packet.js';

/*
 * Validation covers socket.io-parser 4.2.7's fixes: CVE-2020-36049 (cost of huge packets: every scan here is
 * bounded or linear), CVE-2022-2421 (placeholder `num` such as "splice"), CVE-2023-32695 (a non-string
 * event name), CVE-2026-33151 (unbounded attachment count) and CVE-2026-69185 (zero attachments). It is
 * stricter where every known encoder already complies:
 * - counts and ack ids are canonical decimal (no leading zero) of at most 15 digits;
 * - ack ids only on EVENT/ACK (required on ACK), attachment counts only on BINARY_*;
 * - the payload starts right after the header, without whitespace;
 * - CONNECT_ERROR needs a payload: a string, or an object with a string `message`;
 * - placeholder `num` is an integer in [0, attachments), checked before any attachment is buffered;
 * - `__proto__` keys anywhere in the payload are refused (see binary.ts).
 */

/** A binary packet whose text has been parsed, waiting for its attachments: packet, count, slots, received. */
type Pending = [SocketPacket, number, PlaceholderSlots, unknown[]];

/** Longest count or ack id: 15 digits stay a safe integer. */
const MAX_DIGITS = 15;

/** End of the digit run starting at `i` (`c ^ 48` is below 10 for '0'..'9' only, and NaN past the end). */
function digitsEnd(text: string, i: number): number {
  while ((text.charCodeAt(i) ^ 48) < 10) i++;
  return i;
}

/** Reads `<header>[JSON]`; the checks run in the order that gives each bad input its most precise code. */
function parse(text: string, maxAttachments: number): SocketPacket | Pending | ProtocolError {
  if (!text) return fail('ERR_EMPTY_PACKET');
  const type = text.charCodeAt(0) - 48;
  if (!(type >= 0 && type < 7)) return fail('ERR_UNKNOWN_PACKET_TYPE');
  // `<type>[<attachments>-][<nsp>,][<ack id>]`: each field is looked for once, so a run of a megabyte of digits
  // or namespace costs one pass; the checks below give bad values their codes.
  let i = digitsEnd(text, 1);
  let count: string | undefined;
  let nsp = '/';
  if (text[i] == '-') count = text.slice(1, i++);
  else i = 1;
  if (text[i] == '/') {
    // The namespace runs to the first comma, or to the end of the packet when there is none: `40/custom` and
    // `41/custom` are how some clients write a packet with nothing after the namespace, and socket.io-parser
    // reads `40/custom{"token":1}` as the namespace `/custom{"token":1}` (which the server then refuses).
    const comma = text.indexOf(',', i);
    nsp = text.slice(i, comma < 0 ? text.length : comma);
    i = comma < 0 ? text.length : comma + 1;
  }
  const end = digitsEnd(text, i);
  const id = text.slice(i, end);
  const n = +count!;
  // Attachment counts only on BINARY_*, canonical (no leading zero, so not 0), and within the limit.
  if (count != null && type < 5) return fail('ERR_INVALID_ATTACHMENTS');
  if (count!?.length > MAX_DIGITS || n > maxAttachments) return fail('ERR_TOO_MANY_ATTACHMENTS');
  if (type > 4 && !(n && count![0] != '0')) return fail('ERR_INVALID_ATTACHMENTS');
  const json = text.slice(end);
  // Ids are canonical, only EVENT and ACK packets carry one, and an ACK must.
  if (id ? id.length > MAX_DIGITS || (id[0] == '0' && id.length > 1) || type < 2 || type == 4 : type % 3 == 0 && type) {
    return fail('ERR_INVALID_ACK_ID');
  }
  const packet: SocketPacket = { type: type as SocketPacketType, nsp };
  if (id) packet.id = +id;
  let data: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  if (json) {
    try {
      // No encoder writes whitespace before the payload, and socket.io-parser would read " [" as ack id 0.
      if (json.charCodeAt(0) <= 32) throw 0;
      packet.data = data = JSON.parse(json);
    } catch {
      return fail('ERR_INVALID_JSON');
    }
  }
  // The payload each type allows (https://socket.io/docs/v4/socket-io-protocol/#packet-format).
  if (type % 3 == 2) {
    // EVENT, BINARY_EVENT: a non-empty array whose name is a number or a string that is not reserved.
    if (!Array.isArray(data) || !data.length) return fail('ERR_INVALID_PAYLOAD');
    const name = data[0];
    if (typeof name != 'number') {
      if (typeof name != 'string') return fail('ERR_INVALID_EVENT_NAME');
      if (RESERVED_EVENTS.has(name)) return fail('ERR_RESERVED_EVENT_NAME');
    }
  } else if (
    !(type == 0 // CONNECT: an object or nothing
      ? data === undefined || isObject(data)
      : type == 1 // DISCONNECT: nothing
        ? data === undefined
        : type == 4 // CONNECT_ERROR: a message
          ? typeof data == 'string' || (isObject(data) && typeof data.message == 'string')
          : Array.isArray(data)) // ACK, BINARY_ACK
  ) {
    return fail('ERR_INVALID_PAYLOAD');
  }
  // The hot path skips the walk: a `__proto__` key is spelled out or written with a \u escape, and a binary
  // packet is always walked, since that finds its placeholders.
  if (!n && !json.includes('__proto__') && !json.includes('\\u')) return packet;
  const slots = findPlaceholders(data, n);
  if (isProtocolError(slots)) return slots;
  return n ? [packet, n, slots, []] : packet;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v == 'object' && v !== null && !Array.isArray(v);

/**
 * Turns Engine.IO messages back into Socket.IO packets. A BINARY_EVENT/BINARY_ACK text is held until its
 * attachments have arrived, each as its own binary message, which is put into the data as it came (a
 * Uint8Array from the server's transports). The decoded type stays as on the wire.
 * @example
 * const decoder = new SocketDecoder();
 * decoder.add('51-["file",{"_placeholder":true,"num":0}]'); // null: waiting for one attachment
 * decoder.add(bytes); // { type: 5, nsp: '/', data: ['file', bytes] }
 */
export class SocketDecoder {
  private readonly _maxAttachments: number;
  /** A binary packet waiting for its attachments. */
  private _pending?: Pending;

  constructor(limits?: Partial<ProtocolLimits>) {
    this._maxAttachments = limits?.maxAttachments ?? DEFAULT_LIMITS.maxAttachments;
  }

  /** Feeds one Engine.IO message. Returns a packet, null while attachments are due, or a ProtocolError
   * (after which the decoder has reset itself). Never throws. */
  add(chunk: string | BinaryInput): SocketPacket | null | ProtocolError {
    const p = this._pending;
    if (typeof chunk != 'string') {
      if (!p) return fail('ERR_UNEXPECTED_BINARY');
      if (p[3].push(chunk) < p[1]) return null;
      this._pending = undefined;
      fillPlaceholders(p[2], p[3]);
      return p[0];
    }
    this._pending = undefined;
    if (p) return fail('ERR_UNEXPECTED_TEXT');
    const parsed = parse(chunk, this._maxAttachments);
    if (!Array.isArray(parsed)) return parsed;
    this._pending = parsed;
    return null;
  }

  /** Drops a packet waiting for attachments (e.g. when its connection closes). */
  reset(): void {
    this._pending = undefined;
  }
}
