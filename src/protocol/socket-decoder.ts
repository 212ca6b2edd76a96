import { fillPlaceholders, findPlaceholders, hasProtoKey, type PlaceholderSlots } from './binary.js';
import type { BinaryInput } from './engine-packet.js';
import { MAX_ATTACHMENTS, type ProtocolLimits } from './limits.js';
import { fail, type ProtocolError } from './protocol-error.js';
import {
  EMPTY_PACKET,
  FAULT_CODES,
  INVALID_ACK_ID,
  INVALID_ATTACHMENTS,
  INVALID_EVENT_NAME,
  INVALID_JSON,
  INVALID_PAYLOAD,
  RESERVED_EVENT_NAME,
  TOO_MANY_ATTACHMENTS,
  UNEXPECTED_BINARY,
  UNEXPECTED_TEXT,
  UNKNOWN_PACKET_TYPE,
  type Fault,
} from './socket-faults.js';
import { RESERVED_EVENTS, type SocketPacket, type SocketPacketType } from './socket-packet.js';

/*
 * Two decoders share everything after the header: the JSON, the payload each type allows, the placeholders and
 * the wait for attachments. They differ in how they read the header and in `__proto__` keys.
 *
 * SocketDecoder (the server's) covers socket.io-parser 4.2.7's fixes: CVE-2020-36049 (cost of huge packets:
 * every scan here is bounded or linear), CVE-2022-2421 (placeholder `num` such as "splice"), CVE-2023-32695 (a
 * non-string event name), CVE-2026-33151 (unbounded attachment count) and CVE-2026-69185 (zero attachments).
 * It is stricter where every known encoder already complies:
 * - counts and ack ids are canonical decimal (no leading zero) of at most 15 digits;
 * - ack ids only on EVENT/ACK (required on ACK), attachment counts only on BINARY_*;
 * - `__proto__` keys anywhere in the payload are refused (see binary.ts).
 *
 * LeanSocketDecoder (the io client's, smaller) reads the header with one regular expression and keeps
 * `__proto__` a plain own key, as socket.io-client does: a server relaying a peer's data must not be able to
 * cut every sockjet client off with it. Both refuse, with a code, everything that could hurt the receiver:
 * - the payload starts right after the header, without whitespace;
 * - EVENT needs a non-empty array named by a number or a string that is not reserved, ACK an array, CONNECT an
 *   object or nothing, DISCONNECT nothing, CONNECT_ERROR a string or an object with a string `message`;
 * - attachment counts only on BINARY_*, at least 1 and capped before anything is buffered;
 * - placeholder `num` is an integer in [0, attachments), checked before any attachment is buffered, so only a
 *   received attachment ever takes a placeholder's place.
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

const isObject = (v: unknown): v is Record<string, unknown> => typeof v == 'object' && v !== null && !Array.isArray(v);

/**
 * Reads a packet's payload, the same for both decoders: `json` is what follows the header, `n` the attachment
 * count (falsy on a non-binary packet: NaN where the header has none). A `__proto__` key is a plain key here
 * (JSON.parse makes it an own data property, and fillPlaceholders writes into own properties only); the strict
 * reader then refuses it.
 */
