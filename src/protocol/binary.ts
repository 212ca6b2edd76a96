import { toBytes } from './engine-packet.js';
import { ProtocolError } from './protocol-error.js';

/**
 * Binary attachments (https://socket.io/docs/v4/socket-io-protocol/#packet-format): binary values inside
 * EVENT/ACK data travel as separate Engine.IO messages, and the JSON keeps `{"_placeholder":true,"num":i}`
 * in their place.
 *
 * Keys named `__proto__`: JSON.parse turns them into harmless own data properties, but code further up
 * (object merges, `Object.assign` into a fresh object) may turn them into prototype writes, so decoded data
 * carrying one is rejected outright (ERR_INVALID_PAYLOAD). Reconstruction only ever assigns into
 * containers JSON.parse created, at array indexes or own keys that are not `__proto__`.
 */

/** A binary value as a user may hand it over: any view (a Node Buffer included) or an ArrayBuffer. */
export const isBinary = (value: unknown): value is ArrayBuffer | ArrayBufferView =>
  ArrayBuffer.isView(value) || value instanceof ArrayBuffer;

/**
 * Whether `value` holds binary anywhere. Iterative, so data decoded from a deeply nested payload cannot
 * overflow the stack. After the first thousand values it also remembers the containers it walked, so cyclic
 * data ends the walk (and then fails in JSON.stringify, as it would anyway) instead of looping.
 * @example hasBinary(['file', { body: new Uint8Array(2) }]) // true
 */
export function hasBinary(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const stack: object[] = [value];
  let seen: Set<object> | undefined;
  for (let budget = 1024; stack.length; ) {
    const node = stack.pop()!;
    if (isBinary(node)) return true;
    if (seen) {
      if (seen.has(node)) continue;
      seen.add(node);
    }
    // Own enumerable values only, as JSON.stringify sees them (an array's elements are its values).
    const values = Array.isArray(node) ? node : Object.values(node);
    if ((budget -= values.length) < 0) seen ??= new Set();
    for (let i = 0; i < values.length; i++) {
      const v: unknown = values[i];
      if (typeof v === 'object' && v !== null) stack.push(v);
    }
  }
  return false;
}

/**
 * Copies `data` with every binary value replaced by a numbered placeholder, appending the bytes to
 * `attachments` in placeholder order. Plain objects and arrays are copied; anything with a toJSON (Date,
 * class instances) is left to JSON.stringify. Recursive: it runs only on data that JSON.stringify, itself
 * recursive, must serialize right after.
 */
export function deconstructPacket(data: unknown, attachments: Uint8Array[]): unknown {
  if (typeof data !== 'object' || data === null) return data;
  if (isBinary(data)) return { _placeholder: true, num: attachments.push(toBytes(data)) - 1 };
  if (Array.isArray(data)) return data.map((v) => deconstructPacket(v, attachments));
  if (typeof (data as { toJSON?: unknown }).toJSON === 'function') return data;
  // fromEntries defines properties, so an own `__proto__` key stays a key and never becomes a prototype.
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, deconstructPacket(v, attachments)]));
}

type Container = Record<string, unknown> | unknown[];

/** Where each attachment goes, as flat triples: container, key, attachment index. */
export type PlaceholderSlots = Array<Container | string | number>;

/**
 * Walks data decoded by JSON.parse (iteratively: nesting depth cannot overflow the stack, and the walk
 * is linear in the number of values), rejecting `__proto__` keys. When `attachments` > 0 every object
 * with `_placeholder: true` must carry an integer `num` in [0, attachments) and its position is recorded;
 * with 0 such objects are plain data, as in a non-binary packet.
 */
export function findPlaceholders(data: unknown, attachments: number): PlaceholderSlots | ProtocolError {
  const slots: PlaceholderSlots = [];
  if (typeof data !== 'object' || data === null) return slots;
  const stack: Container[] = [data as Container];
  while (stack.length) {
    const node = stack.pop()!;
    const isArray = Array.isArray(node);
    if (!isArray && Object.prototype.hasOwnProperty.call(node, '__proto__')) {
      return new ProtocolError('ERR_INVALID_PAYLOAD', '__proto__ key');
    }
    const keys = isArray ? node : Object.keys(node);
    for (let i = 0; i < keys.length; i++) {
      const key = isArray ? i : (keys[i] as string);
      const v = (node as Record<string, unknown>)[key];
      if (typeof v !== 'object' || v === null) continue;
      const placeholder = v as { _placeholder?: unknown; num?: unknown };
      if (attachments && placeholder._placeholder === true) {
        const num = placeholder.num;
        if (!Number.isInteger(num) || (num as number) < 0 || (num as number) >= attachments) {
          return new ProtocolError('ERR_INVALID_PLACEHOLDER', 'bad placeholder');
        }
        slots.push(node, key, num as number);
      } else stack.push(v as Container);
    }
  }
  return slots;
}

/** Puts the received attachments where `findPlaceholders` found their placeholders. */
export function fillPlaceholders(slots: PlaceholderSlots, attachments: readonly Uint8Array[]): void {
  for (let i = 0; i < slots.length; i += 3) {
    (slots[i] as Record<string, unknown>)[slots[i + 1] as string] = attachments[slots[i + 2] as number];
  }
}
