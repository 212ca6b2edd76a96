/**
 * The fake clock of the tests (browser-safe: no Node-only import). Runs `body` with setTimeout/clearTimeout
 * replaced by a clock that only moves when `tick(ms)` is called; `pending()` counts the timers still set. An
 * async body may await promises, not real timers: nothing else should run while the clock is replaced.
 * A `once` (events.ts) started inside counts among the pending timers until its event comes.
 */
export async function withFakeClock(
  body: (tick: (ms: number) => void, pending: () => number) => void | Promise<void>,
): Promise<void> {
  const real = { setTimeout: globalThis.setTimeout, clearTimeout: globalThis.clearTimeout };
  let now = 0;
  let nextId = 1;
  const timers = new Map<number, { at: number; fn: () => void }>();
  globalThis.setTimeout = ((fn: () => void, ms = 0) => (timers.set(nextId, { at: now + ms, fn }), nextId++)) as never;
  globalThis.clearTimeout = ((id: number) => timers.delete(id)) as never;
  const tick = (ms: number) => {
    now += ms;
    for (const [id, t] of [...timers].sort((a, b) => a[1].at - b[1].at))
      if (t.at <= now && timers.delete(id)) t.fn();
  };
  try {
    await body(tick, () => timers.size);
  } finally {
    Object.assign(globalThis, real);
  }
}
