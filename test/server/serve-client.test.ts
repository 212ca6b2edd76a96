import { expect } from 'chai';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { defaultClientDirs } from '../../src/server/serve-client.js';
import { Server } from '../../src/server/server.js';
import type { ServerOptions, SocketLayerOptions } from '../../src/server/server-options.js';
import { listen } from '../support/net.js';

const SCRIPT = 'window.io=function(){};';
const MAP = '{"version":3}';

describe('Server: serving sockjet.min.js', () => {
  let dir: string;
  let http: HttpServer;
  let io: Server;
  let base: string;

  async function start(options: Partial<ServerOptions & SocketLayerOptions>): Promise<void> {
    http = createServer((_req, res) => {
      res.writeHead(200);
      res.end('app');
    });
    io = new Server(http, options);
    await listen(http);
    base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  }

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sockjet-client-'));
    await writeFile(join(dir, 'sockjet.min.js'), SCRIPT);
    await writeFile(join(dir, 'sockjet.min.js.map'), MAP);
  });

  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  afterEach(async () => {
    await io.close();
  });

  it('serves the script with its type, an ETag and Cache-Control', async () => {
    await start({ clientDir: dir });
    const res = await fetch(`${base}/socket.io/sockjet.min.js`);
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.equal('application/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).to.match(/max-age=0/);
    expect(res.headers.get('etag')).to.match(/^".+"$/);
    expect(await res.text()).to.equal(SCRIPT);
  });

  it('answers 304 when If-None-Match matches, 200 when it does not', async () => {
    await start({ clientDir: dir });
    const first = await fetch(`${base}/socket.io/sockjet.min.js`);
    await first.arrayBuffer();
    const etag = first.headers.get('etag')!;
    const again = await fetch(`${base}/socket.io/sockjet.min.js`, { headers: { 'If-None-Match': etag } });
    expect(again.status).to.equal(304);
    const other = await fetch(`${base}/socket.io/sockjet.min.js`, { headers: { 'If-None-Match': '"other"' } });
    expect(other.status).to.equal(200);
    await other.arrayBuffer();
  });

  it('serves the source map as JSON, under a custom path too', async () => {
    await start({ clientDir: dir, path: '/rt' });
    const res = await fetch(`${base}/rt/sockjet.min.js.map`);
    expect(res.headers.get('content-type')).to.equal('application/json; charset=utf-8');
    expect(await res.text()).to.equal(MAP);
  });

  it('answers 404 with a clear message when the build is missing', async () => {
    await start({ clientDir: join(dir, 'missing') });
    const res = await fetch(`${base}/socket.io/sockjet.min.js`);
    expect(res.status).to.equal(404);
    expect(await res.text()).to.match(/sockjet\.min\.js not found/);
  });

  it('serves nothing with serveClient: false, and leaves other paths to the app', async () => {
    await start({ clientDir: dir, serveClient: false });
    const res = await fetch(`${base}/socket.io/sockjet.min.js`);
    expect(res.status).to.not.equal(200);
    await res.arrayBuffer();
    const app = await fetch(`${base}/other`);
    expect(await app.text()).to.equal('app');
  });

  it('looks next to the bundled module and in the package dist directory', () => {
    const dirs = defaultClientDirs().map((d) => resolve(d));
    expect(dirs).to.include(resolve('dist'));
  });
});
