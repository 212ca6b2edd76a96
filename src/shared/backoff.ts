export interface BackoffOptions {
  /** Delay of the first attempt, in ms. */
  min: number;
  /** Cap, in ms. */
  max: number;
  /** Growth per attempt; 2 doubles the delay each time. */
  factor?: number;
  /** 0..1: each delay is spread uniformly over ±jitter of itself (0.5 gives 50%..150%). */
  jitter: number;
}

/** setTimeout's ceiling: a longer delay would fire at once. */
const MAX_DELAY = 2 ** 31 - 1;

/**
 * Delay before reconnect attempt `attempt` (0 for the first): `min * factor^attempt`, spread by a jitter drawn
 * afresh for every attempt (so clients that dropped together do not come back together), capped at `max`.
 * Pure: pass `random` to make it deterministic.
 * @example backoff(2, { min: 1000, max: 5000, jitter: 0 }) // 4000
 */
export function backoff(attempt: number, o: BackoffOptions, random: () => number = Math.random): number {
  const d = o.min * (o.factor ?? 2) ** attempt * (1 + o.jitter * (2 * random() - 1));
  return Math.floor(Math.min(d, o.max, MAX_DELAY));
}

/**
 * Owns the attempt count and the one pending retry timer.
 * @example
 *   const retry = new BackoffTimer({ min: 1000, max: 5000, jitter: 0.5 });
 *   retry.next(() => reconnect()); // attempt 1 (retry.n), after the returned ~1000 ms
 *   retry.reset(); // on success: cancel the timer, count from 0 again
 */
export class BackoffTimer {
  /** Attempts scheduled since the last reset. */
  n = 0;
  private t?: ReturnType<typeof setTimeout>;

  constructor(private o: BackoffOptions) {}

  /** Schedules `fn` after the next attempt's delay and returns that delay; `n` becomes the attempt's number. */
  next(fn: () => void): number {
    const delay = backoff(this.n++, this.o);
    clearTimeout(this.t);
    this.t = setTimeout(fn, delay);
    return delay;
  }

  reset(): void {
    clearTimeout(this.t);
    this.n = 0;
  }
}
