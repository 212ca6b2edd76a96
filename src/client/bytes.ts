/** Small byte helpers shared by the io client, its transports and the WebSocket drop-in. */

import { isBinary } from '../protocol/binary.js';

export { isBinary } from '../protocol/binary.js';
export { toBytes } from '../protocol/engine-packet.js';

const utf8 = new TextEncoder();

/** Blob is a global in every runtime the client supports (browsers, workers, Node 18+, Deno, Bun). */
export const isBlob = (value: unknown): value is Blob => value instanceof Blob;

/** What the io client sends as a binary attachment: bytes, and Blobs (the engine reads them in turn). */
export const isAttachment = (value: unknown): value is ArrayBuffer | ArrayBufferView | Blob => isBinary(value) || isBlob(value);

/**
 * Bytes a message takes, known before a Blob is read: text in UTF-8 (as maxPayload and `bufferedAmount` count
 * it), binary as it is.
 */
export const byteSize = (data: string | ArrayBuffer | ArrayBufferView | Blob): number =>
  typeof data == 'string' ? utf8.encode(data).length : isBlob(data) ? data.size : data.byteLength;
