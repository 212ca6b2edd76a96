import { expect } from 'chai';
import { readFileSync } from 'node:fs';

/**
 * Every JavaScript or TypeScript sample in the README is an excerpt of a file that a test or a demo runs, so no
 * sample can drift from working code. A sample names its source in the comment line above its fence:
 *
 *   <!-- sample: demo/express/server.js -->
 *   ```js
 *   ...lines that appear, in this order and contiguous, in that file...
 *   ```
 */
const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const SAMPLE = /(?:<!-- sample: (\S+) -->\n)?```(js|ts|javascript|typescript|html)\n([\s\S]*?)```/g;

const normalize = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && line !== '// ...')
    .join('\n');

describe('README code samples', () => {
  const samples = [...README.matchAll(SAMPLE)];

  it('has samples to check', () => {
    expect(samples.length).to.be.greaterThan(5);
  });

  for (const [, source, lang, code] of samples) {
    const title = `${lang} sample from ${source ?? '(no source)'}: ${code!.trim().split('\n')[0]}`;
    it(title, () => {
      expect(source, 'every sample names the file it comes from').to.be.a('string');
      const file = normalize(readFileSync(new URL(`../../${source}`, import.meta.url), 'utf8'));
      // A sample may skip lines with a `// ...` line; each part must appear in the file.
      for (const part of code!.split(/^\s*\/\/ \.\.\.\s*$/m)) {
        expect(file, `README sample part not found in ${source}`).to.contain(normalize(part));
      }
    });
  }

  it('quotes the quick start whole, so it runs as pasted', () => {
    const quick = samples.find(([, source]) => source === 'demo/guide/quick-start.js');
    const file = readFileSync(new URL('../../demo/guide/quick-start.js', import.meta.url), 'utf8');
    // Only the file's opening comment (which says where it is quoted) stays out of the README.
    expect(quick?.[3]).to.equal(file.replace(/^(\/\/.*\n)+/, ''));
  });
});
