/**
 * setTimeout, unref'd when `o.autoUnref` is set: in Node the timer alone then does not keep the process alive
 * (socket.io-client's `autoUnref`). Browsers' timers have no `unref`, so there it is a plain setTimeout.
 * @example later(() => retry(), 1000, { autoUnref: true });
 */
export const later = (fn: () => void, ms: number, o: { autoUnref?: boolean }): ReturnType<typeof setTimeout> => {
  const timer = setTimeout(fn, ms);
  if (o.autoUnref) (timer as { unref?: () => void }).unref?.();
  return timer;
};
