import { expect } from 'chai';
import type { IncomingMessage } from 'node:http';
import { WebSocket } from 'ws';
import type { Connection } from '../../../src/server/engine/index.js';
import { closeAfterEach, parseOpen, poll, pollingHandshake, post, RawWs, refusedUpgrade, startEngine, wsSession } from './engine-helpers.js';
import type { Harness } from './engine-helpers.js';
import { once } from '../../support/events.js';

describe('Engine WebSocket transport', () => {
  let h: Harness;
  const clients = closeAfterEach(() => h);

  it('handshakes with an open packet and no upgrades, without permessage-deflate', async () => {
    h = await startEngine({ pingInterval: 1000, pingTimeout: 500 });
    const { raw, conn } = await wsSession(h, clients);
    expect(conn.transport.name).to.equal('websocket');
    expect(raw.ws.extensions).to.equal('');
    expect(h.engine.clientsCount).to.equal(1);
  });

  it('echoes text and binary frames; binary arrives as a Buffer', async () => {
    h = await startEngine();
    h.engine.on('connection', (c) => c.on('message', (d) => c.send(d)));
    const { raw, conn } = await wsSession(h, clients);
    const got = once<[string | Buffer]>(conn, 'message');
    raw.ws.send('4héllo');
    expect((await got)[0]).to.equal('héllo');
    expect(await raw.next()).to.equal('4héllo');
    raw.ws.send(Buffer.from([9, 8, 7]));
    const back = (await raw.next()) as Buffer;
    expect([...back]).to.deep.equal([9, 8, 7]);
    conn.send(new Uint16Array([1]).buffer);
    expect([...((await raw.next()) as Buffer)]).to.deep.equal([1, 0]);
  });

  it('closes an oversized frame with 1009 and that session only', async () => {
    h = await startEngine({ maxHttpBufferSize: 64 });
    const bad = await wsSession(h, clients);
    const good = await wsSession(h, clients);
    const closed = once<[string, Error]>(bad.conn, 'close');
    bad.raw.ws.send('4' + 'x'.repeat(100));
    const [reason, err] = await closed;
    expect(reason).to.equal('transport error');
    expect((err as Error & { code: string }).code).to.equal('WS_ERR_UNSUPPORTED_MESSAGE_LENGTH');
    expect((await bad.raw.closed).code).to.equal(1009);
    good.raw.ws.send('4ok');
    expect((await once<[string]>(good.conn, 'message'))[0]).to.equal('ok');
  });

  const bad: [string, string, string][] = [
    ['an unknown packet type', '8', 'parse error'],
    ['an empty frame', '', 'parse error'],
    ['bad base64', 'b@@', 'parse error'],
    ['a client ping', '2', 'transport error'],
    ['a close packet', '1', 'transport close'],
  ];
  for (const [title, frame, reason] of bad) {
    it(`closes on ${title} with "${reason}"`, async () => {
      h = await startEngine();
      const s = await wsSession(h, clients);
      const other = await wsSession(h, clients);
      const closed = once<[string]>(s.conn, 'close');
      s.raw.ws.send(frame);
      expect((await closed)[0]).to.equal(reason);
      await s.raw.closed;
      expect(other.conn.readyState).to.equal('open');
      expect(h.engine.clients.has(s.sid)).to.equal(false);
    });
  }

  it('closes the WebSocket with 1002 and the protocol error code on a parse error, after a close packet', async () => {
    h = await startEngine();
    const s = await wsSession(h, clients);
    const closed = once<[string, { code: string; closeCode: number }]>(s.conn, 'close');
    s.raw.ws.send('9');
    const [reason, err] = await closed;
    expect([reason, err.code, err.closeCode]).to.deep.equal(['parse error', 'ERR_UNKNOWN_PACKET_TYPE', 1002]);
    expect(await s.raw.closed).to.deep.equal({ code: 1002, reason: 'ERR_UNKNOWN_PACKET_TYPE' });
    expect(s.raw.frames).to.deep.equal(['1']);
  });

  it('answers a close packet with the closing handshake alone: the client said goodbye, none comes back', async () => {
    h = await startEngine();
    const s = await wsSession(h, clients);
    s.raw.ws.send('1');
    expect((await s.raw.closed).code).to.equal(1005);
    expect(s.raw.frames).to.deep.equal([]);
  });

  it('sends a close packet before the closing handshake when the server closes', async () => {
    h = await startEngine();
    const s = await wsSession(h, clients);
    s.conn.close();
    await s.raw.closed;
    expect(s.raw.frames).to.deep.equal(['1']);
  });

  it('reports packets both ways and sends initialPacket after the open packet', async () => {
    h = await startEngine({ initialPacket: 'welcome' });
    const connected = once<[Connection]>(h.engine, 'connection');
    const raw = await RawWs.open(h);
    clients.push(raw);
    const [conn] = await connected;
    parseOpen((await raw.next()) as string);
    expect(await raw.next()).to.equal('4welcome');
    const created: unknown[] = [];
    const received: unknown[] = [];
    conn.on('packetCreate', (p) => created.push(p));
    conn.on('packet', (p) => received.push(p));
    conn.send('out');
    raw.ws.send('4in');
    await once(conn, 'message');
    expect(created).to.deep.equal([{ type: 'message', data: 'out', options: { compress: true } }]);
    expect(received).to.deep.equal([{ type: 'message', data: 'in' }]);
  });

  it('negotiates permessage-deflate when enabled', async () => {
    h = await startEngine({ perMessageDeflate: { threshold: 0 } });
    h.engine.on('connection', (c) => c.on('message', (d) => c.send(d)));
    const s = await wsSession(h, clients);
    expect(s.raw.ws.extensions).to.contain('permessage-deflate');
    s.raw.ws.send('4' + 'z'.repeat(2000));
    expect(await s.raw.next()).to.equal('4' + 'z'.repeat(2000));
  });

  it('times out without pongs', async () => {
    h = await startEngine({ pingInterval: 50, pingTimeout: 50 });
    const s = await wsSession(h, clients);
    expect(await s.raw.next()).to.equal('2');
    expect((await once<[string]>(s.conn, 'close'))[0]).to.equal('ping timeout');
  });

  it('stays open while pongs come back', async () => {
    h = await startEngine({ pingInterval: 20, pingTimeout: 200 });
    const s = await wsSession(h, clients);
    for (let i = 0; i < 3; i++) {
      expect(await s.raw.next()).to.equal('2');
      s.raw.ws.send('3');
    }
    expect(s.conn.readyState).to.equal('open');
  });

  describe('refused upgrades', () => {
    it('answers 400 for another protocol version, an unknown sid and an unknown transport', async () => {
      h = await startEngine();
      const base = `ws://127.0.0.1:${h.port}/engine.io/`;
      const codes: number[] = [];
      h.engine.on('connection_error', (e) => codes.push(e.code));
      expect(await refusedUpgrade(`${base}?EIO=3&transport=websocket`)).to.equal(400);
      expect(await refusedUpgrade(`${base}?EIO=4&transport=websocket&sid=nope`)).to.equal(400);
      expect(await refusedUpgrade(`${base}?EIO=4&transport=foo`)).to.equal(400);
      expect(await refusedUpgrade(`${base}?EIO=4&transport=polling`)).to.equal(400);
      expect(codes).to.deep.equal([5, 1, 0, 3]);
    });

    it('answers 403 when allowRequest refuses', async () => {
      h = await startEngine({ allowRequest: (_req, fn) => fn('nope', false) });
      expect(await refusedUpgrade(`ws://127.0.0.1:${h.port}/engine.io/?EIO=4&transport=websocket`)).to.equal(403);
    });

    it('answers 400 (code 0) when websocket is not an allowed transport', async () => {
      h = await startEngine({ transports: ['polling'] });
      const codes: number[] = [];
      h.engine.on('connection_error', (e) => codes.push(e.code));
      expect(await refusedUpgrade(`ws://127.0.0.1:${h.port}/engine.io/?EIO=4&transport=websocket`)).to.equal(400);
      expect(codes).to.deep.equal([0]);
      expect((await pollingHandshake(h)).open.upgrades).to.deep.equal([]);
    });
  });

  it('sets the session cookie on the WebSocket handshake', async () => {
    h = await startEngine({ cookie: { name: 'sticky' } });
    const raw = new RawWs(`ws://127.0.0.1:${h.port}${h.url('transport=websocket')}`);
    clients.push(raw);
    const [res] = await once<[IncomingMessage]>(raw.ws, 'upgrade');
    const open = parseOpen((await raw.next()) as string);
    expect(res.headers['set-cookie']).to.deep.equal([`sticky=${open.sid}; Path=/; HttpOnly; SameSite=Lax`]);
    expect(h.engine.clients.has(open.sid)).to.equal(true);
  });

  describe('upgrade from polling', () => {
    it('probes, answers the pending GET with a noop, and flushes buffered packets on the new transport', async () => {
      h = await startEngine();
      const { open, conn } = await pollingHandshake(h);
      const pending = poll(h, open.sid);
      while (!conn.writable) await new Promise((r) => setImmediate(r));
      const raw = await RawWs.open(h, `&sid=${open.sid}`);
      clients.push(raw);
      raw.ws.send('2probe');
      expect(await raw.next()).to.equal('3probe');
      expect((await pending).text).to.equal('6');
      conn.send('during');
      // Polls after the probe get noops, never the buffered message.
      expect((await poll(h, open.sid)).text).to.equal('6');
      const upgraded = once<[{ name: string }]>(conn, 'upgrade');
      raw.ws.send('5');
      expect((await upgraded)[0].name).to.equal('websocket');
      expect(conn.transport.name).to.equal('websocket');
      expect(await raw.next()).to.equal('4during');
      // The old transport is gone: polling with this sid is a transport mismatch now.
      expect((await poll(h, open.sid)).status).to.equal(400);
      raw.ws.send('4over ws');
      expect((await once<[string]>(conn, 'message'))[0]).to.equal('over ws');
    });

    it('drops a probe that never completes after upgradeTimeout; the session carries on polling', async () => {
      h = await startEngine({ upgradeTimeout: 50 });
      const { open, conn } = await pollingHandshake(h);
      const raw = await RawWs.open(h, `&sid=${open.sid}`);
      clients.push(raw);
      await raw.closed;
      expect(conn.transport.name).to.equal('polling');
      expect(conn.readyState).to.equal('open');
      conn.send('still here');
      expect((await poll(h, open.sid)).text).to.equal('4still here');
    });

    it('drops a probe that sends something else than the probe ping', async () => {
      h = await startEngine();
      const { open, conn } = await pollingHandshake(h);
      const raw = await RawWs.open(h, `&sid=${open.sid}`);
      clients.push(raw);
      raw.ws.send('4not a probe');
      await raw.closed;
      expect(conn.transport.name).to.equal('polling');
      expect((await post(h, open.sid, '4fine')).text).to.equal('ok');
    });

    it('closes a second probe while one is in flight, and a WebSocket for a websocket session (as engine.io)', async () => {
      h = await startEngine();
      const { open } = await pollingHandshake(h);
      const first = await RawWs.open(h, `&sid=${open.sid}`);
      clients.push(first);
      const second = await RawWs.open(h, `&sid=${open.sid}`);
      clients.push(second);
      await second.closed;
      first.ws.send('2probe');
      expect(await first.next()).to.equal('3probe');
      const s = await wsSession(h, clients);
      const late = await RawWs.open(h, `&sid=${s.sid}`);
      clients.push(late);
      await late.closed;
      expect(s.conn.readyState).to.equal('open');
    });
  });
});
