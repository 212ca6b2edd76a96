import typescript from '@rollup/plugin-typescript';
import terser from '@rollup/plugin-terser';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import { rmSync } from 'node:fs';
import { compressClient } from './build/compress-client.mjs';
import { constToLet } from './build/const-to-let.mjs';
import { mangleProps } from './build/mangle-props.mjs';

// Every build starts from an empty dist/, so no stale chunk ships.
rmSync('dist', { recursive: true, force: true });

// Type errors fail the build (the plugin only warns by default).
const ts = (overrides) => typescript({ tsconfig: './tsconfig.build.json', noEmitOnError: true, ...overrides });

export default [
  // The npm entries: ESM with declarations; shared code lands in chunks.
  {
    input: {
      index: 'src/client/index.ts',
      node: 'src/client/node.ts',
      websocket: 'src/client/websocket.ts',
      'websocket-node': 'src/client/websocket-node.ts',
      server: 'src/server/index.ts',
    },
    output: { dir: 'dist', format: 'es', sourcemap: true, chunkFileNames: 'chunks/[name]-[hash].js' },
    external: [/^node:/, 'ws'],
    // Internal `_` names are shortened in every chunk alike (see build/mangle-props.mjs), and the client's chunks
    // are compressed but not mangled (see build/compress-client.mjs): the code stays readable.
    plugins: [ts({ declaration: true, declarationDir: 'dist/types', outDir: 'dist' }), mangleProps(), compressClient()],
  },
  // The <script> build: defines `sockjet` (everything) and `io`.
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
