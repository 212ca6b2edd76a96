import { fileURLToPath } from 'node:url';
import { measureBundles } from './bundle.js';
import { buildBundleRows, formatBundleRows } from './report.js';

/**
 * `npm run size`: just the bundle rows of the bench, minified + gzip -9 bytes. With --check it exits non-zero
 * when a bundle misses its budget (for CI once the client is complete).
 */

const root = fileURLToPath(new URL('..', import.meta.url));
const rows = buildBundleRows(await measureBundles(root));
console.log(formatBundleRows(rows));
if (process.argv.includes('--check') && rows.some((r) => r.pass !== true && r.target !== null)) process.exitCode = 1;
