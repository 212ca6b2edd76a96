import { toBytes } from './engine-packet.js';
import { INVALID_PAYLOAD, INVALID_PLACEHOLDER, type Fault } from './socket-faults.js';

/**
 * Binary attachments (https://socket.io/docs/v4/socket-io-protocol/#packet-format): binary values inside
 * EVENT/ACK data travel as separate Engine.IO messages, and the JSON keeps `{"_placeholder":true,"num":i}`
 * in their place.
 *
 * Keys named `__proto__`: JSON.parse turns them into harmless own data properties, but code further up
 * (object merges, `Object.assign` into a fresh object) may turn them into prototype writes, so the server's
 * decoder rejects decoded data carrying one outright (ERR_INVALID_PAYLOAD); the io client's keeps them as the
 * plain keys socket.io-client gives its listeners. Reconstruction only ever assigns into containers JSON.parse
 * created, at array indexes or at own keys (a `__proto__` one included, see fillPlaceholders).
 */

/** A binary value as a user may hand it over: any view (a Node Buffer included) or an ArrayBuffer. */
export const isBinary = (value: unknown): value is ArrayBuffer | ArrayBufferView =>
  ArrayBuffer.isView(value) || value instanceof ArrayBuffer;

/**
 * What the encoder sends as an attachment, `isBinary` unless the caller says otherwise: the io client adds
 * Blobs, which this layer (no DOM globals) does not know of and hands over as they are.
 */
export type IsAttachment = (value: object) => boolean;

const isObject = (v: unknown): v is object => typeof v == 'object' && v !== null;

/**
 * Whether `value` holds binary anywhere, as the encoder's cheap first look (measured faster than a
 * JSON.stringify replacer, which drops V8's fast serializer). Iterative, so data decoded from a deeply nested
 * payload cannot overflow the stack. After the first thousand containers it also remembers the ones it
 * walked, so cyclic data ends the walk (and then fails in JSON.stringify, as it would anyway).
 * @example hasBinary(['file', { body: new Uint8Array(2) }]) // true
 */
export function hasBinary(value: unknown, isAttachment: IsAttachment = isBinary): boolean {
  if (!isObject(value)) return false;
  const stack: object[] = [value];
  let seen: Set<object> | undefined;
  for (let budget = 1024, node; (node = stack.pop()); ) {
    if (isAttachment(node)) return true;
    if (seen) {
      if (seen.has(node)) continue;
      seen.add(node);
    }
    // Own enumerable values only, as JSON.stringify sees them (an array's elements are its values).
    const values: unknown[] = Array.isArray(node) ? node : Object.values(node);
    if ((budget -= values.length) < 0) seen ??= new Set();
    for (let i = 0; i < values.length; i++) isObject(values[i]) && stack.push(values[i] as object);
  }
  return false;
}

/**
 * Copies `data` with every attachment replaced by a numbered placeholder, appending it to `attachments` in
 * placeholder order: binary values as a Uint8Array over their bytes, anything else `isAttachment` accepts as it
 * is. Plain objects and arrays are copied; anything with a toJSON (Date, class instances) is left to
 * JSON.stringify. Recursive: it runs only on data that JSON.stringify, itself recursive, must serialize right
 * after.
 */
export function deconstructPacket(data: unknown, attachments: unknown[], isAttachment: IsAttachment = isBinary): unknown {
  if (!isObject(data)) return data;
  if (isAttachment(data)) return { _placeholder: true, num: attachments.push(isBinary(data) ? toBytes(data) : data) - 1 };
  if (Array.isArray(data)) return data.map((v) => deconstructPacket(v, attachments, isAttachment));
  if (typeof (data as { toJSON?: unknown }).toJSON == 'function') return data;
  // fromEntries defines properties, so an own `__proto__` key stays a key and never becomes a prototype.
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, deconstructPacket(v, attachments, isAttachment)]));
}

type Container = Record<string, unknown>;

/** Where each attachment goes, as flat triples: container, key, attachment index. */
export type PlaceholderSlots = Array<Container | string | number>;

/**
 * Walks data decoded by JSON.parse (iteratively: nesting depth cannot overflow the stack, and the walk
 * is linear in the number of values), rejecting `__proto__` keys unless `keepProto`. When `attachments` > 0
 * every object with `_placeholder: true` must carry an integer `num` in [0, attachments) and its position is
 * recorded; with 0 such objects are plain data, as in a non-binary packet.
 */
export function findPlaceholders(data: unknown, attachments: number, keepProto?: boolean): PlaceholderSlots | Fault {
  const slots: PlaceholderSlots = [];
  const stack = [data];
  while (stack.length) {
    const node = stack.pop();
    if (!isObject(node)) continue;
    if (!keepProto && Object.hasOwn(node, '__proto__')) return INVALID_PAYLOAD;
    for (const key in node) {
      const v = (node as Container)[key] as { _placeholder?: unknown; num?: unknown };
      if (attachments && v?._placeholder === true) {
        const num = v.num as number;
        if (!(Number.isInteger(num) && num >= 0 && num < attachments)) return INVALID_PLACEHOLDER;
        slots.push(node as Container, key, num);
      } else stack.push(v);
    }
  }
  return slots;
}

/**
 * Puts the received attachments where `findPlaceholders` found their placeholders. Each slot is an own property
 * JSON.parse made, so even a key named `__proto__` is written as that own data property ([[Set]] finds the own
 * property before Object.prototype's setter), never as a prototype.
 */
export function fillPlaceholders(slots: PlaceholderSlots, attachments: readonly unknown[]): void {
  for (let i = 0; i < slots.length; i += 3) {
    (slots[i] as Container)[slots[i + 1] as string] = attachments[slots[i + 2] as number];
  }
}
