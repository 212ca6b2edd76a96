/**
 * The package's npm entries: the name of each built file (dist/<name>.js for `import`, dist/<name>.cjs for
 * `require`) and its source. package.json "exports" maps each public path to these files; a new entry is one
 * line here and one block there (see README, "Packaging"), and test/rig/entries.test.ts loads the exported paths
 * both ways.
 */
export const ENTRIES = {
  index: 'src/client/index.ts',
  node: 'src/client/node.ts',
  websocket: 'src/client/websocket.ts',
  'websocket-node': 'src/client/websocket-node.ts',
  server: 'src/server/index.ts',
  // sockjet/testing (Node): an entry of its own, so no client bundle includes it.
  testing: 'src/testing/index.ts',
};
