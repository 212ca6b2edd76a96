import { SockjetError } from '../shared/sockjet-error.js';

/** The codes of the Socket.IO layer of the server; each error is a `SockjetError` carrying one. */
export type ServerErrorCode =
  | 'ERR_INVALID_OPTION'
  | 'ERR_RESERVED_EVENT'
  | 'ERR_ACK_TIMEOUT'
  | 'ERR_SOCKET_DISCONNECTED'
  | 'ERR_BROADCAST_ACK_WITHOUT_TIMEOUT'
  | 'ERR_ENCODE';

/**
 * An error raised by the Socket.IO layer of the server.
 * @example
 *   socket.timeout(100).emit('ping', (err) => { if (err?.code === 'ERR_ACK_TIMEOUT') retry(); });
 */
export type ServerError = SockjetError<ServerErrorCode>;

export const serverError = (code: ServerErrorCode, message: string, cause?: unknown): ServerError =>
  new SockjetError(code, message, cause === undefined ? undefined : { cause });

/** Throws when `event` is a local lifecycle event that may never be emitted over the wire. */
export function assertEmittable(event: string, reserved: ReadonlySet<string>): void {
  if (reserved.has(event)) throw serverError('ERR_RESERVED_EVENT', `"${event}" is a reserved event name`);
}
