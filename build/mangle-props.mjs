import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { transform } from 'esbuild';

/**
 * Shortens the `_`-prefixed property names of the client (src/client, src/shared, src/protocol) in the <script>
 * build, so that the source can spell internals out (`_readyState`, `_closedOnPurpose`) at no cost in bytes there.
 *
 * The <script> build only: the npm outputs keep every name as written, because users subclass those classes
 * and a short internal name would clash with a field of theirs (`class Player extends WebSocket { x = 0 }`), and
 * the declarations name members as written (test/rig/subclass.test.ts). The map is fixed and deterministic.
 */

/**
 * `_` names that must keep their spelling: Socket.IO's binary placeholder, which crosses the wire, and the `ws`
 * package's `_socket` (the TCP socket `autoUnref` unrefs), which belongs to an object the client does not own.
 */
const WIRE_NAMES = new Set(['_placeholder', '_socket']);

const CLIENT_DIRS = ['client', 'shared', 'protocol'];

function* sourceFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (path.endsWith('.ts')) yield path;
  }
}

/** The next short name: a..z, A..Z, then two characters, skipping keywords. */
function* shortNames() {
  const chars = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  for (const c of chars) yield c;
  for (const c of chars) for (const d of chars + '0123456789') if (!['do', 'if', 'in'].includes(c + d)) yield c + d;
}

/**
 * The map: the client's `_` names, most used first (then alphabetically, so it is deterministic), to short
 * names that no source file under `root` uses as a property, a key, a member or a callee.
 */
export function propertyNameMap(root = 'src') {
  const counts = new Map();
  for (const dir of CLIENT_DIRS)
    for (const file of sourceFiles(join(root, dir)))
      for (const [name] of readFileSync(file, 'utf8').matchAll(/\b_[A-Za-z]\w*/g))
        if (!WIRE_NAMES.has(name)) counts.set(name, (counts.get(name) ?? 0) + 1);
  // Names used after a dot, as object keys, or as class members (comments stripped first).
  const taken = new Set();
  const propertyLike =
    /\.\s*([A-Za-z$][\w$]*)|[{,]\s*([A-Za-z$][\w$]*)\s*\??:|^\s*(?:(?:readonly|declare|private|protected|public|static|override|get|set|async)\s+)*([A-Za-z$][\w$]*)\s*[?!]?\s*[:(=;]/gm;
  for (const file of sourceFiles(root)) {
    const code = readFileSync(file, 'utf8').replace(/\/\*[^]*?\*\/|\/\/.*/g, '');
    for (const m of code.matchAll(propertyLike)) taken.add(m[1] ?? m[2] ?? m[3]);
  }
  const names = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([name]) => name);
  const short = shortNames();
  const map = {};
  for (const name of names) {
    let next;
    do next = short.next().value;
    while (taken.has(next));
    map[name] = next;
  }
  return map;
}

/** A rollup plugin that applies the map to every chunk, keeping the code otherwise as it is (and its source map). */
export function mangleProps(root = 'src') {
  const map = propertyNameMap(root);
  const mangleProps = new RegExp(`^(?:${Object.keys(map).join('|')})$`);
  return {
    name: 'mangle-props',
    async renderChunk(code, chunk) {
      const result = await transform(code, {
        loader: 'js',
        sourcefile: chunk.fileName,
        sourcemap: 'external',
        mangleProps,
        mangleQuoted: true,
        // A copy: esbuild adds to the cache it is given.
        mangleCache: { ...map },
        legalComments: 'inline',
      });
      return { code: result.code, map: result.map };
    },
  };
}
