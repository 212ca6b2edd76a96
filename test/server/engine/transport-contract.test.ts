import { expect } from 'chai';
import { PreparedMessage } from '../../../src/server/engine/index.js';
import type { EngineOptions } from '../../../src/server/engine/index.js';
import type { SockjetError } from '../../../src/shared/sockjet-error.js';
import { startEngine } from './engine-helpers.js';
import type { Harness } from './engine-helpers.js';
import { TRANSPORT_KINDS } from './raw-clients.js';
import type { RawClient } from './raw-clients.js';
import { once } from '../../support/events.js';

/*
 * The server's transport contract: every behaviour a session has, run over each transport with the same test
 * body, so the layer above can rely on it whichever transport a client came by. Where the wire differs (a
 * WebSocket's close frame, a poll's HTTP status), the transport's kind says what its client sees.
 *
 * Timers: the heartbeat and the close deadline run on short real intervals and the tests wait for their events.
 * The fake clock of the client tests cannot drive them: the engine's timers pass their connection as a timer
 * argument (no closure per connection), and its deadline queue reads performance.now().
 */

const UPGRADES: Record<string, string[]> = { polling: ['websocket'], websocket: [] };

for (const kind of TRANSPORT_KINDS) {
  describe(`Transport contract: ${kind.name}`, () => {
    let h: Harness | undefined;
    const clients: RawClient[] = [];

    afterEach(async () => {
      for (const c of clients.splice(0)) c.dispose();
      await h?.close();
      h = undefined;
    });

    async function session(options: Partial<EngineOptions> = {}): Promise<RawClient> {
      h ??= await startEngine(options);
      const client = await kind.connect(h);
      clients.push(client);
      return client;
    }

    it('opens with the open packet; the session is on this transport', async () => {
      const c = await session({ pingInterval: 300, pingTimeout: 200, maxHttpBufferSize: 5000 });
      expect(c.open).to.deep.equal({ sid: c.conn.id, upgrades: UPGRADES[kind.name], pingInterval: 300, pingTimeout: 200, maxPayload: 5000 });
      expect([c.conn.transport.name, c.conn.readyState, c.conn.protocol]).to.deep.equal([kind.name, 'open', 4]);
      expect(h!.engine.clients.get(c.open.sid)).to.equal(c.conn);
    });

    it('sends initialPacket right after the open packet', async () => {
      const c = await session({ initialPacket: 'welcome' });
      expect(await c.next()).to.equal('4welcome');
    });

    it('carries text and binary both ways; binary arrives as a Buffer', async () => {
      const c = await session();
      const got: (string | Buffer)[] = [];
      c.conn.on('message', (d) => got.push(d));
      const two = once(c.conn, 'message', { where: () => got.length === 2 });
      await c.send('4héllo', Buffer.from([1, 2, 3]));
      await two;
      expect(got[0]).to.equal('héllo');
      expect(Buffer.isBuffer(got[1]) && [...got[1]]).to.deep.equal([1, 2, 3]);
      c.conn.send('wörld').send(new Uint8Array([4, 5])).send(new Uint16Array([6]).buffer);
      expect(await c.next()).to.equal('4wörld');
      expect([...((await c.next()) as Buffer)]).to.deep.equal([4, 5]);
      expect([...((await c.next()) as Buffer)]).to.deep.equal([6, 0]);
    });

    it('keeps the order of messages both ways, however they were sent', async () => {
      const c = await session();
      const sent: (string | Buffer)[] = [];
      for (let i = 0; i < 12; i++) {
        const text = `m${i}`;
        if (i % 4 === 0) c.conn.send(text);
        else if (i % 4 === 1) c.conn.send(Buffer.from([i]));
        else if (i % 4 === 2) c.conn.sendPrepared(new PreparedMessage(text));
        else c.conn.sendMany([text, `${text}b`]);
        sent.push(...(i % 4 === 1 ? [Buffer.from([i])] : i % 4 === 3 ? [`4${text}`, `4${text}b`] : [`4${text}`]));
      }
      for (const expected of sent) expect(await c.next()).to.deep.equal(expected);
      const got: string[] = [];
      c.conn.on('message', (d) => got.push(String(d)));
      const all = once(c.conn, 'message', { where: () => got.length === 20 });
      await c.send(...Array.from({ length: 10 }, (_, i) => `4up${i}`));
      await c.send(...Array.from({ length: 10 }, (_, i) => `4up${i + 10}`));
      await all;
      expect(got).to.deep.equal(Array.from({ length: 20 }, (_, i) => `up${i}`));
    });

    it('counts what is not yet written in bufferedAmount, and emits drain once it is', async () => {
      const c = await session();
      const big = 'x'.repeat(100_000);
      c.conn.send(big);
      expect(c.conn.bufferedAmount).to.be.greaterThan(0);
      const drained = once(c.conn, 'drain');
      expect(await c.next()).to.equal(`4${big}`);
      await drained;
      expect(c.conn.bufferedAmount).to.equal(0);
    });

    describe('closing', () => {
      it('close(): a close packet, then the session ends with "forced close"; later writes are dropped', async () => {
        const c = await session();
        const closed = once<[string]>(c.conn, 'close');
        c.conn.close();
        c.conn.send('late');
        expect(await c.next()).to.equal('1');
        expect((await closed)[0]).to.equal('forced close');
        expect(await c.ended()).to.equal(kind.end(1005, 400));
        expect(c.unread()).to.deep.equal([]);
      });

      it('close() writes what is pending before the close packet', async () => {
        const c = await session();
        c.conn.send('a').send(Buffer.from([7]));
        c.conn.close();
        expect(await c.next()).to.equal('4a');
        expect([...((await c.next()) as Buffer)]).to.deep.equal([7]);
        expect(await c.next()).to.equal('1');
        expect(c.conn.readyState).to.equal('closed');
      });

      it('close(code, reason): the close packet carries them, and a WebSocket closes with them', async () => {
        const c = await session();
        c.conn.close(4001, 'unauthorized');
        expect(await c.next()).to.equal('1{"code":4001,"reason":"unauthorized"}');
        expect(await c.ended()).to.equal(kind.end(4001, 400));
      });

      it('ends a closing session whose client never collects its packets, within pingInterval + pingTimeout', async () => {
        const c = await session({ pingInterval: 30, pingTimeout: 30 });
        const closed = once<[string]>(c.conn, 'close');
        c.conn.send('unread');
        c.conn.close();
        expect((await closed)[0]).to.equal('forced close');
        expect(h!.engine.clientsCount).to.equal(0);
      });

      it('a close packet from the client ends the session with "transport close", and none comes back', async () => {
        const c = await session();
        const closed = once<[string]>(c.conn, 'close');
        await c.send('1');
        expect((await closed)[0]).to.equal('transport close');
        expect(await c.ended()).to.equal(kind.end(1005, 400));
        expect(c.unread()).to.deep.equal([]);
      });

      it('a client that vanishes ends its session', async () => {
        const c = await session();
        const closed = once<[string]>(c.conn, 'close');
        await c.vanish();
        expect((await closed)[0]).to.equal(kind.vanished);
        expect(h!.engine.clientsCount).to.equal(0);
      });
    });

    describe('heartbeat', () => {
      it('pings every pingInterval; each pong keeps the session open and emits heartbeat', async () => {
        const c = await session({ pingInterval: 20, pingTimeout: 5000 });
        for (let i = 0; i < 3; i++) {
          expect(await c.next()).to.equal('2');
          const beat = once(c.conn, 'heartbeat');
          await c.send('3');
          await beat;
        }
        expect(c.conn.readyState).to.equal('open');
      });

      it('ends the session with "ping timeout" when no pong comes', async () => {
        const c = await session({ pingInterval: 20, pingTimeout: 20 });
        expect((await once<[string]>(c.conn, 'close'))[0]).to.equal('ping timeout');
        expect(await c.ended()).to.equal(kind.end(1005, 400));
      });

      it('ends the session with "transport error" on a ping from the client (in v4 only the server pings)', async () => {
        const c = await session();
        const closed = once<[string, unknown]>(c.conn, 'close');
        await c.send('2');
        expect(await closed).to.deep.equal(['transport error', 'invalid heartbeat direction']);
      });
    });

    describe('bad input closes that session only', () => {
      it('takes a message of exactly maxHttpBufferSize bytes; one byte more is refused (413 / 1009)', async () => {
        const c = await session({ maxHttpBufferSize: 100 });
        const other = await session();
        const got = once<[string]>(c.conn, 'message');
        await c.send(`4${'x'.repeat(99)}`);
        expect((await got)[0]).to.have.length(99);
        const closed = once<[string]>(c.conn, 'close');
        await c.send(`4${'x'.repeat(100)}`);
        expect((await closed)[0]).to.equal('transport error');
        expect(await c.ended()).to.equal(kind.end(1009, 413));
        const fine = once<[string]>(other.conn, 'message');
        await other.send('4still fine');
        expect((await fine)[0]).to.equal('still fine');
      });

      it('a packet that does not decode ends the session with "parse error" and the protocol error (1002)', async () => {
        const c = await session();
        const other = await session();
        const closed = once<[string, SockjetError]>(c.conn, 'close');
        await c.send('9');
        const [reason, err] = await closed;
        expect([reason, err.code, err.closeCode]).to.deep.equal(['parse error', 'ERR_UNKNOWN_PACKET_TYPE', 1002]);
        expect(await c.ended()).to.equal(kind.end(1002, 400));
        expect(other.conn.readyState).to.equal('open');
      });
    });
  });
}
