import type { BundleRow } from './bundle.js';

/**
 * Size budgets that `npm test` enforces (`bench/size.ts --check`): gzip bytes of the three sockjet client
 * outputs, set at their size when the budget was last moved plus 2%, so a change that grows the client fails
 * until its commit moves the budget and says why. (The goals of issue 6 are BUNDLE_TARGETS in targets.ts; these
 * are guards against growth, not goals.)
 *
 * Last set from `npm run size` on the build of issues 12 and 13 (client parity, recovery under cuts):
 * sockjet.min.js 7156, io client 6020, sockjet/websocket 4627 (from 6532, 5377 and 4180 at issue 14; the growth
 * is itemized in that commit: engine events, the close packet a cut session sends, the not-Engine.IO check,
 * autoUnref and extraHeaders, sendBuffer, the Manager's setters, buffer_full).
 * Moved for issue 17's one error class (SockjetError, exported so that users can match `instanceof`): 7235, 6181
 * and 4763, each about 150 B more than the one-line `Object.assign(new Error(...), { code })` helper it replaced.
 */
export const BUNDLE_BUDGETS: Readonly<Partial<Record<BundleRow['key'], number>>> = {
  full: Math.floor(7235 * 1.02),
  io: Math.floor(6181 * 1.02),
  websocket: Math.floor(4763 * 1.02),
};

/** One line per budgeted row that is over its budget or could not be measured; empty when all fit. */
export function budgetFailures(rows: readonly BundleRow[], budgets = BUNDLE_BUDGETS): string[] {
  const failures: string[] = [];
  for (const [key, max] of Object.entries(budgets)) {
    const row = rows.find((r) => r.key === key);
    if (!row || row.gzBytes === null) failures.push(`${key}: not measured (${row?.error ?? 'no row'})`);
    else if (row.gzBytes > max!) failures.push(`${row.name}: ${row.gzBytes} B gzip, over its budget of ${max} B`);
  }
  return failures;
}
