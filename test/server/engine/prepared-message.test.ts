import { expect } from 'chai';
import { Writable } from 'node:stream';
import { PreparedMessage } from '../../../src/server/engine/index.js';
import { batchUntilTickEnd } from '../../../src/server/engine/tick-batch.js';
import { frameMessage } from '../../../src/server/engine/websocket-frame.js';
import { closeAfterEach, poll, pollingHandshake, startEngine, wsSession } from './engine-helpers.js';
import type { Harness } from './engine-helpers.js';

describe('frameMessage', () => {
  const cases: [string, number, number[]][] = [
    ['a 125-byte payload with a 7-bit length', 125, [0x81, 125]],
    ['a 126-byte payload with a 16-bit length', 126, [0x81, 126, 0, 126]],
    ['a 65535-byte payload with a 16-bit length', 65535, [0x81, 126, 0xff, 0xff]],
    ['a 65536-byte payload with a 64-bit length', 65536, [0x81, 127, 0, 0, 0, 0, 0, 1, 0, 0]],
  ];
  for (const [what, size, header] of cases) {
    it(`frames ${what}`, () => {
      const frame = frameMessage('x'.repeat(size));
      expect([...frame.subarray(0, header.length)]).to.deep.equal(header);
      expect(frame.length).to.equal(header.length + size);
      expect(frame.subarray(header.length).toString()).to.equal('x'.repeat(size));
    });
  }

  it('counts UTF-8 bytes for text and sends bytes as a binary frame', () => {
    expect([...frameMessage('é')]).to.deep.equal([0x81, 2, 0xc3, 0xa9]);
    expect([...frameMessage(new Uint8Array([1, 2]))]).to.deep.equal([0x82, 2, 1, 2]);
    expect([...frameMessage('')]).to.deep.equal([0x81, 0]);
  });
});

describe('batchUntilTickEnd', () => {
  it('holds the writes of one tick and hands them over together at its end', async () => {
    const batches: string[][] = [];
    const sink = new Writable({
      writev(chunks, cb) {
        batches.push(chunks.map((c) => String(c.chunk)));
        cb();
      },
      write(chunk, _enc, cb) {
        batches.push([String(chunk)]);
        cb();
      },
    });
    batchUntilTickEnd(sink);
    sink.write('a');
    batchUntilTickEnd(sink);
    sink.write('b');
    expect(batches).to.deep.equal([]);
    await new Promise<void>((resolve) => process.nextTick(resolve));
    expect(batches).to.deep.equal([['a', 'b']]);
    expect(sink.writableCorked).to.equal(0);
  });
});

describe('Connection#sendPrepared', () => {
  let h: Harness;
  const clients = closeAfterEach(() => h);

  it('writes one prepared text and binary message to several WebSocket connections', async () => {
    h = await startEngine();
    const a = await wsSession(h, clients);
    const b = await wsSession(h, clients);
    const text = new PreparedMessage('héllo');
    const bytes = new PreparedMessage(new Uint8Array([7, 8, 9]));
    for (const { conn } of [a, b]) conn.sendPrepared([text, bytes]);
    for (const { raw } of [a, b]) {
      expect(await raw.next()).to.equal('4héllo');
      expect([...((await raw.next()) as Buffer)]).to.deep.equal([7, 8, 9]);
    }
  });

  it('frames long messages a WebSocket client reads back whole (16- and 64-bit lengths)', async () => {
    h = await startEngine();
    const { raw, conn } = await wsSession(h, clients);
    const medium = 'é'.repeat(200);
    const long = 'x'.repeat(70_000);
    conn.sendPrepared([new PreparedMessage(medium), new PreparedMessage(long)]);
    conn.send(new Uint8Array(70_000).fill(3));
    expect(await raw.next()).to.equal('4' + medium);
    expect(await raw.next()).to.equal('4' + long);
    const bytes = (await raw.next()) as Buffer;
    expect(bytes.length).to.equal(70_000);
    expect(bytes.every((b) => b === 3)).to.equal(true);
  });

  it('frames a message once: every connection gets the same frame', async () => {
    h = await startEngine();
    const a = await wsSession(h, clients);
    const b = await wsSession(h, clients);
    const message = new PreparedMessage('abc');
    a.conn.sendPrepared(message);
    expect(await a.raw.next()).to.equal('4abc');
    // Alter the cached frame: a connection that framed the message again would still send 'abc'.
    message.frame[message.frame.length - 1] = 'z'.charCodeAt(0);
    b.conn.sendPrepared(message);
    expect(await b.raw.next()).to.equal('4abz');
  });

  it('keeps the order of prepared and plain messages sent in one tick, and later ticks still flush', async () => {
    h = await startEngine();
    const { raw, conn } = await wsSession(h, clients);
    conn.send('1');
    conn.sendPrepared(new PreparedMessage('2'));
    conn.send('3');
    expect([await raw.next(), await raw.next(), await raw.next()]).to.deep.equal(['41', '42', '43']);
    await new Promise((resolve) => setImmediate(resolve));
    conn.sendPrepared(new PreparedMessage('4'));
    expect(await raw.next()).to.equal('44');
  });

  it('lets ws compress it when permessage-deflate was negotiated', async () => {
    h = await startEngine({ perMessageDeflate: { threshold: 0 } });
    const { raw, conn } = await wsSession(h, clients);
    expect(raw.ws.extensions).to.contain('permessage-deflate');
    conn.sendPrepared(new PreparedMessage('z'.repeat(2000)));
    expect(await raw.next()).to.equal('4' + 'z'.repeat(2000));
  });

  it('goes out in one long-polling payload, binary as base64', async () => {
    h = await startEngine();
    const { open, conn } = await pollingHandshake(h);
    conn.sendPrepared([new PreparedMessage('hi'), new PreparedMessage(new Uint8Array([1, 2, 3]))]);
    const res = await poll(h, open.sid);
    expect(res.text).to.equal('4hi\x1ebAQID');
  });

  it('waits for the next GET over long-polling when none is pending', async () => {
    h = await startEngine();
    const { open, conn } = await pollingHandshake(h);
    conn.sendPrepared(new PreparedMessage('a'));
    conn.sendPrepared(new PreparedMessage('b'));
    expect((await poll(h, open.sid)).text).to.equal('4a\x1e4b');
  });

  it('sends nothing after the connection closed', async () => {
    h = await startEngine();
    const { raw, conn } = await wsSession(h, clients);
    const created: unknown[] = [];
    conn.on('packetCreate', (p) => created.push(p));
    conn.close();
    conn.sendPrepared(new PreparedMessage('late'));
    expect(created).to.deep.equal([]);
    await raw.closed;
    expect(raw.frames).to.deep.equal(['1']);
  });
});
