import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/*
 * Issue 16: the server logs through `debug`, the browser client must not carry it. Walks each client entry of the
 * build (needs `npm run build` first, as `npm test` does) through its static imports and checks that none of the
 * files it loads imports `debug` or names a sockjet log namespace; the server entry does import it, and keeps it
 * external (a bare import, not bundled).
 */
const CLIENT_ENTRIES = ['dist/index.js', 'dist/node.js', 'dist/websocket.js', 'dist/websocket-node.js', 'dist/sockjet.min.js'];
const IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*)["']([^"']+)["']/g;

/** Every file an entry loads, itself included, following relative imports. */
function closure(entry: string): Map<string, string> {
  const files = new Map<string, string>();
  const visit = (file: string): void => {
    if (files.has(file)) return;
    const code = readFileSync(file, 'utf8');
    files.set(file, code);
    for (const [, spec] of code.matchAll(IMPORT)) if (spec!.startsWith('.')) visit(join(dirname(file), spec!));
  };
  visit(entry);
  return files;
}

describe('client bundles without debug', () => {
  for (const entry of CLIENT_ENTRIES) {
    it(`${entry} loads no debug and no sockjet:* log namespace`, () => {
      for (const [file, code] of closure(entry)) {
        const imports = [...code.matchAll(IMPORT)].map((m) => m[1]);
        expect(imports, file).not.to.include('debug');
        expect(code, file).not.to.match(/sockjet:(engine|socket|namespace|adapter)/);
      }
    });
  }

  it('dist/server.js imports debug as an external dependency', () => {
    const files = closure('dist/server.js');
    const imports = [...files.values()].flatMap((code) => [...code.matchAll(IMPORT)].map((m) => m[1]));
    expect(imports).to.include('debug');
    expect([...files.values()].some((code) => code.includes('sockjet:engine'))).to.equal(true);
  });
});
