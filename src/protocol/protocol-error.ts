/**
 * Every way untrusted bytes can fail to decode. Decoders return a `ProtocolError`
 * instead of throwing, so the session above decides what to do (usually: close
 * that one connection with the error's message as the reason).
 */
export type ProtocolErrorCode =
  | 'ERR_EMPTY_PACKET'
  | 'ERR_UNKNOWN_PACKET_TYPE'
  | 'ERR_INVALID_BASE64'
  | 'ERR_EMPTY_PAYLOAD'
  | 'ERR_INVALID_NAMESPACE'
  | 'ERR_INVALID_ACK_ID'
  | 'ERR_INVALID_ATTACHMENTS'
  | 'ERR_TOO_MANY_ATTACHMENTS'
  | 'ERR_INVALID_JSON'
  | 'ERR_INVALID_PAYLOAD'
  | 'ERR_INVALID_EVENT_NAME'
  | 'ERR_RESERVED_EVENT_NAME'
  | 'ERR_INVALID_PLACEHOLDER'
  | 'ERR_UNEXPECTED_BINARY'
  | 'ERR_UNEXPECTED_TEXT'
  | 'ERR_PACKET_TOO_LARGE';

/** The message defaults to the code: the code says it all. */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
  constructor(
    readonly code: ProtocolErrorCode,
    message: string = code,
  ) {
    super(message);
  }
}

export const isProtocolError = (value: unknown): value is ProtocolError => value instanceof ProtocolError;

/** Shorthand for the decoders. */
export const fail = (code: ProtocolErrorCode): ProtocolError => new ProtocolError(code);
