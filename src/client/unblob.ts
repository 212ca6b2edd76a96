import { isBinary } from '../protocol/binary.js';

const isBlob = (v: unknown): v is Blob => typeof Blob != 'undefined' && v instanceof Blob;

/** What the Manager looks for in packet data, in one walk: binary for the encoder, or Blobs to read first. */
export const isBinaryOrBlob = (v: object): boolean => isBinary(v) || isBlob(v);
const isPlain = (v: unknown): v is object => Array.isArray(v) || (!!v && Object.getPrototypeOf(v) == Object.prototype);

/** Whether packet data holds a Blob (in arrays and plain objects), which must be read before encoding. */
export const hasBlob = (v: unknown): boolean => isBlob(v) || (isPlain(v) && Object.values(v).some(hasBlob));

/** A copy of packet data with every Blob replaced by its bytes. */
export async function unblob(v: unknown): Promise<unknown> {
  if (isBlob(v)) return new Uint8Array(await v.arrayBuffer());
  if (!isPlain(v)) return v;
  const entries = await Promise.all(Object.entries(v).map(async ([k, x]) => [k, await unblob(x)] as const));
  return Array.isArray(v) ? entries.map((e) => e[1]) : Object.fromEntries(entries);
}
