import { serverError } from './server-error.js';

/**
 * An ack waiting for its answer; one with a timeout can also fail (timeout, disconnect). `reject` is
 * emitWithAck's, for an emit whose data cannot be encoded.
 */
export type Ack = ((...args: unknown[]) => void) & { fail?: (err: Error) => void; reject?: (err: Error) => void };

/**
 * Waits for the client's answer to packet `id`: `fn` is called on `socket` with it. With `timeout`, `fn` gets
 * `(null, ...answer)`, or ERR_ACK_TIMEOUT once `timeout` ms passed without one (the entry is then removed).
 */
export function expectAck(acks: Map<number, Ack>, id: number, fn: Ack, timeout: number | undefined, socket: object): void {
  if (timeout === undefined) {
    acks.set(id, fn);
    return;
  }
  const timer = setTimeout(() => {
    acks.delete(id);
    fn.call(socket, serverError('ERR_ACK_TIMEOUT', 'operation has timed out'));
  }, timeout);
  const wrapped: Ack = (...args: unknown[]) => {
    clearTimeout(timer);
    fn.apply(socket, [null, ...args]);
  };
  wrapped.fail = (err) => {
    clearTimeout(timer);
    fn.call(socket, err);
  };
  acks.set(id, wrapped);
}

/** Nothing pending survives a disconnect: acks with a timeout fail now (ERR_SOCKET_DISCONNECTED), the others are dropped. */
export function failPendingAcks(acks: Map<number, Ack>): void {
  for (const ack of acks.values()) ack.fail?.(serverError('ERR_SOCKET_DISCONNECTED', 'socket has been disconnected'));
}
