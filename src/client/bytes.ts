/** Small byte helpers shared by the io client, its transports and the WebSocket drop-in. */

export { isBinary } from '../protocol/binary.js';
export { toBytes } from '../protocol/engine-packet.js';

const utf8 = new TextEncoder();

/** Bytes a string takes in UTF-8 (what maxPayload and `bufferedAmount` count). */
export const utf8Length = (text: string): number => utf8.encode(text).length;

/** Blob is a global in every runtime the client supports (browsers, workers, Node 18+, Deno, Bun). */
export const isBlob = (value: unknown): value is Blob => value instanceof Blob;
