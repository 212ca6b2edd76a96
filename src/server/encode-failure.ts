import { encodeSocketPacket } from '../protocol/socket-encoder.js';
import type { SocketPacket } from '../protocol/socket-packet.js';
import type { EncodedPacket } from './adapter/adapter.js';
import { serverError, type ServerError } from './server-error.js';

/**
 * What JSON.stringify throws for data it cannot encode: a RangeError for nesting deeper than the stack allows, a
 * TypeError for cycles and BigInts. Anything else is not an encoding failure and is left to propagate.
 */
export const isEncodeFailure = (err: unknown): err is RangeError | TypeError => err instanceof RangeError || err instanceof TypeError;

/** The error an emit or an ack answer fails with when its data cannot be encoded (issue 13). */
export function encodeError(cause: Error): ServerError {
  return serverError('ERR_ENCODE', `cannot encode the packet's data: ${cause.message}`, cause);
}

/** Encodes `packet`, or returns the ServerError saying why its data cannot be. */
export function tryEncode(packet: SocketPacket): EncodedPacket | ServerError {
  try {
    return encodeSocketPacket(packet);
  } catch (err) {
    if (!isEncodeFailure(err)) throw err;
    return encodeError(err);
  }
}

/** An error nobody listens for still speaks, as a process warning, and the process lives. */
export function warnUnheard(err: ServerError): void {
  process.emitWarning(err);
}
