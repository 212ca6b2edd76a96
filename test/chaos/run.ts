/**
 * `npm run test:chaos`: the reliability suite of issue 13 at full size, every figure printed as a table.
 * `npm test` runs the same test files at CI size (they read CHAOS); this adds the long runs and the bench-style
 * latency script. Exits non-zero when any part fails.
 *
 * To plug in another long run, add it to PARTS: a name, its command, and the environment that makes it long.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const mocha = ['node_modules/mocha/bin/mocha.js', '--no-config', '--node-option', 'import=tsx', '--forbid-only', '--timeout', '0', '--reporter', 'spec'];

interface Part {
  name: string;
  /** Files that must exist for the part to run (a part another change brings is skipped until it lands). */
  needs: string[];
  args: string[];
  env: Record<string, string>;
}

const chaosTests = readdirSync(here)
  .filter((f) => f.endsWith('.test.ts'))
  .map((f) => relative(root, join(here, f)));

const PARTS: Part[] = [
  { name: 'chaos tests, full size', needs: chaosTests, args: [...mocha, ...chaosTests], env: { CHAOS: 'full' } },
  {
    // The client's connection state recovery through a proxy that cuts every connection at random (issue 13):
    // sockjet and socket.io-client, both transports, thousands of messages each way, lost and duplicated counted.
    name: 'recovery under cuts (cutting proxy), long run',
    needs: ['test/client/recovery-cuts.test.ts'],
    args: [...mocha, 'test/client/recovery-cuts.test.ts'],
    env: { SOCKJET_CUT_MESSAGES: '5000' },
  },
  {
    name: 'latency of healthy clients while one is stalled',
    needs: ['test/chaos/latency-under-stall.ts'],
    args: ['--import', 'tsx', 'test/chaos/latency-under-stall.ts'],
    env: {},
  },
];

let failed = 0;
for (const part of PARTS) {
  const missing = part.needs.filter((f) => !existsSync(join(root, f)));
  if (missing.length) {
    console.log(`\n== ${part.name}: skipped (${missing.join(', ')} not found)`);
    continue;
  }
  console.log(`\n== ${part.name}`);
  const result = spawnSync(process.execPath, part.args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...part.env } });
  if (result.status !== 0) {
    failed++;
    console.log(`== ${part.name}: FAILED (exit ${result.status ?? result.signal})`);
  }
}
process.exitCode = failed ? 1 : 0;
