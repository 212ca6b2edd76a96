import type { BundleRow } from './bundle.js';

/**
 * Size budgets that `npm test` enforces (`bench/size.ts --check`): gzip bytes of the three sockjet client
 * outputs, set at their size when the budget was last moved plus 2%, so a change that grows the client fails
 * until its commit moves the budget and says why. (The goals of issue 6 are BUNDLE_TARGETS in targets.ts; these
 * are guards against growth, not goals.)
 *
 * Last set from `npm run size` on the build of issue 14 (npm outputs keep their property names):
 * sockjet.min.js 6532, io client 5377, sockjet/websocket 4180.
 */
export const BUNDLE_BUDGETS: Readonly<Partial<Record<BundleRow['key'], number>>> = {
  full: Math.floor(6532 * 1.02),
  io: Math.floor(5377 * 1.02),
  websocket: Math.floor(4180 * 1.02),
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
