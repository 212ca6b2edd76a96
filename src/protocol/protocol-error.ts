import { SockjetError } from '../shared/sockjet-error.js';

/**
 * Every way untrusted bytes can fail to decode. Decoders return a `ProtocolError` (the one `SockjetError` class
 * with one of these codes) instead of throwing, so the session above decides what to do: usually close that one
 * connection, with `closeCode` 1002 (protocol error) on a WebSocket.
 */
export type ProtocolErrorCode =
  | 'ERR_EMPTY_PACKET'
  | 'ERR_UNKNOWN_PACKET_TYPE'
  | 'ERR_INVALID_BASE64'
  | 'ERR_EMPTY_PAYLOAD'
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
  // The io client's decoder (LeanSocketDecoder) gives every malformed packet this one code.
  | 'ERR_INVALID_PACKET';

export type ProtocolError = SockjetError<ProtocolErrorCode>;

/** WebSocket close code 1002: the peer broke the protocol (RFC 6455 section 7.4.1). */
export const PROTOCOL_ERROR_CLOSE_CODE = 1002;

export const isProtocolError = (value: unknown): value is ProtocolError => value instanceof SockjetError;

/** Shorthand for the decoders; the message is the code, which says it all. */
export const fail = (code: ProtocolErrorCode): ProtocolError =>
  new SockjetError(code, code, { closeCode: PROTOCOL_ERROR_CLOSE_CODE });
