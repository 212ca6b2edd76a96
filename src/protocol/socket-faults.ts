import type { ProtocolErrorCode } from './protocol-error.js';

/*
 * Why the Socket.IO decoder refuses an input, as a small number. The strict decoder (the server's) reports each
 * fault with its own code from FAULT_CODES, which tests and logs rely on; the lean one (the io client's) reports
 * every fault as ERR_INVALID_PACKET, since all a client does with it is close with 'parse error'. So the shared
 * reader carries numbers and the client bundle none of the strings.
 */
export const EMPTY_PACKET = 0;
export const UNKNOWN_PACKET_TYPE = 1;
export const INVALID_ACK_ID = 2;
export const INVALID_ATTACHMENTS = 3;
export const TOO_MANY_ATTACHMENTS = 4;
export const INVALID_JSON = 5;
export const INVALID_PAYLOAD = 6;
export const INVALID_EVENT_NAME = 7;
export const RESERVED_EVENT_NAME = 8;
export const INVALID_PLACEHOLDER = 9;
export const UNEXPECTED_BINARY = 10;
export const UNEXPECTED_TEXT = 11;

/** A fault, one of the numbers above. */
export type Fault = number;

/** The strict decoder's code for each fault, in the order of the numbers above. */
export const FAULT_CODES: readonly ProtocolErrorCode[] = [
  'ERR_EMPTY_PACKET',
  'ERR_UNKNOWN_PACKET_TYPE',
  'ERR_INVALID_ACK_ID',
  'ERR_INVALID_ATTACHMENTS',
  'ERR_TOO_MANY_ATTACHMENTS',
  'ERR_INVALID_JSON',
  'ERR_INVALID_PAYLOAD',
  'ERR_INVALID_EVENT_NAME',
  'ERR_RESERVED_EVENT_NAME',
  'ERR_INVALID_PLACEHOLDER',
  'ERR_UNEXPECTED_BINARY',
  'ERR_UNEXPECTED_TEXT',
];
