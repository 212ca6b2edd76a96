import { fail, type ProtocolError } from './protocol-error.js';

/*
 * Base64 (RFC 4648 §4, standard alphabet), as Engine.IO's long-polling payload uses for binary packets, on the
 * platform's btoa/atob (globals in browsers and Node ≥16): no lookup table.
 */

/** Bytes per String.fromCharCode call: far below any engine's argument limit. */
const CHUNK = 8192;

export function encodeBase64(bytes: Uint8Array): string {
  let latin1 = '';
  for (let i = 0; i < bytes.length; i += CHUNK) latin1 += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(latin1);
}

/** Decodes padded or unpadded base64; anything else (atob alone would skip whitespace) is a protocol error. */
export function decodeBase64(text: string): Uint8Array | ProtocolError {
  // The regex refuses what atob would skip (whitespace); atob refuses a length of 4n+1.
  let latin1: string;
  try {
    latin1 = atob(/^([A-Za-z\d+/]*)={0,2}$/.exec(text)![1]!);
  } catch {
    return fail('ERR_INVALID_BASE64');
  }
  const out = new Uint8Array(latin1.length);
  for (let i = 0; i < out.length; i++) out[i] = latin1.charCodeAt(i);
  return out;
}

/*
 * The lean path, for the browser client, where bytes count and binary over long-polling is the rare path: a
 * call per byte (about 3x slower than `encodeBase64`), and a decoder as lenient as atob, without a code.
 */

/** Base64 of `bytes`, a call per byte. */
export const toBase64 = (bytes: Uint8Array): string => btoa(Array.from(bytes, (b) => String.fromCharCode(b)).join(''));

/** The bytes of base64 as atob reads it (padding optional, whitespace skipped); undefined when it is not base64. */
export const fromBase64 = (text: string): Uint8Array | undefined => {
  try {
    return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
};
