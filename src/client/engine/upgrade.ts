import type { Transport, TransportSink } from './transport.js';

/**
 * Upgrades a session (https://socket.io/docs/v4/engine-io-protocol/#upgrade): opens the new transport with
 * `open` (for the same session), writes `2probe` once it is connected, and on `3probe` pauses `from`; once that
 * is done, `done(to)` switches over, or `done()` if the new transport failed meanwhile. Any other answer, or a
 * failure before it, closes the new transport and the session stays where it is. Returns how to give up: before
 * the answer (`cancel()`), or whatever the stage (`cancel(true)`); once paused, `done` still comes.
 */
export function upgrade(
  open: (sink: TransportSink) => Transport,
  from: Transport,
  done: (to?: Transport) => void,
): (always?: boolean) => void {
  let to: Transport | undefined;
  let answered = false;
  let failed = false;
  const fail = () => {
    failed = true;
    to?.close();
  };
  try {
    to = open((packet, closeReason) => {
      if (closeReason || (packet != null && packet != '3probe')) return fail();
      if (packet == null) return to!.send(['2probe']);
      answered = true;
      from.pause(() => done(failed ? undefined : to));
    });
  } catch {
    // Nothing to probe: stay on the current transport.
  }
  return (always) => (always || !answered) && fail();
}
