/**
 * Waiting in tests, for Node and browser tests alike (nothing Node-only here, so *.browser.test.ts and
 * *.any.test.ts may import it). Every wait has a deadline and fails naming what it waited for
 * (TestingError, code ERR_WAIT_TIMEOUT, as `sockjet/testing`'s waitFor), instead of hanging until the
 * runner's own timeout says only that the test took too long.
 */
import { TestingError } from '../../src/testing/testing-error.js';
import { waitFor, type EventSource } from '../../src/testing/wait-for.js';

/** The default deadline: under the runners' 10 s per test, so that the wait's own failure is the one reported. */
export const WAIT_MS = 8000;

/** An emitter (Node's, sockjet's, socket.io-client's, `ws`'s) or a DOM EventTarget (a browser WebSocket, window). */
export type EventSourceLike =
  | { on(event: any, listener: any): unknown; off(event: any, listener: any): unknown } // eslint-disable-line @typescript-eslint/no-explicit-any
  | EventTarget;

export interface OnceOptions<A extends unknown[]> {
  /** Milliseconds before the wait fails (default WAIT_MS). */
  timeout?: number;
  /**
   * An event that fails the wait when it comes first, e.g. 'connect_error': with its first argument when that is
   * an Error, otherwise with an error naming both events.
   */
  rejectOn?: string;
  /** Only an event whose arguments pass counts; the wait goes on past the others. */
  where?: (...args: A) => boolean;
}

const FAILED = Symbol('failed');

/**
 * The arguments of the next `event` on `source` (an EventTarget's: `[event]`). Built on the public `waitFor`,
 * which owns the deadline and its message; `rejectOn` and `where` are a view of `source` handed to it.
 * @example const [reason] = await once<[string]>(socket, 'disconnect', { timeout: 2000 });
 */
export async function once<A extends unknown[] = any[]>( // eslint-disable-line @typescript-eslint/no-explicit-any
  source: EventSourceLike,
  event: string,
  { timeout = WAIT_MS, rejectOn, where }: OnceOptions<A> = {},
): Promise<A> {
  const test = where as ((...args: unknown[]) => boolean) | undefined;
  const args = await waitFor<unknown[]>(view(source, rejectOn, test), event, { timeout });
  if (args[0] !== FAILED) return args as A;
  throw args[1] instanceof Error ? args[1] : new Error(`"${rejectOn}" came before "${event}"`);
}

/** `source` as the once/off pair waitFor takes, with the `rejectOn` and `where` of `once` folded in. */
function view(source: EventSourceLike, rejectOn?: string, where?: (...args: unknown[]) => boolean): EventSource {
  type Fn = (...args: unknown[]) => void;
  // An emitter's own on/off first: `ws` has addEventListener too, but gives it only the DOM events, wrapped.
  const emitter = 'on' in source && typeof source.on === 'function' ? source : undefined;
  const target = source as EventTarget;
  const on = (ev: string, fn: Fn) => (emitter ? void emitter.on(ev, fn) : target.addEventListener(ev, fn));
  const off = (ev: string, fn: Fn) => (emitter ? void emitter.off(ev, fn) : target.removeEventListener(ev, fn));
  let stop = () => {};
  return {
    once(ev: string, listener: Fn) {
      const ok: Fn = (...args) => {
        if (where && !where(...args)) return;
        stop();
        listener(...args);
      };
      const bad: Fn = (err) => {
        stop();
        listener(FAILED, err);
      };
      on(ev, ok);
      if (rejectOn) on(rejectOn, bad);
      stop = () => {
        off(ev, ok);
        if (rejectOn) off(rejectOn, bad);
      };
    },
    off: () => stop(),
  };
}

/**
 * Resolves once `check` holds, asking again every `every` ms (a poll for a state no event announces, e.g. a
 * count on another server); fails naming `what` after `timeout` ms.
 * @example await eventually('both servers subscribed', async () => (await adapter.serverCount()) === 2);
 */
export async function eventually(
  what: string,
  check: () => boolean | Promise<boolean>,
  { timeout = WAIT_MS, every = 10 }: { timeout?: number; every?: number } = {},
): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!(await check())) {
    if (Date.now() > deadline) throw new TestingError('ERR_WAIT_TIMEOUT', `timed out waiting for ${what} (${timeout} ms)`);
    await new Promise((resolve) => setTimeout(resolve, every));
  }
}
