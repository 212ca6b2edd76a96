import { expect } from 'chai';
import { SockjetError } from '../../src/shared/sockjet-error.js';
import { Engine } from '../../src/server/engine/index.js';
import type { Connection, EngineCloseReason } from '../../src/server/engine/index.js';
import { closeAfterEach, poll, pollingHandshake, wsSession } from './engine/engine-helpers.js';
import type { Harness } from './engine/engine-helpers.js';
import { startEngine } from './engine/engine-helpers.js';
import { floodUntilClosed } from './limits-helpers.js';
import { once } from '../support/events.js';

const LIMIT = 256 * 1024;
const CHUNK = 'x'.repeat(16 * 1024);

describe('limits: maxWriteBufferSize option', () => {
  it('defaults to 4 MB and refuses a bad value at construction', () => {
    expect(new Engine().options.maxWriteBufferSize).to.equal(4e6);
    expect(new Engine({ maxWriteBufferSize: Infinity }).options.maxWriteBufferSize).to.equal(Infinity);
    for (const bad of [0, -1, 1.5, NaN, '1e6'])
      expect(() => new Engine({ maxWriteBufferSize: bad as number }))
        .to.throw(SockjetError, /maxWriteBufferSize/)
        .with.property('code', 'ERR_INVALID_OPTION');
  });
});

describe('limits: maxWriteBufferSize (a peer that stops reading)', () => {
  let h: Harness;
  const clients = closeAfterEach(() => h);

  it('closes a WebSocket whose reader stalled with reason "slow consumer", holding at most the limit', async () => {
    h = await startEngine({ maxWriteBufferSize: LIMIT });
    const { raw, conn } = await wsSession(h, clients);
    raw.ws.pause();
    const closed = once<[EngineCloseReason]>(conn, 'close');
    const peak = await floodUntilClosed(conn, () => conn.send(CHUNK));
    expect((await closed)[0]).to.equal('slow consumer');
    // The queue never held more than the limit plus the write that crossed it.
    expect(peak).to.be.at.most(LIMIT + CHUNK.length + 1);
    expect(conn.bufferedAmount).to.equal(0);
    expect(h.engine.clientsCount).to.equal(0);
    // The peer is cut at once, not after a closing handshake it would never read.
    raw.ws.resume();
    expect((await raw.closed).code).to.equal(1006);
  });

  it('closes a long-polling session that never polls, at the limit', async () => {
    h = await startEngine({ maxWriteBufferSize: LIMIT });
    const { conn } = await pollingHandshake(h);
    const closed = once<[EngineCloseReason]>(conn, 'close');
    let sent = 0;
    while (conn.readyState === 'open') {
      conn.send(CHUNK);
      sent += CHUNK.length;
      expect(conn.bufferedAmount).to.be.at.most(LIMIT);
      expect(sent).to.be.below(LIMIT * 2);
    }
    expect((await closed)[0]).to.equal('slow consumer');
    expect(sent).to.be.above(LIMIT - CHUNK.length);
  });

  it('counts what waits for the next GET, and emits drain once a GET takes it', async () => {
    h = await startEngine({ maxWriteBufferSize: LIMIT });
    const { open, conn } = await pollingHandshake(h);
    conn.send('abc');
    conn.send(new Uint8Array(10));
    expect(conn.bufferedAmount).to.equal(4 + 11);
    expect(conn.writable).to.equal(false);
    const drained = once(conn, 'drain');
    const res = await poll(h, open.sid);
    expect(res.text).to.contain('4abc');
    await drained;
    expect(conn.bufferedAmount).to.equal(0);
  });

  it('lets one message larger than the limit through to a client that reads', async () => {
    h = await startEngine({ maxWriteBufferSize: 1024 });
    const { raw, conn } = await wsSession(h, clients);
    conn.send('y'.repeat(100_000));
    expect(((await raw.next()) as string).length).to.equal(100_001);
    expect(conn.readyState).to.equal('open');
  });

  it('reports a WebSocket backed up (not writable: volatile packets drop) and emits drain when it flushed', async () => {
    h = await startEngine({ maxWriteBufferSize: 64 * 1024 * 1024 });
    const { raw, conn } = await wsSession(h, clients);
    raw.ws.pause();
    await floodUntil(conn, () => conn.bufferedAmount > 0 && !conn.writable);
    expect(conn.readyState).to.equal('open');
    const drained = once(conn, 'drain');
    raw.ws.resume();
    await drained;
    expect(conn.bufferedAmount).to.equal(0);
    expect(conn.writable).to.equal(true);
  });
});

/** Writes chunks, a macrotask apart so the socket gets to flush what the kernel takes, until `done()`. */
async function floodUntil(conn: Connection, done: () => boolean): Promise<void> {
  for (let i = 0; i < 10_000 && !done(); i++) {
    conn.send(CHUNK);
    await new Promise((resolve) => setImmediate(resolve));
  }
  expect(done(), 'the socket never backed up').to.equal(true);
}
