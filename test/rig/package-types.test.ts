import { expect } from 'chai';
import { execFile } from 'node:child_process';

/*
 * The published declarations, as a user's compiler sees them: test/rig/consumer resolves `sockjet`,
 * `sockjet/websocket` and `sockjet/server` through package.json "exports" (a package may import itself by
 * name) to dist/types, with skipLibCheck off. Needs `npm run build` first, as `npm test` does.
 */
describe('published type declarations', function () {
  this.timeout(60_000);

  it('type-check a user program that imports every entry', async () => {
    const output = await new Promise<string>((resolve) =>
      execFile(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'test/rig/consumer'], (err, stdout, stderr) =>
        resolve(err ? stdout + stderr || String(err) : ''),
      ),
    );
    expect(output, output).to.equal('');
  });
});
