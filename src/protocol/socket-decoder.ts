import { fillPlaceholders, findPlaceholders, type PlaceholderSlots } from './binary.js';
import { DEFAULT_LIMITS, type ProtocolLimits } from './limits.js';
import { ProtocolError, type ProtocolErrorCode } from './protocol-error.js';
import { RESERVED_EVENTS, SocketPacketType, type SocketPacket } from './socket-packet.js';

/*
 * Validation covers socket.io-parser 4.2.7's fixes: CVE-2020-36049 (cost of huge packets: every scan here is
 * bounded or linear), CVE-2022-2421 (placeholder `num` such as "splice"), CVE-2023-32695 (a non-string
 * event name), CVE-2026-33151 (unbounded attachment count) and CVE-2026-69185 (zero attachments). It is
 * stricter where every known encoder already complies:
 * - counts and ack ids are canonical decimal (no leading zero) of at most 15 digits;
 * - a namespace always ends with ',' (the v5 encoders always write it);
 * - ack ids only on EVENT/ACK (required on ACK), attachment counts only on BINARY_*;
 * - the payload starts right after the header, without whitespace;
 * - CONNECT_ERROR needs a payload: a string, or an object with a string `message`;
 * - placeholder `num` is an integer in [0, attachments), checked before any attachment is buffered;
 * - `__proto__` keys anywhere in the payload are refused (see binary.ts).
 */

const { CONNECT, DISCONNECT, EVENT, ACK, CONNECT_ERROR, BINARY_EVENT, BINARY_ACK } = SocketPacketType;

/** Longest digit run read for a count or an ack id: 15 digits stay a safe integer, and a megabyte of digits
 * fails after 16 characters instead of being read in full. */
const MAX_DIGITS = 15;

/** A binary packet whose text has been parsed, waiting for its attachments. */
interface Pending {
  packet: SocketPacket;
  attachments: number;
  slots: PlaceholderSlots;
  received: Uint8Array[];
}

/** Shared and never written: packets without attachments have no slots to fill. */
const NO_SLOTS: PlaceholderSlots = [];

const fail = (code: ProtocolErrorCode, message: string) => new ProtocolError(code, message);

/** End of the digit run starting at `i`, reading at most MAX_DIGITS + 1 digits. */
function digitsEnd(text: string, i: number): number {
  let j = i;
  for (const last = i + MAX_DIGITS; j <= last; j++) {
    const c = text.charCodeAt(j); // NaN past the end
    if (!(c >= 48 && c <= 57)) break;
  }
  return j;
}

/** Reads `<type>[<attachments>-][<nsp>,][<ack id>]` and hands the rest to `parsePayload`. */
function parseText(text: string, maxAttachments: number): SocketPacket | Pending | ProtocolError {
  if (!text) return fail('ERR_EMPTY_PACKET', 'empty packet');
  const type = text.charCodeAt(0) - 48;
  if (!(type >= CONNECT && type <= BINARY_ACK)) return fail('ERR_UNKNOWN_PACKET_TYPE', 'unknown packet type');
  const binary = type >= BINARY_EVENT;
  let i = 1;
  let attachments = 0;
  if (binary) {
    i = digitsEnd(text, 1);
    if (i > MAX_DIGITS + 1) return fail('ERR_TOO_MANY_ATTACHMENTS', 'too many attachments');
    // Leading zeros (and so "0-") are refused: every encoder writes the count in canonical form.
    if (i === 1 || text.charCodeAt(i) !== 45 /* - */ || text.charCodeAt(1) === 48) {
      return fail('ERR_INVALID_ATTACHMENTS', 'bad attachment count');
    }
    attachments = +text.slice(1, i++);
    if (attachments > maxAttachments) return fail('ERR_TOO_MANY_ATTACHMENTS', 'too many attachments');
  }
  let nsp = '/';
  if (text.charCodeAt(i) === 47 /* / */) {
    const comma = text.indexOf(',', i);
    if (comma < 0) return fail('ERR_INVALID_NAMESPACE', 'namespace without comma');
    nsp = text.slice(i, comma);
    i = comma + 1;
  }
  let id: number | undefined;
  const end = digitsEnd(text, i);
  if (end > i) {
    if (end - i > MAX_DIGITS) return fail('ERR_INVALID_ACK_ID', 'ack id too long');
    if (text.charCodeAt(end) === 45) return fail('ERR_INVALID_ATTACHMENTS', 'misplaced attachment count');
    // Ids are canonical (no leading zero) and only EVENT and ACK packets carry one.
    if ((end - i > 1 && text.charCodeAt(i) === 48) || !(binary || type === EVENT || type === ACK)) {
      return fail('ERR_INVALID_ACK_ID', 'bad ack id');
    }
    id = +text.slice(i, end);
    i = end;
  } else if (type === ACK || type === BINARY_ACK) return fail('ERR_INVALID_ACK_ID', 'ack without id');
  return parsePayload(text, i, { type: type as SocketPacketType, nsp }, id, attachments);
}

