import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { ROOT, connectProgram, runNode } from './child.js';

/*
 * Every entry of package.json "exports", loaded the two ways Node apps load packages (`require` and `import`), in
 * a fresh Node process, from the built dist/ (needs `npm run build` first, as `npm test` does). A client connects
 * over WebSocket only: that works in Node 20 only when the entry found the `ws` package by itself.
 */
describe('package entries: require and import', function () {
  this.timeout(120_000);
  const expected = { reply: 'pong', kinds: ['function', 'function', 'function', 'function', 'function'], transport: 'websocket' };

  it('require() loads sockjet, sockjet/server and sockjet/websocket (no top-level await on the way)', async () => {
    const out = await runNode(connectProgram((name) => `require('${name}')`), false);
    expect(JSON.parse(out)).to.deep.equal(expected);
  });

  it('import loads sockjet, sockjet/server and sockjet/websocket', async () => {
    const out = await runNode(connectProgram((name) => `await import('${name}')`), true);
    expect(JSON.parse(out)).to.deep.equal(expected);
  });

  it('require and import give the same export names for each entry', async () => {
    const names = (load: string) =>
      `const out = {}; for (const e of ['sockjet', 'sockjet/server', 'sockjet/websocket', 'sockjet/testing', 'sockjet/package.json']) ` +
      `out[e] = Object.keys(${load}).sort(); console.log(JSON.stringify(out));`;
    const viaRequire = JSON.parse(await runNode(names('require(e)'), false));
    const viaImport = JSON.parse(await runNode(names('await import(e, e.endsWith(".json") ? { with: { type: "json" } } : undefined).then((m) => e.endsWith(".json") ? m.default : m)'), true));
    expect(viaRequire).to.deep.equal(viaImport);
    expect(viaRequire['sockjet']).to.include.members(['io', 'Manager', 'Socket']);
    expect(viaRequire['sockjet/server']).to.include.members(['Server', 'Engine', 'Namespace', 'Socket', 'MemoryAdapter']);
    expect(viaRequire['sockjet/websocket']).to.deep.equal(['SockjetError', 'WebSocket']);
    expect(viaRequire['sockjet/testing']).to.include.members(['createTestServer', 'sockjetServerPlugin', 'waitFor']);
  });

  // A bundler honours "sideEffects": the Node entries must keep the call that finds `ws`, or a bundled Node app
  // would silently fall back to long-polling (or fail with transports: ['websocket']).
  for (const format of ['esm', 'cjs'] as const) {
    it(`a Node app bundled by esbuild (${format}) still finds ws`, async () => {
      // An app folder with the package and ws installed (as links).
      const dir = mkdtempSync(join(tmpdir(), 'sockjet-bundle-'));
      mkdirSync(join(dir, 'node_modules'));
      symlinkSync(ROOT, join(dir, 'node_modules', 'sockjet'), 'dir');
      // ws and debug (the server's logger, CommonJS that requires 'tty' at load, which an ESM bundle cannot do:
      // socket.io has the same dependency) stay installed packages beside the bundle.
      for (const dep of ['ws', 'debug', 'ms']) symlinkSync(join(ROOT, 'node_modules', dep), join(dir, 'node_modules', dep), 'dir');
      try {
        const load = format === 'esm' ? (name: string) => `await import('${name}')` : (name: string) => `require('${name}')`;
        const entry = join(dir, 'app.js');
        writeFileSync(entry, format === 'esm' ? connectProgram(load) : `(async () => {${connectProgram(load)}})();`);
        const outfile = join(dir, format === 'esm' ? 'out.mjs' : 'out.cjs');
        await build({
          entryPoints: [entry],
          bundle: true,
          platform: 'node',
          format,
          outfile,
          external: ['ws', 'debug'],
          absWorkingDir: dir,
          logLevel: 'silent',
        });
        const out = await runNode(`import(${JSON.stringify(outfile)})`, true, { cwd: dir });
        expect(JSON.parse(out)).to.deep.equal(expected);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
