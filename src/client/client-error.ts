import { SockjetError } from '../shared/sockjet-error.js';

/** The codes of the client's errors; each is a `SockjetError` carrying one. */
export type ClientErrorCode =
  /** `connect_error` / `error`: the connection could not be opened; the message is the reason ('timeout', ...). */
  | 'ERR_CONNECT'
  /** `connect_error`: the server refused the namespace (a middleware's `next(err)`); `data` is the error's data. */
  | 'ERR_CONNECT_REFUSED'
  /** Thrown by `emit` for a lifecycle event name ('connect', 'disconnect', ...). */
  | 'ERR_RESERVED_EVENT'
  /** The send buffer is at its cap: the packet was dropped. */
  | 'ERR_BUFFER_FULL'
  /** An ack with `timeout()` (or `ackTimeout`) got no answer in time. */
  | 'ERR_ACK_TIMEOUT'
  /** The socket disconnected while an error-first ack was pending. */
  | 'ERR_SOCKET_DISCONNECTED'
  /** `socket.sendBuffer = []` dropped a buffered packet whose ack was pending. */
  | 'ERR_BUFFER_CLEARED';

export const clientError = (code: ClientErrorCode, message: string): SockjetError<ClientErrorCode> =>
  new SockjetError(code, message);