function parsePayload(text: string, i: number, packet: SocketPacket, id: number | undefined, attachments: number) {
  const json = text.slice(i);
  let data: unknown;
  if (json) {
    // No encoder writes whitespace before the payload, and socket.io-parser would read " [" as ack id 0.
    if (json.charCodeAt(0) <= 32) return fail('ERR_INVALID_JSON', 'space before JSON');
    try {
      data = JSON.parse(json);
    } catch {
      return fail('ERR_INVALID_JSON', 'bad JSON');
    }
  }
  const error = checkPayload(packet.type, data);
  if (error) return error;
  let slots: PlaceholderSlots | ProtocolError = NO_SLOTS;
  // Skip the walk on the hot path: a `__proto__` key is spelled out or written with a \u escape; a binary
  // packet is always walked, since that finds its placeholders.
  if (attachments || json.includes('__proto__') || json.includes('\\u')) {
    slots = findPlaceholders(data, attachments);
    if (slots instanceof ProtocolError) return slots;
  }
  if (data !== undefined) packet.data = data;
  if (id !== undefined) packet.id = id;
  return attachments ? { packet, attachments, slots, received: [] } : packet;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The payload shape each packet type allows (https://socket.io/docs/v4/socket-io-protocol/#packet-format). */
function checkPayload(type: SocketPacketType, data: unknown): ProtocolError | undefined {
  switch (type) {
    case CONNECT:
      if (data === undefined || isPlainObject(data)) return;
      break;
    case DISCONNECT:
      if (data === undefined) return;
      break;
    case CONNECT_ERROR:
      if (typeof data === 'string' || (isPlainObject(data) && typeof data.message === 'string')) return;
      break;
    case ACK:
    case BINARY_ACK:
      if (Array.isArray(data)) return;
      break;
    default: {
      if (!Array.isArray(data) || !data.length) break;
      const name: unknown = data[0];
      if (typeof name === 'number') return;
      if (typeof name !== 'string') return fail('ERR_INVALID_EVENT_NAME', 'bad event name');
      return RESERVED_EVENTS.has(name) ? fail('ERR_RESERVED_EVENT_NAME', 'reserved event name') : undefined;
    }
  }
  return fail('ERR_INVALID_PAYLOAD', 'bad payload for type ' + type);
}

/**
 * Turns Engine.IO messages back into Socket.IO packets. A BINARY_EVENT/BINARY_ACK text is held until its
 * attachments have arrived, each as its own binary message. The decoded type stays as on the wire.
 * @example
 * const decoder = new SocketDecoder();
 * decoder.add('51-["file",{"_placeholder":true,"num":0}]'); // null: waiting for one attachment
 * decoder.add(bytes); // { type: 5, nsp: '/', data: ['file', bytes] }
 */
export class SocketDecoder {
  private readonly maxAttachments: number;
  private pending: Pending | null = null;

  constructor(limits?: Partial<ProtocolLimits>) {
    this.maxAttachments = limits?.maxAttachments ?? DEFAULT_LIMITS.maxAttachments;
  }

  /** Feeds one Engine.IO message. Returns a packet, null while attachments are due, or a ProtocolError
   * (after which the decoder has reset itself). Never throws. */
  add(chunk: string | Uint8Array): SocketPacket | null | ProtocolError {
    const pending = this.pending;
    if (typeof chunk !== 'string') {
      if (!pending) return fail('ERR_UNEXPECTED_BINARY', 'unexpected binary');
      if (pending.received.push(chunk) < pending.attachments) return null;
      this.pending = null;
      fillPlaceholders(pending.slots, pending.received);
      return pending.packet;
    }
    if (pending) {
      this.pending = null;
      return fail('ERR_UNEXPECTED_TEXT', 'attachments due');
    }
    const parsed = parseText(chunk, this.maxAttachments);
    if (!('received' in parsed)) return parsed;
    this.pending = parsed;
    return null;
  }

  /** Drops a packet waiting for attachments (e.g. when its connection closes). */
  reset(): void {
    this.pending = null;
  }
}
