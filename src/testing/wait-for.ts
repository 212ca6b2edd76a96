import { TestingError } from './testing-error.js';

/** Anything with `once` and `off`: a sockjet or socket.io-client `Socket`, a `Manager`, an emitter. */
export interface EventSource {
  once(event: string, listener: (...args: any[]) => void): unknown;
  off(event: string, listener: (...args: any[]) => void): unknown;
}

export interface WaitForOptions {
  /** Milliseconds before the promise rejects with ERR_WAIT_TIMEOUT (default 2000). */
  timeout?: number;
}

/**
 * The arguments of the next `event` on `source`, or a rejection (code ERR_WAIT_TIMEOUT) naming the event when
 * none comes within `timeout` ms: a test fails with a reason instead of hanging. The timer and the listener go
 * away either way.
 * @example const [message] = await waitFor(socket, 'chat', { timeout: 1000 });
 */
export function waitFor<T extends unknown[] = any[]>(
  source: EventSource,
  event: string,
  { timeout = 2000 }: WaitForOptions = {},
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const listener = (...args: unknown[]) => {
      clearTimeout(timer);
      resolve(args as T);
    };
    const timer = setTimeout(() => {
      source.off(event, listener);
      reject(new TestingError('ERR_WAIT_TIMEOUT', `no "${event}" event within ${timeout} ms`));
    }, timeout);
    source.once(event, listener);
  });
}
