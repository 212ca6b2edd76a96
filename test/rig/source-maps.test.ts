import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './child.js';

/*
 * The package ships dist/ and no src/, so a source map is only useful if it carries the sources it names: every
 * map in dist/ (npm entries, chunks, the <script> build) has a non-empty `sourcesContent` entry for each source.
 * Needs `npm run build` first, as `npm test` does.
 */
describe('source maps in dist/', () => {
  const maps = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
      d.isDirectory() ? maps(join(dir, d.name)) : d.name.endsWith('.map') ? [join(dir, d.name)] : [],
    );

  it('carry the content of every source they name', () => {
    const files = maps(join(ROOT, 'dist'));
    expect(files.length).to.be.greaterThan(10);
    const missing = files.flatMap((file) => {
      const map = JSON.parse(readFileSync(file, 'utf8')) as { sources: string[]; sourcesContent?: (string | null)[] };
      return map.sources.filter((_, i) => !map.sourcesContent?.[i]).map((source) => `${file}: ${source}`);
    });
    expect(missing).to.deep.equal([]);
  });
});
