import { expect } from 'chai';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ROOT, run } from './child.js';

/*
 * Samples as a TypeScript user pastes them: the README's quick start, and the demo programs the README quotes
 * from (every other README sample is an excerpt of one of them, see test/readme/readme-samples.test.ts), each
 * copied into a `.ts` file and type-checked under `strict` against the built package (dist/, through "exports").
 */
const DEMOS = [
  'demo/guide/quick-start.js',
];

describe('README and demo samples under strict TypeScript', function () {
  this.timeout(240_000);

  it('type-check as .ts files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sockjet-strict-'));
    try {
      // An app folder: this project's node_modules (linked entry by entry) and the package itself as `sockjet`.
      mkdirSync(join(dir, 'node_modules'));
      for (const entry of readdirSync(join(ROOT, 'node_modules'))) symlinkSync(join(ROOT, 'node_modules', entry), join(dir, 'node_modules', entry));
      symlinkSync(ROOT, join(dir, 'node_modules', 'sockjet'), 'dir');
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
      const files = DEMOS.map((file) => {
        const target = join(dir, file.replace(/\.js$/, '.ts'));
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, readFileSync(join(ROOT, file), 'utf8'));
        return target;
      });
      writeFileSync(join(dir, 'readme-quick-start.ts'), quickStartSample());
      writeFileSync(
        join(dir, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', lib: ['ES2022', 'DOM'], types: ['node'], noEmit: true, skipLibCheck: true },
          files: [...files, join(dir, 'readme-quick-start.ts')],
        }),
      );
      const output = await run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', dir], { timeoutMs: 230_000 }).then(
        () => '',
        (err: Error) => err.message.split(dir).join('.'),
      );
      expect(output, output).to.equal('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** The README's quick start: the fenced sample under the "Quick start" heading, as a reader copies it. */
function quickStartSample(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Quick start'));
  const sample = /```js\n([\s\S]*?)```/.exec(section);
  if (!sample) throw new Error('README: no js sample under "## Quick start"');
  return sample[1]!;
}
