export type ServerErrorCode =
  | 'ERR_INVALID_OPTION'
  | 'ERR_RESERVED_EVENT'
  | 'ERR_ACK_TIMEOUT'
  | 'ERR_SOCKET_DISCONNECTED'
  | 'ERR_BROADCAST_ACK_WITHOUT_TIMEOUT'
  | 'ERR_INVALID_NAMESPACE'
  | 'ERR_ENCODE';

/**
 * An error raised by the Socket.IO layer of the server, with a stable `code` to match on.
 *
 * @example
 *   socket.timeout(100).emit('ping', (err) => { if (err?.code === 'ERR_ACK_TIMEOUT') retry(); });
 */
export class ServerError extends Error {
  override readonly name = 'ServerError';
  constructor(
    readonly code: ServerErrorCode,
    message: string,
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause });
  }
}

/** Throws when `event` is a local lifecycle event that may never be emitted over the wire. */
export function assertEmittable(event: string, reserved: ReadonlySet<string>): void {
  if (reserved.has(event)) throw new ServerError('ERR_RESERVED_EVENT', `"${event}" is a reserved event name`);
}
