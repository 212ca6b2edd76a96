import type { Connection } from '../../src/server/engine/index.js';
import { nextMacrotask } from '../support/net.js';

/**
 * Calls `write` (a macrotask apart) until the connection closes, and returns the most bytes it ever held. Gives
 * up after `maxWrites` writes, so a limit that never trips fails the test instead of filling memory.
 */
export async function floodUntilClosed(conn: Connection, write: () => void, maxWrites = 20_000): Promise<number> {
  let peak = 0;
  for (let i = 0; i < maxWrites && conn.readyState === 'open'; i++) {
    write();
    peak = Math.max(peak, conn.bufferedAmount);
    if (i % 4 === 3) await nextMacrotask();
  }
  if (conn.readyState === 'open') throw new Error(`still open after ${maxWrites} writes`);
  return peak;
}
