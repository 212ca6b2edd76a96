import { expect } from 'chai';
import { request as httpRequest } from 'node:http';
import { connect as netConnect } from 'node:net';
import { gunzipSync, inflateSync } from 'node:zlib';
import type { EngineConnectionError } from '../../../src/server/engine/index.js';
import { poll, pollingHandshake, post, request, startEngine } from './engine-helpers.js';
import type { Harness } from './engine-helpers.js';
import { once } from '../../support/events.js';

describe('Engine long-polling', () => {
  let h: Harness;
  afterEach(async () => h && (await h.close()));

  it('answers the handshake with an open packet', async () => {
    h = await startEngine({ pingInterval: 300, pingTimeout: 200, maxHttpBufferSize: 5000 });
    const res = await request(h.port, h.url('transport=polling'));
    expect(res.status).to.equal(200);
    expect(res.headers['content-type']).to.equal('text/plain; charset=UTF-8');
    expect(res.text[0]).to.equal('0');
    const open = JSON.parse(res.text.slice(1));
    expect(open).to.include({ pingInterval: 300, pingTimeout: 200, maxPayload: 5000 });
    expect(open.upgrades).to.deep.equal(['websocket']);
    expect(open.sid).to.match(/^[A-Za-z0-9_-]{20}$/);
    expect(h.engine.clients.get(open.sid)?.transport.name).to.equal('polling');
  });

  it('gives each session a different id', async () => {
    h = await startEngine();
    const a = await pollingHandshake(h);
    const b = await pollingHandshake(h);
    expect(a.open.sid).to.not.equal(b.open.sid);
    expect(h.engine.clientsCount).to.equal(2);
  });

  it('offers no upgrade when upgrades are off', async () => {
    h = await startEngine({ allowUpgrades: false });
    expect((await pollingHandshake(h)).open.upgrades).to.deep.equal([]);
  });

  it('batches messages in one response, binary as b+base64', async () => {
    h = await startEngine();
    const { open, conn } = await pollingHandshake(h);
    conn.send('a').send(Buffer.from([1, 2, 3])).sendMany(['b', 'c']);
    const res = await poll(h, open.sid);
    expect(res.text).to.equal('4a\x1ebAQID\x1e4b\x1e4c');
  });

  it('reads POSTed packets, text and binary, and answers ok', async () => {
    h = await startEngine();
    const { open, conn } = await pollingHandshake(h);
    const got: (string | Buffer)[] = [];
    conn.on('message', (d) => got.push(d));
    const res = await post(h, open.sid, '4hé\x1ebAQID\x1e6');
    expect(res.status).to.equal(200);
    expect(res.text).to.equal('ok');
    expect(got[0]).to.equal('hé');
    expect(Buffer.isBuffer(got[1])).to.equal(true);
    expect([...(got[1] as Buffer)]).to.deep.equal([1, 2, 3]);
  });

  it('emits drain once a buffered batch is written', async () => {
    h = await startEngine();
    const { open, conn } = await pollingHandshake(h);
    let drains = 0;
    conn.on('drain', () => drains++);
    conn.send('a');
    expect(conn.writable).to.equal(false);
    expect(drains).to.equal(0);
    expect((await poll(h, open.sid)).text).to.equal('4a');
    expect(drains).to.equal(1);
  });

  it('holds a GET until there is something to send', async () => {
    h = await startEngine();
    const { open, conn } = await pollingHandshake(h);
    const pending = poll(h, open.sid);
    // The GET reaches the server when the connection becomes writable.
    while (!conn.writable) await new Promise((r) => setImmediate(r));
    conn.send('late');
    expect((await pending).text).to.equal('4late');
  });

  describe('error codes', () => {
    const cases: [string, string, { method?: string }, number, number, string][] = [
      ['unknown transport', 'transport=carrier-pigeon', {}, 400, 0, 'Transport unknown'],
      ['unknown session id', 'transport=polling&sid=nope', {}, 400, 1, 'Session ID unknown'],
      ['a POST handshake', 'transport=polling', { method: 'POST' }, 400, 2, 'Bad handshake method'],
      ['a websocket handshake without upgrade', 'transport=websocket', {}, 400, 3, 'Bad request'],
    ];
    for (const [title, query, init, status, code, message] of cases) {
      it(`answers ${code} for ${title}`, async () => {
        h = await startEngine();
        const errors: EngineConnectionError[] = [];
        h.engine.on('connection_error', (e) => errors.push(e));
        const res = await request(h.port, h.url(query), init);
        expect(res.status).to.equal(status);
        expect(res.headers['content-type']).to.equal('application/json');
        expect(JSON.parse(res.text)).to.deep.equal({ code, message });
        expect(errors.map((e) => e.code)).to.deep.equal([code]);
        expect(h.engine.clientsCount).to.equal(0);
      });
    }

    it('answers 5 for another protocol version', async () => {
      h = await startEngine();
      for (const eio of ['3', '5', '']) {
        const res = await request(h.port, `/engine.io/?EIO=${eio}&transport=polling`);
        expect(res.status).to.equal(400);
        expect(JSON.parse(res.text)).to.deep.equal({ code: 5, message: 'Unsupported protocol version' });
      }
      const none = await request(h.port, '/engine.io/?transport=polling');
      expect(JSON.parse(none.text).code).to.equal(5);
    });

    it('answers 403 Forbidden when allowRequest refuses, with its message', async () => {
      h = await startEngine({ allowRequest: (req, fn) => fn(req.headers['x-token'] === 'ok' ? null : 'no token', req.headers['x-token'] === 'ok') });
      const refused = await request(h.port, h.url('transport=polling'));
      expect(refused.status).to.equal(403);
      expect(JSON.parse(refused.text)).to.deep.equal({ code: 4, message: 'no token' });
      const allowed = await request(h.port, h.url('transport=polling'), { headers: { 'x-token': 'ok' } });
      expect(allowed.status).to.equal(200);
    });

    it('refuses (403) when allowRequest throws', async () => {
      h = await startEngine({
        allowRequest: () => {
          throw new Error('boom');
        },
      });
      const res = await request(h.port, h.url('transport=polling'));
      expect(JSON.parse(res.text)).to.deep.equal({ code: 4, message: 'Forbidden' });
    });
  });

  describe('oversized POST', () => {
    it('answers 413 from Content-Length without reading the body, and closes that session only', async () => {
      h = await startEngine({ maxHttpBufferSize: 100 });
      const bad = await pollingHandshake(h);
      const good = await pollingHandshake(h);
      const closed = once<[string, unknown]>(bad.conn, 'close');
      // Announce 1 GB, send a few bytes: the server must answer without waiting for (or buffering) the rest.
      const status = await new Promise<number>((resolve, reject) => {
        const req = httpRequest(
          { host: '127.0.0.1', port: h.port, method: 'POST', path: h.url(`transport=polling&sid=${bad.open.sid}`), agent: false, headers: { 'Content-Length': String(1e9) } },
          (res) => {
            res.resume();
            resolve(res.statusCode!);
          },
        );
        req.on('error', reject);
        req.write('4abc');
      });
      expect(status).to.equal(413);
      expect(await closed).to.deep.equal(['transport error', 'payload too large']);
      expect(good.conn.readyState).to.equal('open');
      expect((await post(h, good.open.sid, '4still fine')).text).to.equal('ok');
    });

    it('stops reading a chunked body as soon as it passes the limit', async () => {
      h = await startEngine({ maxHttpBufferSize: 100 });
      const { open, conn } = await pollingHandshake(h);
      const closed = once<[string]>(conn, 'close');
      const response = new Promise<string>((resolve, reject) => {
        const socket = netConnect(h.port, '127.0.0.1', () => {
          socket.write(`POST ${h.url(`transport=polling&sid=${open.sid}`)} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n`);
          const chunk = '4' + 'x'.repeat(79);
          // Two chunks pass the limit; the third (never sent) would wait forever if the server kept reading.
          socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
          socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
        });
        let text = '';
        socket.on('data', (d) => (text += d.toString()));
        socket.on('close', () => resolve(text));
        socket.on('error', reject);
      });
      expect(await response).to.match(/^HTTP\/1\.1 413 /);
      expect((await closed)[0]).to.equal('transport error');
    });
  });

  it('closes the session on a second concurrent GET (400) and answers the first', async () => {
    h = await startEngine();
    const { open, conn } = await pollingHandshake(h);
    const other = await pollingHandshake(h);
    const closed = once<[string, unknown]>(conn, 'close');
    const first = poll(h, open.sid);
    while (!conn.writable) await new Promise((r) => setImmediate(r));
    const second = await poll(h, open.sid);
    expect(second.status).to.equal(400);
    expect(await closed).to.deep.equal(['transport error', 'overlap from client']);
    expect((await first).text).to.equal('1');
    expect(other.conn.readyState).to.equal('open');
  });

  it('closes the session when a pending GET is aborted', async () => {
    h = await startEngine();
    const { open, conn } = await pollingHandshake(h);
    const closed = once<[string, unknown]>(conn, 'close');
    const req = httpRequest({ host: '127.0.0.1', port: h.port, path: h.url(`transport=polling&sid=${open.sid}`), agent: false });
    req.on('error', () => {});
    req.end();
    while (!conn.writable) await new Promise((r) => setImmediate(r));
    req.destroy();
    expect(await closed).to.deep.equal(['transport error', 'poll connection closed prematurely']);
    expect(h.engine.clientsCount).to.equal(0);
  });

  const badPayloads: [string, string, string][] = [
    ['a client ping (v4: only the server pings)', '2', 'transport error'],
    ['an unknown packet type', '9oops', 'parse error'],
    ['an empty record', '4a\x1e\x1e4b', 'parse error'],
    ['bad base64', 'b!!!!', 'parse error'],
    ['an empty body', '', 'parse error'],
  ];
  for (const [title, body, reason] of badPayloads) {
    it(`closes the session on ${title} with "${reason}"`, async () => {
      h = await startEngine();
      const bad = await pollingHandshake(h);
      const good = await pollingHandshake(h);
      const closed = once<[string]>(bad.conn, 'close');
      await post(h, bad.open.sid, body);
      expect((await closed)[0]).to.equal(reason);
      expect(good.conn.readyState).to.equal('open');
      expect((await poll(h, bad.open.sid)).status).to.equal(400);
    });
  }

  it('closes with "transport close" on a close packet', async () => {
    h = await startEngine();
    const { open, conn } = await pollingHandshake(h);
    const closed = once<[string]>(conn, 'close');
    expect((await post(h, open.sid, '1')).text).to.equal('ok');
    expect((await closed)[0]).to.equal('transport close');
  });

  it('refuses a binary (octet-stream) POST body as v4 has none', async () => {
    h = await startEngine();
    const { open, conn } = await pollingHandshake(h);
    const closed = once<[string, unknown]>(conn, 'close');
    const res = await post(h, open.sid, '4x', { 'Content-Type': 'application/octet-stream' });
    expect(res.status).to.equal(400);
    expect(await closed).to.deep.equal(['transport error', 'invalid content']);
  });

  it('times out a session that does not answer pings', async () => {
    h = await startEngine({ pingInterval: 50, pingTimeout: 50 });
    const { open, conn } = await pollingHandshake(h);
    const pinged = poll(h, open.sid);
    const [reason] = await once<[string]>(conn, 'close');
    expect(reason).to.equal('ping timeout');
    expect((await pinged).text).to.equal('2');
  });

  it('answers a forced close on the next GET, after what was buffered', async () => {
    h = await startEngine();
    const { open, conn } = await pollingHandshake(h);
    conn.send('bye');
    conn.close();
    expect(conn.readyState).to.equal('closing');
    const closed = once<[string]>(conn, 'close');
    // The close packet comes in a later response than what was buffered, so the client reads those first.
    expect((await poll(h, open.sid)).text).to.equal('4bye');
    expect((await poll(h, open.sid)).text).to.equal('1');
    expect((await closed)[0]).to.equal('forced close');
  });

  describe('CORS', () => {
    it('is off by default', async () => {
      h = await startEngine();
      const res = await request(h.port, h.url('transport=polling'), { headers: { Origin: 'https://a.example' } });
      expect(res.headers['access-control-allow-origin']).to.equal(undefined);
      const pre = await request(h.port, h.url('transport=polling'), { method: 'OPTIONS', headers: { Origin: 'https://a.example' } });
      expect(pre.status).to.equal(400);
    });

    it('answers a preflight with 204 and the headers', async () => {
      h = await startEngine({ cors: { origin: ['https://a.example', /\.b\.example$/], credentials: true, maxAge: 600, methods: ['GET', 'POST'] } });
      const pre = await request(h.port, h.url('transport=polling'), {
        method: 'OPTIONS',
        headers: { Origin: 'https://x.b.example', 'Access-Control-Request-Headers': 'x-custom' },
      });
      expect(pre.status).to.equal(204);
      expect(pre.headers).to.include({
        'access-control-allow-origin': 'https://x.b.example',
        'access-control-allow-credentials': 'true',
        'access-control-allow-methods': 'GET,POST',
        'access-control-allow-headers': 'x-custom',
        'access-control-max-age': '600',
      });
      const refused = await request(h.port, h.url('transport=polling'), { headers: { Origin: 'https://evil.example' } });
      expect(refused.headers['access-control-allow-origin']).to.equal(undefined);
    });

    it('puts the headers on handshakes, data and error responses', async () => {
      h = await startEngine({ cors: { origin: true } });
      const hs = await request(h.port, h.url('transport=polling'), { headers: { Origin: 'https://a.example' } });
      expect(hs.headers['access-control-allow-origin']).to.equal('https://a.example');
      const err = await request(h.port, h.url('transport=polling&sid=nope'), { headers: { Origin: 'https://a.example' } });
      expect(err.status).to.equal(400);
      expect(err.headers['access-control-allow-origin']).to.equal('https://a.example');
    });

    it('supports an origin function', async () => {
      h = await startEngine({ cors: { origin: (origin, cb) => setImmediate(() => cb(null, origin === 'https://ok.example')) } });
      const ok = await request(h.port, h.url('transport=polling'), { headers: { Origin: 'https://ok.example' } });
      expect(ok.headers['access-control-allow-origin']).to.equal('https://ok.example');
      const no = await request(h.port, h.url('transport=polling'), { headers: { Origin: 'https://no.example' } });
      expect(no.headers['access-control-allow-origin']).to.equal(undefined);
      // A refused origin gets no session either (see test/server/limits-origin.test.ts).
      expect(no.status).to.equal(403);
    });

    it('uses * by default once enabled', async () => {
      h = await startEngine({ cors: {} });
      const res = await request(h.port, h.url('transport=polling'), { headers: { Origin: 'https://a.example' } });
      expect(res.headers['access-control-allow-origin']).to.equal('*');
    });
  });

  describe('cookie', () => {
    it('sets none by default', async () => {
      h = await startEngine();
      const res = await request(h.port, h.url('transport=polling'));
      expect(res.headers['set-cookie']).to.equal(undefined);
    });

    it('sets the session id on the handshake only', async () => {
      h = await startEngine({ cookie: true });
      const res = await request(h.port, h.url('transport=polling'));
      const { sid } = JSON.parse(res.text.slice(1));
      expect(res.headers['set-cookie']).to.deep.equal([`io=${sid}; Path=/; HttpOnly; SameSite=Lax`]);
      h.engine.clients.get(sid)!.send('x');
      expect((await poll(h, sid)).headers['set-cookie']).to.equal(undefined);
    });

    it('takes a name and attributes', async () => {
      h = await startEngine({ cookie: { name: 'sticky', path: '/app', httpOnly: false, sameSite: 'strict', secure: true, maxAge: 60 } });
      const res = await request(h.port, h.url('transport=polling'));
      const { sid } = JSON.parse(res.text.slice(1));
      expect(res.headers['set-cookie']![0]).to.match(new RegExp(`^sticky=${sid}; Max-Age=60; Expires=[^;]+; Path=/app; Secure; SameSite=Strict$`));
    });
  });

  describe('compression', () => {
    const big = 'x'.repeat(3000);
    for (const [encoding, inflate] of [
      ['gzip', gunzipSync],
      ['deflate', inflateSync],
    ] as const) {
      it(`compresses a large response with ${encoding}`, async () => {
        h = await startEngine();
        const { open, conn } = await pollingHandshake(h);
        conn.send(big);
        const res = await request(h.port, h.url(`transport=polling&sid=${open.sid}`), { headers: { 'Accept-Encoding': encoding } });
        expect(res.headers['content-encoding']).to.equal(encoding);
        expect(res.body.length).to.be.lessThan(200);
        expect(inflate(res.body).toString()).to.equal('4' + big);
      });
    }

    it('leaves small responses, refused encodings and compress:false alone', async () => {
      h = await startEngine();
      const { open, conn } = await pollingHandshake(h);
      const get = (): Promise<{ headers: Record<string, unknown>; text: string }> =>
        request(h.port, h.url(`transport=polling&sid=${open.sid}`), { headers: { 'Accept-Encoding': 'gzip;q=0, br' } });
      conn.send(big);
      expect((await get()).headers['content-encoding']).to.equal(undefined);
      conn.send('small');
      const small = await request(h.port, h.url(`transport=polling&sid=${open.sid}`), { headers: { 'Accept-Encoding': 'gzip' } });
      expect(small.headers['content-encoding']).to.equal(undefined);
      conn.send(big, { compress: false });
      const raw = await request(h.port, h.url(`transport=polling&sid=${open.sid}`), { headers: { 'Accept-Encoding': 'gzip' } });
      expect(raw.headers['content-encoding']).to.equal(undefined);
      expect(raw.text).to.equal('4' + big);
    });

    it('is off with httpCompression: false', async () => {
      h = await startEngine({ httpCompression: false });
      const { open, conn } = await pollingHandshake(h);
      conn.send(big);
      const res = await request(h.port, h.url(`transport=polling&sid=${open.sid}`), { headers: { 'Accept-Encoding': 'gzip' } });
      expect(res.headers['content-encoding']).to.equal(undefined);
    });
  });
});
