import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/**
 * Minified and gzipped (level 9) sizes of the browser builds: sockjet's <script> build and the official
 * clients' own minified files as they are, and sockjet's npm entries (dist/index.js, dist/websocket.js, built
 * by `npm run build`, names as written) bundled and minified here with esbuild for a browser,
 * the way an app's bundler takes them.
 */

export interface BundleRow {
  key: 'full' | 'io' | 'websocket' | 'socketio' | 'socketioEsm' | 'engineio';
  name: string;
  source: string;
  minBytes: number | null;
  gzBytes: number | null;
  error?: string;
}

interface Entry {
  key: BundleRow['key'];
  name: string;
  /** Built files to take as they are, first found wins. */
  files: string[];
  /** Otherwise bundle this entry point with esbuild (a built file must exist: `npm run build`). */
  entry?: string;
  format?: 'esm' | 'iife';
}

const ENTRIES: Entry[] = [
  { key: 'full', name: 'sockjet.min.js (script tag)', files: ['dist/sockjet.min.js'], entry: 'src/browser.ts', format: 'iife' },
  { key: 'io', name: 'sockjet io client (esm)', files: [], entry: 'dist/index.js', format: 'esm' },
  { key: 'websocket', name: 'sockjet/websocket (esm)', files: [], entry: 'dist/websocket.js', format: 'esm' },
  { key: 'socketio', name: 'socket.io-client', files: ['node_modules/socket.io-client/dist/socket.io.min.js'] },
  { key: 'socketioEsm', name: 'socket.io-client (esm)', files: ['node_modules/socket.io-client/dist/socket.io.esm.min.js'] },
  { key: 'engineio', name: 'engine.io-client', files: ['node_modules/engine.io-client/dist/engine.io.min.js'], entry: 'node_modules/engine.io-client/build/esm/index.js', format: 'esm' },
];

/** A built sockjet file older than the newest source file probably does not show the current code. */
function isStale(root: string, file: string): boolean {
  if (!file.startsWith('dist/')) return false;
  const built = statSync(join(root, file)).mtimeMs;
  const newest = (dir: string): number => readdirSync(dir, { withFileTypes: true }).reduce((max, d) => {
    const path = join(dir, d.name);
    return Math.max(max, d.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }, 0);
  return newest(join(root, 'src')) > built;
}

async function bundle(root: string, entry: string, format: 'esm' | 'iife'): Promise<Uint8Array> {
  const result = await build({
    absWorkingDir: root,
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format,
    platform: 'browser',
    target: 'es2020',
    write: false,
    logLevel: 'silent',
    // Node's ws is only a fallback for Node 20; a browser never loads it.
    external: ['ws'],
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  return result.outputFiles[0]!.contents;
}

async function measureOne(root: string, e: Entry): Promise<BundleRow> {
  const row: BundleRow = { key: e.key, name: e.name, source: '', minBytes: null, gzBytes: null };
  try {
    let bytes: Uint8Array | undefined;
    const file = e.files.find((f) => existsSync(join(root, f)));
    if (file) {
      bytes = readFileSync(join(root, file));
      row.source = isStale(root, file) ? `${file} (older than src/: rebuild?)` : file;
    } else if (e.entry && existsSync(join(root, e.entry))) {
      bytes = await bundle(root, e.entry, e.format ?? 'esm');
      row.source = `esbuild ${e.entry}${isStale(root, e.entry) ? ' (older than src/: rebuild?)' : ''}`;
    } else {
      throw new Error(`not found: ${[...e.files, e.entry].filter(Boolean).join(', ')} (npm run build?)`);
    }
    row.minBytes = bytes.length;
    row.gzBytes = gzipSync(bytes, { level: 9 }).length;
  } catch (err) {
    row.error = err instanceof Error ? err.message.split('\n')[0] : String(err);
  }
  return row;
}

export async function measureBundles(root: string): Promise<BundleRow[]> {
  const rows: BundleRow[] = [];
  for (const e of ENTRIES) rows.push(await measureOne(root, e));
  return rows;
}
