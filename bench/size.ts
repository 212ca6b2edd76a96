import { fileURLToPath } from 'node:url';
import { BUNDLE_BUDGETS, budgetFailures } from './budgets.js';
import { measureBundles } from './bundle.js';
import { buildBundleRows, formatBundleRows } from './report.js';

/**
 * `npm run size`: just the bundle rows of the bench, minified + gzip -9 bytes, and the budgets of
 * bench/budgets.ts. With --check (as `npm test` runs it) it exits non-zero when a client output is over its
 * budget.
 */

const root = fileURLToPath(new URL('..', import.meta.url));
const measured = await measureBundles(root);
console.log(formatBundleRows(buildBundleRows(measured)));
const failures = budgetFailures(measured);
const budgets = Object.entries(BUNDLE_BUDGETS).map(([key, max]) => `${key} ≤ ${max} B`);
console.log(failures.length ? `\nOver budget:\n  ${failures.join('\n  ')}` : `\nWithin budgets (gzip): ${budgets.join(', ')}`);
if (process.argv.includes('--check') && failures.length) process.exitCode = 1;
