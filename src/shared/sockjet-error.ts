/**
 * The one error class of every layer (STYLE: errors carry a stable `ERR_...` code to match on). Each layer names
 * its codes as a union (`ProtocolErrorCode`, `ServerErrorCode`, `ClientErrorCode`) and uses this class with it.
 * `closeCode` is the WebSocket close code the failure implies, set where it closes a connection.
 *
 * @example
 *   socket.timeout(100).emit('ping', (err) => {
 *     if (err instanceof SockjetError && err.code === 'ERR_ACK_TIMEOUT') retry();
 *   });
 */
export class SockjetError<Code extends string = string> extends Error {
  /** The WebSocket close code this failure closes a connection with, where it closes one. */
  declare readonly closeCode?: number;

  /** `options` is Error's (`cause`), plus `closeCode`. */
  constructor(
    readonly code: Code,
    message: string = code,
    options?: { cause?: unknown; closeCode?: number },
  ) {
    super(message, options);
    if (options?.closeCode) (this as { closeCode?: number }).closeCode = options.closeCode;
  }
}

SockjetError.prototype.name = 'SockjetError';
