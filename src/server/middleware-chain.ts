/**
 * Runs `fns` in order on `subject` until one passes an error (or throws, which counts as passing the error);
 * `done` is called once, with that error or none, however often a middleware calls `next`. Namespace middlewares
 * (`io.use`) and packet middlewares (`socket.use`) both run through it.
 */
export function runMiddlewareChain<T>(
  fns: readonly ((subject: T, next: (err?: Error) => void) => void)[],
  subject: T,
  done: (err?: Error) => void,
): void {
  let i = 0;
  let finished = false;
  const next = (err?: Error): void => {
    if (finished) return;
    if (err || i === fns.length) {
      finished = true;
      return done(err);
    }
    const fn = fns[i++]!;
    try {
      fn(subject, next);
    } catch (e) {
      next(e instanceof Error ? e : new Error(String(e)));
    }
  };
  next();
}
