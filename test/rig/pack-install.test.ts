import { expect } from 'chai';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, connectProgram, run } from './child.js';

/*
 * The package as a user gets it: `npm pack` (of the dist/ that `npm test` has just built; from a clean clone the
 * `prepack` script builds it), the tarball installed with npm into a fresh folder, and three apps run against
 * it: an ES module, a CommonJS one, and a strict TypeScript one compiled with the folder's settings. Offline:
 * the dependencies (ws, debug) are copied from this project's node_modules first, so npm finds them installed.
 */
describe('npm pack, install the tarball, run apps against it', function () {
  this.timeout(240_000);
  let dir: string;
  let files: string[];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sockjet-pack-'));
    const packed = JSON.parse(await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir])) as {
      filename: string;
      files: { path: string }[];
    }[];
    files = packed[0]!.files.map((f) => f.path);
    const app = join(dir, 'app');
    mkdirSync(join(app, 'node_modules'), { recursive: true });
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true }));
    for (const dep of dependencyClosure()) cpSync(join(ROOT, 'node_modules', dep), join(app, 'node_modules', dep), { recursive: true });
    await run('npm', ['install', join(dir, packed[0]!.filename), '--offline', '--no-audit', '--no-fund'], { cwd: app });
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('packs dist/ with both builds, the declarations, the script build and the LICENSE, and no sources', () => {
    for (const f of ['LICENSE', 'README.md', 'package.json', 'dist/index.js', 'dist/node.cjs', 'dist/server.cjs', 'dist/sockjet.min.js'])
      expect(files).to.include(f);
    for (const f of ['dist/types/server/index.d.ts', 'dist/types/server/index.d.cts', 'dist/types/client/index.d.cts'])
      expect(files).to.include(f);
    expect(files.filter((f) => !f.startsWith('dist/') && !['LICENSE', 'README.md', 'package.json'].includes(f))).to.deep.equal([]);
  });

  const expected = { reply: 'pong', kinds: ['function', 'function', 'function', 'function', 'function'], transport: 'websocket' };

  it('runs an ES module app', async () => {
    writeFileSync(join(dir, 'app', 'app.mjs'), connectProgram((name) => `await import('${name}')`));
    expect(JSON.parse(await run(process.execPath, ['app.mjs'], { cwd: join(dir, 'app') }))).to.deep.equal(expected);
  });

  it('runs a CommonJS app', async () => {
    writeFileSync(join(dir, 'app', 'app.cjs'), `(async () => {${connectProgram((name) => `require('${name}')`)}})();`);
    expect(JSON.parse(await run(process.execPath, ['app.cjs'], { cwd: join(dir, 'app') }))).to.deep.equal(expected);
  });

  it('compiles a strict TypeScript app with typed events and runs it', async () => {
    const app = join(dir, 'app');
    writeFileSync(join(app, 'app.mts'), TYPED_APP);
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          target: 'ES2022',
          lib: ['ES2022', 'DOM'],
          // @types/node from this project, not installed in the app.
          typeRoots: [join(ROOT, 'node_modules/@types')],
          types: ['node'],
          // The declarations themselves are checked with skipLibCheck off in package-types.test.ts.
          skipLibCheck: true,
          outDir: 'out',
        },
        files: ['app.mts'],
      }),
    );
    await run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', app], { cwd: app, timeoutMs: 230_000 });
    expect(JSON.parse(await run(process.execPath, ['out/app.mjs'], { cwd: app }))).to.deep.equal({ total: 5, name: 'ADA' });
  });
});

/** The installed package's dependencies and theirs, as found in this project's node_modules. */
function dependencyClosure(): string[] {
  const seen = new Set<string>();
  const visit = (pkgDir: string) => {
    const { dependencies = {} } = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    for (const name of Object.keys(dependencies)) {
      if (seen.has(name)) continue;
      seen.add(name);
      visit(join(ROOT, 'node_modules', name));
    }
  };
  visit(ROOT);
  return [...seen];
}

/** From Socket.IO's TypeScript guide: typed events both ways, an ack with a timeout, typed socket.data. */
const TYPED_APP = `
import { io, type Socket } from 'sockjet';
import { Server } from 'sockjet/server';
import type { AddressInfo } from 'node:net';

interface ServerToClientEvents {
  add: (a: number, b: number, callback: (sum: number) => void) => void;
}
interface ClientToServerEvents {
  hello: (name: string, callback: (upper: string) => void) => void;
}
interface InterServerEvents {}
interface SocketData {
  name: string;
}

const server = new Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>(0);
server.on('connection', (socket) => {
  socket.on('hello', async (name, callback) => {
    socket.data.name = name.toUpperCase();
    const total: number = await socket.timeout(5000).emitWithAck('add', 2, 3);
    callback(socket.data.name);
    console.log(JSON.stringify({ total, name: socket.data.name }));
    socket.disconnect();
    await server.close();
  });
});
server.httpServer!.on('listening', () => {
  const { port } = server.httpServer!.address() as AddressInfo;
  const client: Socket<ServerToClientEvents, ClientToServerEvents> = io('http://127.0.0.1:' + port);
  client.on('add', (a, b, callback) => callback(a + b));
  client.emit('hello', 'ada', (upper) => upper.toLowerCase());
});
`;
