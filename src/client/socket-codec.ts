import { MAX_ATTACHMENTS } from '../protocol/limits.js';
import { RESERVED_EVENTS, type SocketPacket } from '../protocol/socket-packet.js';
import { isBinary, isBlob } from './bytes.js';

/**
 * The io client's own Socket.IO codec (https://socket.io/docs/v4/socket-io-protocol/#packet-format). The
 * server's (src/protocol) refuses every malformed packet with a precise code; a client only needs to stay safe
 * against what a server sends: nothing here throws out of `decode`, no input reaches a reserved event or puts
 * anything but a received attachment in place of a placeholder, and attachments are capped.
 */

/** A binary value found in outgoing data: bytes, or a Blob still to be read. */
export type Attachment = ArrayBuffer | ArrayBufferView | Blob;

// Socket.IO packet types (SocketPacketType), as plain numbers for the io client (Socket uses them too).
export const CONNECT = 0;
export const DISCONNECT = 1;
export const EVENT = 2;
export const ACK = 3;
export const CONNECT_ERROR = 4;

/**
 * Encodes a packet as `<type>[<attachments>-][<nsp>,][<ack id>][JSON]`, the text first. Binary values and
 * Blobs inside EVENT/ACK data become `{"_placeholder":true,"num":i}` and follow the text in order; the packet
 * then goes out as BINARY_EVENT/BINARY_ACK. Like JSON.stringify, this throws on cyclic data.
 * @example encodePacket({ type: 2, nsp: '/chat', id: 7, data: ['msg', 'hi'] }) // ['2/chat,7["msg","hi"]']
 */
export function encodePacket({ type, nsp, id, data }: SocketPacket): [string, ...Attachment[]] {
  const attachments: Attachment[] = [];
  if (type == EVENT || type == ACK) data = replace(data, attachments);
  const count = attachments.length;
  return [
    (count ? type + 3 + '' + count + '-' : type) +
      (nsp != '/' ? nsp + ',' : '') +
      (id ?? '') +
      (data === undefined ? '' : JSON.stringify(data)),
    ...attachments,
  ];
}

/**
 * `value` with its binary values and Blobs replaced by placeholders (appended to `attachments`). It runs on every
 * emit, so primitives leave first and containers are walked by index (for-in, slow on arrays, doubled the cost
 * of an emit); containers are copied only on the way to a replacement, so plain data is not copied. Objects with a
 * toJSON (Date, class instances) are left to JSON.stringify.
 */
function replace(value: unknown, attachments: Attachment[]): unknown {
  if (!value || typeof value != 'object') return value;
  if (isBinary(value) || isBlob(value)) return { _placeholder: true, num: attachments.push(value) - 1 };
  if (typeof (value as { toJSON?: unknown }).toJSON == 'function') return value;
  const array = Array.isArray(value);
  const keys: ArrayLike<unknown> = array ? value : Object.keys(value);
  let copy: Record<string, unknown> | undefined;
  for (let i = 0; i < keys.length; i++) {
    const key = array ? i : (keys[i] as string);
    const item = (value as Record<string, unknown>)[key];
    const replaced = replace(item, attachments);
    if (replaced !== item) (copy ??= (array ? [...value] : { ...value }) as Record<string, unknown>)[key] = replaced;
  }
  return copy ?? value;
}

/** The header: type, attachment count, namespace, ack id; the JSON payload follows it. */
const HEADER = /^([0-6])(?:(\d+)-)?(?:(\/[^,]*),)?(\d*)/;

const fail = (): never => {
  throw 0;
};

/**
 * Parses a packet's JSON and checks it: an event's name is a number or a string that is not reserved; an ack
 * carries an array. With `attachments` (a BINARY_* packet, all of them received) each placeholder becomes its
 * attachment: the reviver runs bottom-up and its results are defined as data properties (CreateDataProperty),
 * so a `__proto__` key stays a plain key; `num` must be a number naming a received attachment, so that no
 * name ("length", "splice") picks something else off the array. Throws when the packet is malformed.
 */
function parse(packet: SocketPacket, json: string, attachments?: ArrayBuffer[]): SocketPacket {
  const data = (packet.data = json
    ? JSON.parse(
        json,
        attachments &&
          ((_, value) =>
            value?._placeholder === true ? (typeof value.num == 'number' && attachments[value.num]) || fail() : value),
      )
    : undefined);
  const type = packet.type % 3;
  if (type == EVENT) {
    const name = Array.isArray(data) && data[0];
    if (typeof name != 'number' && (typeof name != 'string' || RESERVED_EVENTS.has(name))) fail();
  } else if (type == 0 && packet.type && !Array.isArray(data)) fail();
  return packet;
}

/**
 * A decoder for one connection: feed it every Engine.IO message in order. It returns the packet, undefined
 * while a binary packet waits for its attachments (its JSON is parsed once they are all in), or false when the
 * input is malformed (the connection should close with 'parse error'). Never throws.
 * @example
 *   const decode = createDecoder();
 *   decode('2["hi",1]'); // { type: 2, nsp: '/', data: ['hi', 1] }
 */
export function createDecoder(): (message: string | ArrayBuffer) => SocketPacket | undefined | false {
  /** A binary packet waiting for its attachments: the packet so far, its JSON, their count, those received. */
  let pending: [packet: SocketPacket, json: string, count: number, attachments: ArrayBuffer[]] | undefined;
  return (message) => {
    try {
      if (typeof message != 'string') {
        const [packet, json, count, attachments] = pending!;
        if (attachments.push(message) < count) return;
        pending = undefined;
        return parse(packet, json, attachments);
      }
      if (pending) fail();
      const [header, typeText, countText, nsp = '/', idText] = HEADER.exec(message)!;
      const type = +typeText! as SocketPacket['type'];
      const packet: SocketPacket = { type, nsp };
      if (idText) packet.id = +idText;
      const count = +countText!;
      const json = message.slice(header.length);
      // Attachment counts on BINARY_* only, capped before anything is kept.
      if (type > 4 ? !(count > 0 && count <= MAX_ATTACHMENTS) : countText) fail();
      if (type < 5) return parse(packet, json);
      pending = [packet, json, count, []];
    } catch {
      pending = undefined;
      return false;
    }
  };
}
