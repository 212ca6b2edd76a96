import { expect } from 'chai';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { pickClientEncoding } from '../../src/server/serve-client.js';
import { request } from './engine/engine-helpers.js';
import { eachServer, startServer, type ParityEnv } from './parity-helpers.js';

// Socket.IO's file names: a page's existing script tag (or ESM import) keeps working after the move.
const FILES = ['socket.io.js', 'socket.io.min.js', 'socket.io.esm.min.js'];

// Needs the browser build in dist/ (npm run build) for sockjet, as the served client always does.
eachServer('Served client parity', (kind) => {
  let env: ParityEnv;

  before(async () => {
    env = await startServer(kind);
  });

  after(() => env.close());

  const get = (name: string, headers: Record<string, string> = {}) => request(env.port, `/socket.io/${name}`, { headers });

  for (const name of FILES.flatMap((f) => [f, `${f}.map`])) {
    it(`${name}: brotli or gzip by Accept-Encoding (q=0 honoured), an ETag and 304`, async () => {
      const plain = await get(name);
      expect(plain.status).to.equal(200);
      expect(plain.headers['content-type']).to.equal(`application/${name.endsWith('.map') ? 'json' : 'javascript'}; charset=utf-8`);
      const etag = plain.headers.etag!;
      expect(etag).to.match(/^".+"$/);

      // Where both are equally welcome, socket.io takes the first named and sockjet takes brotli (smaller): not compared.
      const br = await get(name, { 'Accept-Encoding': 'br' });
      expect(br.headers['content-encoding']).to.equal('br');
      const gz = await get(name, { 'Accept-Encoding': 'br;q=0, gzip' });
      expect(gz.headers['content-encoding']).to.equal('gzip');
      const none = await get(name, { 'Accept-Encoding': 'br;q=0, gzip;q=0' });
      expect(none.headers['content-encoding']).to.equal(undefined);
      expect(brotliDecompressSync(br.body).equals(none.body)).to.equal(true);
      expect(gunzipSync(gz.body).equals(none.body)).to.equal(true);
      expect(br.body.length).to.be.below(none.body.length);

      for (const tag of [etag, `W/${etag}`]) expect((await get(name, { 'If-None-Match': tag })).status).to.equal(304);
      // socket.io compresses its files on every request (brotli at its default quality): slow on a loaded machine.
    }).timeout(30_000);
  }

  it('socket.io.esm.min.js is an ES module exporting io', async () => {
    const { text } = await get('socket.io.esm.min.js');
    expect(text).to.match(/export\s*\{[^}]*\bio\b/);
  });
});

describe('pickClientEncoding', () => {
  it('ranks by q, prefers br on a tie, honours q=0 and *', () => {
    const cases: [string | undefined, string | null][] = [
      [undefined, null],
      ['', null],
      ['identity', null],
      ['gzip', 'gzip'],
      ['br', 'br'],
      ['gzip, br', 'br'],
      ['br;q=0.5, gzip', 'gzip'],
      ['br;q=0, gzip;q=0', null],
      ['*', 'br'],
      ['*;q=0', null],
      ['br;q=0, *', 'gzip'],
      ['GZIP;Q=1', 'gzip'],
    ];
    for (const [header, expected] of cases) expect(pickClientEncoding(header), String(header)).to.equal(expected);
  });
});
