import { expect } from 'chai';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ROOT, run } from './child.js';
import { demoSources, readmeExcerpts, readmeSamples, type AppFile } from './strict-samples.js';

/*
 * The README's samples and the demos, type-checked under `strict` against the built package (dist/types, reached
 * through package.json "exports" as `sockjet`, `sockjet/server`, ...) in one tsc program, as a user's app holds
 * them:
 * - every README js/ts sample that stands alone, and the quick start (quoted whole), pasted into `.ts` files;
 * - every demo source (demo/**: Node programs, the chat page's modules, the testing example's tests and config),
 *   at its own path, so relative imports between demo files still meet. A `.ts` demo is TypeScript; a `.js` or
 *   `.mjs` demo, which Node or a browser runs as it is, is checked as JavaScript (checkJs) under the same options:
 *   its types come from JSDoc, which TypeScript reads only in JavaScript files, so pasting it into `.ts` would
 *   leave a helper's parameters untypable rather than check them;
 * - every other README sample is an excerpt of one of these files (test/readme/readme-samples.test.ts holds it
 *   to the file), and is covered by its file.
 * Needs `npm run build` first, as `npm test` does.
 */

/**
 * This project's compiler settings that change what a sample may say, `strict` first (it leaves
 * exactOptionalPropertyTypes and noUncheckedIndexedAccess off, and so does this check).
 */
const COMPILER_OPTIONS = {
  strict: true,
  noImplicitOverride: true,
  noFallthroughCasesInSwitch: true,
  isolatedModules: true,
  verbatimModuleSyntax: true,
  module: 'NodeNext',
  moduleResolution: 'NodeNext',
  target: 'ES2022',
  lib: ['ES2022', 'DOM', 'DOM.Iterable'],
  // The testing example's tests are mocha tests.
  types: ['node', 'mocha'],
  allowJs: true,
  checkJs: true,
  // demo/testing's web-test-runner config takes this machine's Chromium settings from test/support/chromium.ts.
  allowImportingTsExtensions: true,
  noEmit: true,
  skipLibCheck: true,
};

/**
 * Files outside demo/ that README samples quote, and the check that compiles each under `strict` already.
 */
const CHECKED_ELSEWHERE: Record<string, string> = {
  'test/rig/consumer/typed.ts': 'test/rig/package-types.test.ts, against dist/types with skipLibCheck off',
  'test/cluster/cluster-worker.ts': 'npm run typecheck (the cluster tests run it from src/)',
};

/**
 * The chat page loads the `<script>` build, which defines the globals `io` and `sockjet` (src/browser.ts); a
 * page's own types declare them like this.
 */
const SCRIPT_BUILD_GLOBALS = `declare global {
  const io: typeof import('sockjet').io;
  const sockjet: Pick<typeof import('sockjet'), 'io' | 'Manager' | 'Socket'> & Pick<typeof import('sockjet/websocket'), 'WebSocket'>;
}
export {};
`;

describe('README and demo samples under strict TypeScript', function () {
  this.timeout(240_000);

  let dir: string | undefined;
  let app: AppFile[];
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'sockjet-strict-'));
    // An app folder: this project's node_modules (linked entry by entry), the package itself as `sockjet`, and
    // test/ for the demo import that reaches into it.
    mkdirSync(join(dir, 'node_modules'));
    for (const entry of readdirSync(join(ROOT, 'node_modules'))) {
      symlinkSync(join(ROOT, 'node_modules', entry), join(dir, 'node_modules', entry));
    }
    symlinkSync(ROOT, join(dir, 'node_modules', 'sockjet'), 'dir');
    symlinkSync(join(ROOT, 'test'), join(dir, 'test'), 'dir');
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
    app = [...demoSources(), ...readmeSamples()];
    for (const { file, text } of app) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), text);
    }
    writeFileSync(join(dir, 'script-build-globals.d.ts'), SCRIPT_BUILD_GLOBALS);
    const files = [...app.map((f) => f.file), 'script-build-globals.d.ts'];
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: COMPILER_OPTIONS, files }));
  });
  after(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('cover every README sample: pasted itself, or quoted from a file that is checked', () => {
    expect(app.filter((f) => f.from.startsWith('demo/')).length, 'demo files').to.be.greaterThan(20);
    expect(app.filter((f) => f.from === 'README.md').length, 'README samples pasted').to.be.greaterThan(0);
    for (const { source, line } of readmeExcerpts()) {
      const checked = app.some((f) => f.from === source) || source in CHECKED_ELSEWHERE;
      expect(checked, `README line ${line} quotes ${source}, which no strict check covers`).to.equal(true);
    }
  });

  it('type-check under strict against the published declarations', async () => {
    const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
    const output = await run(process.execPath, [tsc, '-p', '.'], { cwd: dir!, timeoutMs: 230_000 }).then(
      () => '',
      (err: Error) => err.message,
    );
    expect(output === '', output).to.equal(true);
  });
});
