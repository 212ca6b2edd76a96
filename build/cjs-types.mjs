import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Writes a `.d.cts` beside every `.d.ts` of `dir`, for the "require" condition of package.json "exports". In a
 * `"type": "module"` package a `.d.ts` describes an ES module, and TypeScript (moduleResolution node16/nodenext)
 * refuses to let a CommonJS file `require` one (TS1479); a `.d.cts` describes the CommonJS build. Relative
 * imports are pointed at the `.cjs` twins, so a CommonJS consumer never reaches an ESM declaration.
 */
export function cjsTypes(dir) {
  return {
    name: 'cjs-types',
    writeBundle() {
      for (const file of declarationFiles(dir)) {
        const code = readFileSync(file, 'utf8').replace(/(from\s+|import\()(['"])(\.{1,2}\/[^'"]*?)\.js\2/g, '$1$2$3.cjs$2');
        writeFileSync(file.replace(/\.d\.ts$/, '.d.cts'), code);
      }
    },
  };
}

function* declarationFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* declarationFiles(path);
    else if (path.endsWith('.d.ts')) yield path;
  }
}
