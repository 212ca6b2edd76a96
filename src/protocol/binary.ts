import { toBytes } from './engine-packet.js';
import { INVALID_PLACEHOLDER, type Fault } from './socket-faults.js';

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

type Container = Record<string, unknown>;

/**
 * `value` with every attachment replaced by a numbered placeholder, each appended to `attachments` in placeholder
 * order: binary values as a Uint8Array over their bytes, anything else `isAttachment` accepts as it is. One walk
 * that copies a container only on the way to a replacement, so data without binary (most of it) comes back as it
 * is, uncopied, and the input is never changed. Copies are spreads, which define properties: an own `__proto__`
 * key stays a key, and writing the replacement finds that own key first. Anything with a toJSON (Date, class
 * instances) is left to JSON.stringify; arrays are walked by index (for-in is slow on them).
 *
 * Recursive, as socket.io's own binary check is. In Node 20 it reaches deeper than the recursive JSON.stringify
 * right after it (measured: 5000+ levels against 4104), so on the server it never refuses data that could be
 * encoded. An engine whose JSON.stringify goes deeper (Chrome's) can serialize nesting that overflows here: that
 * emit fails with a RangeError, as the io client's own walk did before the shared codec. Cyclic data ends in a
 * RangeError where JSON.stringify's TypeError would (the server reports both as ERR_ENCODE).
 * @example replaceAttachments(['file', { body: bytes }], out) // ['file', { body: { _placeholder: true, num: 0 } }]
 */
export function replaceAttachments(value: unknown, attachments: unknown[], isAttachment: IsAttachment = isBinary): unknown {
  if (!isObject(value)) return value;
  if (isAttachment(value)) return { _placeholder: true, num: attachments.push(isBinary(value) ? toBytes(value) : value) - 1 };
  const array = Array.isArray(value);
  if (!array && typeof (value as { toJSON?: unknown }).toJSON == 'function') return value;
  // Own enumerable values, as JSON.stringify sees them (read at once: faster than key by key); the keys, in
  // the same order, only once something is replaced.
  const values: unknown[] = array ? value : Object.values(value);
  let copy: Container | undefined;
  let keys: string[] | undefined;
  for (let i = 0; i < values.length; i++) {
    const item = values[i];
    // Primitives, most values, are passed over without a call.
    if (typeof item != 'object' || !item) continue;
    const replaced = replaceAttachments(item, attachments, isAttachment);
    if (replaced !== item) (copy ??= (array ? [...value] : { ...value }) as Container)[array ? i : (keys ??= Object.keys(value))[i]!] = replaced;
  }
  return copy ?? value;
}

/** Where each attachment goes, as flat triples: container, key, attachment index. */
export type PlaceholderSlots = Array<Container | string | number>;

/**
 * Walks data decoded by JSON.parse (iteratively: nesting depth cannot overflow the stack, and the walk
 * is linear in the number of values). When `attachments` > 0 every object with `_placeholder: true` must carry
 * an integer `num` in [0, attachments) and its position is recorded; with 0 such objects are plain data, as in a
 * non-binary packet. A `__proto__` key is a plain key here (see hasProtoKey for the server's refusal).
 */
export function findPlaceholders(data: unknown, attachments: number): PlaceholderSlots | Fault {
  const slots: PlaceholderSlots = [];
  const stack = [data];
  while (stack.length) {
    const node = stack.pop();
    if (!isObject(node)) continue;
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
 * Whether data decoded by JSON.parse has an own `__proto__` key anywhere (iteratively, linear in the number of
 * values), which the server's decoder refuses.
 */
export function hasProtoKey(data: unknown): boolean {
  const stack = [data];
  while (stack.length) {
    const node = stack.pop();
    if (!isObject(node)) continue;
    if (Object.hasOwn(node, '__proto__')) return true;
    for (const key in node) stack.push((node as Container)[key]);
  }
  return false;
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
