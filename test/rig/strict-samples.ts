import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './child.js';

/** A file of the app the samples are checked in: `file` (relative to the app folder) holds `text`, from `from`. */
export interface AppFile {
  from: string;
  file: string;
  text: string;
}

/** A README sample that quotes part of a file (`<!-- sample: path -->` above its fence). */
export interface Excerpt {
  source: string;
  line: number;
}

const SOURCE = /\.(js|mjs|cjs|ts|mts|cts)$/;
const MODULE_SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script>/g;
const README_SAMPLE = /(?:<!-- sample: (\S+) -->\n)?```(js|ts|javascript|typescript)\n([\s\S]*?)```/g;

const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

/** Paths under `dir` (relative to the repository), depth first, in a stable order. */
function walk(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => (entry.isDirectory() ? walk(`${dir}/${entry.name}`) : [`${dir}/${entry.name}`]));
}

/**
 * Every demo source at its own path, so relative imports between demo files still resolve, and every inline
 * module script of a demo page as a file of its own (the chat page has none today: its script is chat.js).
 */
export function demoSources(): AppFile[] {
  const files = walk('demo');
  const sources = files.filter((path) => SOURCE.test(path)).map((from) => ({ from, file: from, text: read(from) }));
  const inline = files
    .filter((path) => path.endsWith('.html'))
    .flatMap((from) =>
      [...read(from).matchAll(MODULE_SCRIPT)]
        .filter(([, attrs, body]) => /type=["']?module/.test(attrs!) && body!.trim())
        .map(([, , body], i) => ({ from, file: `${from}.${i + 1}.js`, text: body! })),
    );
  return [...sources, ...inline];
}

/** The README's js and ts samples, with the line each starts on. */
function samples(): { source: string | undefined; code: string; line: number }[] {
  const readme = read('README.md');
  return [...readme.matchAll(README_SAMPLE)].map((match) => ({
    source: match[1],
    code: match[3]!,
    line: readme.slice(0, match.index).split('\n').length,
  }));
}

/** Whether a sample quotes its whole source, but for the file's opening comment (which says where it is quoted). */
const whole = (source: string, code: string) => read(source).replace(/^(\/\/.*\n)+/, '') === code;

/**
 * The README samples a reader pastes whole, each into a `.ts` file: those that name no source, and those that
 * quote their source whole (the quick start), which must compile as they stand in the README.
 */
export function readmeSamples(): AppFile[] {
  return samples()
    .filter(({ source, code }) => !source || whole(source, code))
    .map(({ code, line }) => ({ from: 'README.md', file: `readme/line-${line}.ts`, text: code }));
}

/** The README samples that quote part of a file: covered by checking that file (test/readme holds them to it). */
export function readmeExcerpts(): Excerpt[] {
  return samples()
    .filter(({ source, code }) => source && !whole(source, code))
    .map(({ source, line }) => ({ source: source!, line }));
}
