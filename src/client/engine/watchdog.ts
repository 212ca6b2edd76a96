import { later } from '../../shared/later.js';

/**
 * One timer that fires unless it is armed again in time, as the heartbeat needs
 * (https://socket.io/docs/v4/engine-io-protocol/#heartbeat): `arm(ms)` (re)starts it, `arm()` stops it.
 * Unref'd in Node with `autoUnref`.
 * @example const arm = watchdog(() => end('ping timeout'), opts); arm(pingInterval + pingTimeout);
 */
export function watchdog(fire: () => void, opts: { autoUnref?: boolean }): (ms?: number) => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return (ms) => {
    clearTimeout(timer);
    if (ms) timer = later(fire, ms, opts);
  };
}
