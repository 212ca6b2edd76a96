import { later } from './later.js';

/** Socket.IO's reconnection options, as the Manager and the WebSocket drop-in take them. */
export interface BackoffOptions {
  /** Delay of the first attempt, in ms; it doubles with every attempt. */
  reconnectionDelay: number;
  /** Cap, in ms. */
  reconnectionDelayMax: number;
  /** 0..1: each delay is spread uniformly over ±factor of itself (0.5 gives 50%..150%). */
  randomizationFactor: number;
  /** Node: the retry timer does not keep the process alive (see `later`). */
  autoUnref?: boolean;
}

/** setTimeout's ceiling: a longer delay would fire at once. */
const MAX_DELAY = 2 ** 31 - 1;

/**
 * How long a connection must stay up before the attempt count starts over: a server that accepts and then
 * drops at once keeps getting longer delays instead of a reconnect storm at the shortest one.
 */
export const MIN_UPTIME = 5000;

/**
 * Delay before reconnect attempt `attempt` (0 for the first): `reconnectionDelay * 2^attempt`, spread by a
 * jitter drawn afresh for every attempt (so clients that dropped together do not come back together), capped
 * at `reconnectionDelayMax`. Pure: pass `random` to make it deterministic.
 * @example backoff(2, { reconnectionDelay: 1000, reconnectionDelayMax: 5000, randomizationFactor: 0 }) // 4000
 */
export function backoff(attempt: number, o: BackoffOptions, random: () => number = Math.random): number {
  const delay = o.reconnectionDelay * 2 ** attempt * (1 + o.randomizationFactor * (2 * random() - 1));
  return Math.floor(Math.min(delay, o.reconnectionDelayMax, MAX_DELAY));
}

/**
 * Owns the attempt count and its one timer: the pending retry, or, while connected, the wait before the count
 * starts over.
 * @example
 *   const retry = new BackoffTimer({ reconnectionDelay: 1000, reconnectionDelayMax: 5000, randomizationFactor: 0.5 });
 *   retry.next(() => reconnect()); // attempt 1 (retry._attempts), after the returned ~1000 ms
 *   retry.settle(); // connected: count from 0 again once it has stayed up MIN_UPTIME
 *   retry.reset(); // closed for good: cancel the timer, count from 0 again
 */
export class BackoffTimer {
  /** Attempts scheduled since the last reset. */
  declare _attempts: number;
  declare private _options: BackoffOptions;
  declare private _timer?: ReturnType<typeof setTimeout>;

  // Fields are set here rather than declared with initializers: a bundler targeting ES2020 turns each class
  // field into a helper call (as in the other client classes).
  constructor(options: BackoffOptions) {
    this._options = options;
    this._attempts = 0;
  }

  /** Schedules `fn` after the next attempt's delay and returns that delay; `_attempts` counts it. */
  next(fn: () => void): number {
    const delay = backoff(this._attempts++, this._options);
    clearTimeout(this._timer);
    this._timer = later(fn, delay, this._options);
    return delay;
  }

  /** The connection is up: the count starts over once it has stayed up `MIN_UPTIME` (a drop cancels that). */
  settle(): void {
    clearTimeout(this._timer);
    this._timer = later(() => (this._attempts = 0), MIN_UPTIME, this._options);
  }

  reset(): void {
    clearTimeout(this._timer);
    this._attempts = 0;
  }
}
