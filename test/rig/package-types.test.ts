import { expect } from 'chai';
import { join } from 'node:path';
import { ROOT, run } from './child.js';

/*
 * The published declarations, as a user's compiler sees them: test/rig/consumer resolves `sockjet`,
 * `sockjet/websocket` and `sockjet/server` through package.json "exports" (a package may import itself by
 * name) to dist/types, with skipLibCheck off, under each moduleResolution a user may pick; under node16 and
 * nodenext a CommonJS file (cjs.cts) requires each entry too. Needs `npm run build` first, as `npm test` does.
 */
describe('published type declarations', function () {
  // Generous: tsc on a loaded 2-core machine has taken over a minute.
  this.timeout(240_000);

  const configs = ['tsconfig.json', 'tsconfig.node16.json', 'tsconfig.bundler.json'];
  const labels: Record<string, string> = {
    'tsconfig.json': 'moduleResolution nodenext (ESM and CommonJS files)',
    'tsconfig.node16.json': 'moduleResolution node16 (ESM and CommonJS files)',
    'tsconfig.bundler.json': 'moduleResolution bundler',
  };
  for (const config of configs) {
    it(`type-check user programs under ${labels[config]}`, async () => {
      const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
      const output = await run(process.execPath, [tsc, '-p', `test/rig/consumer/${config}`], { timeoutMs: 230_000 }).then(
        () => '',
        (err: Error) => err.message,
      );
      expect(output, output).to.equal('');
    });
  }
});
