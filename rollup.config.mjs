import typescript from '@rollup/plugin-typescript';
import terser from '@rollup/plugin-terser';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import { rmSync } from 'node:fs';
import { cjsTypes } from './build/cjs-types.mjs';
import { compressClient } from './build/compress-client.mjs';
import { constToLet } from './build/const-to-let.mjs';
import { ENTRIES } from './build/entries.mjs';
import { mangleProps } from './build/mangle-props.mjs';

// Every build starts from an empty dist/, so no stale chunk ships.
rmSync('dist', { recursive: true, force: true });

// Type errors fail the build (the plugin only warns by default). Source maps carry the sources (the package
// ships dist/ only, so a map that pointed at src/ would lead nowhere).
const ts = (overrides) =>
  typescript({ tsconfig: './tsconfig.build.json', noEmitOnError: true, inlineSources: true, ...overrides });

export default [
  // The npm entries, as ES modules (.js) and as CommonJS (.cjs) from one compilation; shared code lands in chunks.
  // Plain compiler output, every name as written, so users can read, subclass and debug it (the shortened names
  // are for the <script> build only). Declarations leave out `@internal` members (stripInternal).
  {
    input: ENTRIES,
    output: [
      { dir: 'dist', format: 'es', sourcemap: true, chunkFileNames: 'chunks/[name]-[hash].js' },
      {
        dir: 'dist',
        format: 'cjs',
        sourcemap: true,
        entryFileNames: '[name].cjs',
        chunkFileNames: 'chunks/[name]-[hash].cjs',
        // No `__esModule` interop marker games: named exports only, as in the ESM build.
        esModule: false,
      },
    ],
    external: [/^node:/, 'ws', 'debug'],
    // The client's chunks are compressed but not mangled (see build/compress-client.mjs): the code stays readable.
    plugins: [
      ts({ declaration: true, declarationDir: 'dist/types', outDir: 'dist', stripInternal: true }),
      compressClient(),
      cjsTypes('dist/types'),
    ],
  },
  // sockjet/testing/browser runs in a page under web-test-runner, which loads ES modules, and imports
  // @web/test-runner-commands (an ES module only): an ES module alone, with no CommonJS twin. Its declarations
  // come from the compilation above.
  {
    input: 'src/testing/browser.ts',
    output: { file: 'dist/testing-browser.js', format: 'es', sourcemap: true },
    external: ['@web/test-runner-commands'],
    plugins: [ts({ declaration: false, declarationDir: undefined, outDir: undefined, sourceMap: true })],
  },
  // The <script> build: defines `sockjet` (everything) and `io`. Internal `_` names are shortened here only.
  {
    input: 'src/browser.ts',
    output: {
      file: 'dist/sockjet.min.js',
      format: 'iife',
      name: 'sockjet',
      footer: 'var io=sockjet.io;',
      sourcemap: true,
    },
    plugins: [
      nodeResolve({ browser: true }),
      ts({ declaration: false, declarationDir: undefined, outDir: undefined, sourceMap: true }),
      mangleProps(),
      constToLet(),
      terser({ ecma: 2020, module: false, compress: { passes: 2, pure_getters: true }, format: { comments: false } }),
    ],
  },
];