function parsePayload(packet: SocketPacket, json: string, n: number): SocketPacket | Pending | Fault {
  const type = packet.type;
  let data: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  if (json) {
    // No encoder writes whitespace before the payload, and socket.io-parser would read " [" as ack id 0.
    if (json.charCodeAt(0) <= 32) return INVALID_JSON;
    try {
      packet.data = data = JSON.parse(json);
    } catch {
      return INVALID_JSON;
    }
  }
  // The payload each type allows (https://socket.io/docs/v4/socket-io-protocol/#packet-format).
  if (type % 3 == 2) {
    // EVENT, BINARY_EVENT: a non-empty array whose name is a number or a string that is not reserved.
    if (!Array.isArray(data) || !data.length) return INVALID_PAYLOAD;
    const name = data[0];
    if (typeof name != 'number') {
      if (typeof name != 'string') return INVALID_EVENT_NAME;
      if (RESERVED_EVENTS.has(name)) return RESERVED_EVENT_NAME;
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
    return INVALID_PAYLOAD;
  }
  if (!n) return packet;
  const slots = findPlaceholders(data, n);
  return typeof slots == 'number' ? slots : [packet, n, slots, []];
}

/** Reads `<header>[JSON]` strictly; the checks run in the order that gives each bad input its most precise code. */
function parseStrict(text: string, maxAttachments: number): SocketPacket | Pending | Fault {
  if (!text) return EMPTY_PACKET;
  const type = text.charCodeAt(0) - 48;
  if (!(type >= 0 && type < 7)) return UNKNOWN_PACKET_TYPE;
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
  if (count != null && type < 5) return INVALID_ATTACHMENTS;
  if (count!?.length > MAX_DIGITS || n > maxAttachments) return TOO_MANY_ATTACHMENTS;
  if (type > 4 && !(n && count![0] != '0')) return INVALID_ATTACHMENTS;
  // Ids are canonical, only EVENT and ACK packets carry one, and an ACK must.
  if (id ? id.length > MAX_DIGITS || (id[0] == '0' && id.length > 1) || type < 2 || type == 4 : type % 3 == 0 && type) {
    return INVALID_ACK_ID;
  }
  const packet: SocketPacket = { type: type as SocketPacketType, nsp };
  if (id) packet.id = +id;
  const json = text.slice(end);
  const parsed = parsePayload(packet, json, n);
  // `__proto__` keys are refused (see binary.ts). The hot path skips the walk: such a key is spelled out or
  // written with a \u escape.
  if (typeof parsed != 'number' && (json.includes('__proto__') || json.includes('\\u')) && hasProtoKey(packet.data)) {
    return INVALID_PAYLOAD;
  }
  return parsed;
}

/**
 * The header as the lean decoder reads it: type, attachment count, namespace (up to its comma), ack id. Every
 * part is optional after the type and a failed try moves on at once, so the match is linear in the input.
 */
const HEADER = /^([0-6])(?:(\d+)-)?(?:(\/[^,]*),)?(\d*)/;

/** Reads `<header>[JSON]` as the lean decoder does: a number is read as written, an ack id on any type. */
function parseLean(text: string, maxAttachments: number): SocketPacket | Pending | Fault {
  const header = HEADER.exec(text);
  if (!header) return text ? UNKNOWN_PACKET_TYPE : EMPTY_PACKET;
  const [{ length }, type, count, nsp = '/', id] = header;
  const n = +count!;
  // Attachment counts only on BINARY_*, at least one, and within the limit before anything is buffered.
  if (+type! > 4 ? !n : count) return INVALID_ATTACHMENTS;
  if (n > maxAttachments) return TOO_MANY_ATTACHMENTS;
  const packet: SocketPacket = { type: +type! as SocketPacketType, nsp };
  if (id) packet.id = +id;
  return parsePayload(packet, text.slice(length), n);
}

/**
 * Turns Engine.IO messages back into Socket.IO packets, reading the header as the lean path does (see above);
 * the io client's decoder. A BINARY_EVENT/BINARY_ACK text is held until its attachments have arrived, each as
 * its own binary message, which is put into the data as it came (an ArrayBuffer in a browser). The decoded type
 * stays as on the wire.
 * @example
 * const decoder = new LeanSocketDecoder();
 * decoder.add('2["hi",1]'); // { type: 2, nsp: '/', data: ['hi', 1] }
 */
export class LeanSocketDecoder {
  // Declared, not defined: the browser build would otherwise define each field through a helper call.
  declare private readonly _maxAttachments: number;
  /** A binary packet waiting for its attachments. */
  declare private _pending?: Pending;

  constructor(limits?: Partial<ProtocolLimits>) {
    this._maxAttachments = limits?.maxAttachments ?? MAX_ATTACHMENTS;
    this._pending = undefined;
  }

  /** Feeds one Engine.IO message. Returns a packet, null while attachments are due, or a ProtocolError
   * (after which the decoder has reset itself). Never throws. */
  add(chunk: string | BinaryInput): SocketPacket | null | ProtocolError {
    const p = this._pending;
    this._pending = undefined;
    let r: SocketPacket | Pending | Fault;
    if (typeof chunk == 'string') r = p ? UNEXPECTED_TEXT : this._parse(chunk, this._maxAttachments);
    else if (!p) r = UNEXPECTED_BINARY;
    else if (p[3].push(chunk) < p[1]) return (this._pending = p), null;
    else return fillPlaceholders(p[2], p[3]), p[0];
    if (typeof r == 'number') return this._fail(r);
    return Array.isArray(r) ? ((this._pending = r), null) : r;
  }

  /** Drops a packet waiting for attachments (e.g. when its connection closes). */
  reset(): void {
    this._pending = undefined;
  }

  /** @internal Reads one text message. */
  protected _parse(text: string, maxAttachments: number): SocketPacket | Pending | Fault {
    return parseLean(text, maxAttachments);
  }

  /** @internal The error a fault is returned as: one code for them all, a client only needs to know it. */
  protected _fail(_fault: Fault): ProtocolError {
    return fail('ERR_INVALID_PACKET');
  }
}

/**
 * The strict decoder (the server's): the lean one's wait for attachments, with the header read strictly and
 * `__proto__` keys refused (see above), each bad input with its precise code.
 * @example
 * const decoder = new SocketDecoder();
 * decoder.add('51-["file",{"_placeholder":true,"num":0}]'); // null: waiting for one attachment
 * decoder.add(bytes); // { type: 5, nsp: '/', data: ['file', bytes] }
 */
export class SocketDecoder extends LeanSocketDecoder {
  /** @internal */
  protected override _parse(text: string, maxAttachments: number): SocketPacket | Pending | Fault {
    return parseStrict(text, maxAttachments);
  }

  /** @internal */
  protected override _fail(fault: Fault): ProtocolError {
    return fail(FAULT_CODES[fault]!);
  }
}
