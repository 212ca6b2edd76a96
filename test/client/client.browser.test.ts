import { expect } from 'chai';
import { io } from '../../src/client/index.js';
import { bytes, reply, serverForEachTest, TestServerHandle, type Kind } from './browser-helpers.js';
import { once } from '../support/events.js';

/**
 * The client's everyday API in Chromium, run unchanged against sockjet's server and the official socket.io
 * server (both with the handlers of test/support/socket-test-handlers.ts).
 */
for (const kind of ['sockjet', 'socket.io'] as const satisfies readonly Kind[]) {
  describe(`sockjet client in Chromium against the ${kind} server`, () => {
    const env = serverForEachTest(kind);
    const { connect } = env;

    for (const transports of [['websocket'], ['polling'], ['polling', 'websocket'], undefined] as const) {
      it(`events, acks and binary (transports: ${transports ?? 'default'})`, async () => {
        const s = connect('/', transports ? { transports: [...transports] } : {});
        const [welcome] = (await once(s, 'welcome')) as [{ nsp: string; id: string; transport: string }];
        expect(welcome.nsp).to.equal('/');
        // It opens with the first transport listed (WebSocket by default).
        expect(welcome.transport).to.equal(transports?.[0] ?? 'websocket');
        expect(welcome.id).to.equal(s.id);
        s.emit('echo', 'hi', { a: [1, 2] });
        expect(await once(s, 'echo')).to.deep.equal(['hi', { a: [1, 2] }]);
        const b = new Uint8Array([1, 2, 255]);
        const [err, b1, b2, b3] = await new Promise<unknown[]>((resolve) =>
          s.timeout(5000).emit('ack', b, { nested: b.buffer }, new Blob([b]), (...res: unknown[]) => resolve(res)),
        );
        expect(err).to.equal(null);
        for (const x of [b1, (b2 as { nested: unknown }).nested, b3]) {
          // Binary reaches listeners as an ArrayBuffer, as with socket.io-client in browsers.
          expect(x).to.be.instanceOf(ArrayBuffer);
          expect(bytes(x)).to.deep.equal([1, 2, 255]);
        }
        s.on('question', (q: number, cb: (a: number) => void) => cb(q + 1));
        s.emit('ask', 41);
        expect(await once(s, 'answer')).to.deep.equal([42]);
      });
    }

    it('carries every JSON value both ways and tells the catch-all listeners', async () => {
      const s = connect();
      await once(s, 'welcome');
      const incoming: unknown[][] = [];
      const outgoing: unknown[][] = [];
      s.onAny((...a: unknown[]) => incoming.push(a));
      s.onAnyOutgoing((...a: unknown[]) => outgoing.push(a));
      const values = ['', 'é✓😀', 0, -1.5, true, false, null, [], {}, { a: { b: [1, 'x', null, { c: false }] } }];
      s.emit('echo', ...values);
      expect(await once(s, 'echo')).to.deep.equal(values);
      expect(incoming).to.deep.equal([['echo', ...values]]);
      expect(outgoing).to.deep.equal([['echo', ...values]]);
    });

    for (const transport of ['websocket', 'polling'] as const) {
      it(`keeps a burst of text and binary emits in order, and carries large ones (${transport})`, async () => {
        const s = connect('/', { transports: [transport] });
        await once(s, 'welcome');
        const got: unknown[][] = [];
        s.on('echo', (...a: unknown[]) => got.push(a));
        const n = 60;
        for (let i = 0; i < n; i++) s.emit('echo', i, i % 3 ? 'é😀'.repeat(i) : new Uint8Array([i, 255 - i]));
        // 300 KB each way, under both servers' default maxHttpBufferSize (1 MB).
        const big = 'x😀'.repeat(100_000);
        const blob = new Uint8Array(300_000).map((_, i) => i % 251);
        const [text, bin] = await reply(s, 'ack', big, blob);
        expect(got.map(([i]) => i)).to.deep.equal([...Array(n).keys()]);
        got.forEach(([i, v]) => {
          const k = i as number;
          if (k % 3) expect(v).to.equal('é😀'.repeat(k));
          else expect(bytes(v)).to.deep.equal([k, 255 - k]);
        });
        expect(text === big, 'large text came back intact').to.equal(true);
        const back = new Uint8Array(bin as ArrayBuffer);
        expect(back.length).to.equal(blob.length);
        expect(back.every((b, i) => b == blob[i]), 'large binary came back intact').to.equal(true);
      });
    }

    it('disconnect() leaves the namespace (the server hears it) and connect() joins again', async () => {
      const s = connect();
      const admin = s.io.socket('/admin');
      await Promise.all([once(s, 'welcome'), once(admin, 'welcome')]);
      const gone = once(admin, 'disconnect');
      admin.disconnect();
      expect(await gone).to.deep.equal(['io client disconnect']);
      expect(admin.connected).to.equal(false);
      // The other namespace keeps the shared connection.
      expect(await s.emitWithAck('ack', 'still')).to.equal('still');
      await env.server.until<unknown[]>('disconnects', (d) => d.length == 1);
      expect(await env.server.action('disconnects')).to.deep.equal([['/admin', 'client namespace disconnect']]);
      const again = once(admin, 'welcome');
      admin.connect();
      await again;
      expect(await env.server.action('clientsCount')).to.equal(1);
      // The last namespace leaving closes the connection; connect() opens a new one.
      s.disconnect();
      admin.disconnect();
      await env.server.until<number>('clientsCount', (c) => c == 0);
      const back = once(s, 'welcome');
      s.connect();
      await back;
      expect(await env.server.action('clientsCount')).to.equal(1);
    });

    it('sends the query string of the URL and the query option with the handshake', async () => {
      const a = env.server.track(io(env.server.url + '/chat?room=lobby&x=1', { forceNew: true }));
      const [wa] = (await once(a, 'welcome')) as [{ nsp: string; query: unknown }];
      expect(wa.nsp).to.equal('/chat');
      expect(wa.query).to.deep.equal({ room: 'lobby', x: '1' });
      const b = connect('/', { query: { token: 'a b&c', n: '2' }, transports: ['polling'] });
      const [wb] = (await once(b, 'welcome')) as [{ query: unknown }];
      expect(wb.query).to.deep.equal({ token: 'a b&c', n: '2' });
    });

    it('reaches a server on another path with the path option', async () => {
      const custom = await TestServerHandle.start(kind, { path: '/custom-path/' });
      try {
        const s = custom.connect('/admin', { path: '/custom-path' });
        const [w] = (await once(s, 'welcome')) as [{ nsp: string }];
        expect(w.nsp).to.equal('/admin');
      } finally {
        await custom.close();
      }
    });

    it('after a middleware error, connect() retries with the new auth (also as the only namespace)', async () => {
      const main = connect();
      const guarded = main.io.socket('/guarded', { auth: { token: 'nope' } });
      await once(guarded, 'connect_error');
      expect(guarded.active).to.equal(false); // no automatic retry after a refusal
      guarded.auth = { token: 'letmein' };
      const [w] = (await (guarded.connect(), once(guarded, 'welcome'))) as [{ nsp: string }];
      expect(w.nsp).to.equal('/guarded');
      expect(await env.server.action('clientsCount')).to.equal(1);
      const alone = connect('/guarded', { auth: { token: 'nope' } });
      const [err] = (await once(alone, 'connect_error')) as [Error];
      expect(err.message).to.equal('invalid token');
      alone.auth = { token: 'letmein' };
      alone.connect();
      await once(alone, 'welcome');
      expect(alone.connected).to.equal(true);
    });

    describe('namespaces', () => {
      it('multiplexes namespaces over one engine connection', async () => {
        const main = connect();
        const admin = main.io.socket('/admin');
        const chat = main.io.socket('/chat');
        const welcomes = (await Promise.all([main, admin, chat].map((s) => once(s, 'welcome')))) as [{ nsp: string }][];
        expect(welcomes.map(([w]) => w.nsp)).to.deep.equal(['/', '/admin', '/chat']);
        expect(await env.server.action('clientsCount')).to.equal(1);
        // Each namespace answers on its own socket.
        chat.emit('echo', 'to chat');
        expect(await once(chat, 'echo')).to.deep.equal(['to chat']);
        expect(await admin.emitWithAck('ack', 'to admin')).to.equal('to admin');
      });

      it('io() without forceNew shares the connection of the same server', async () => {
        const a = env.server.track(io(env.server.url, { reconnectionDelay: 20 }));
        const b = env.server.track(io(env.server.url + '/chat'));
        expect(b.io).to.equal(a.io);
        await Promise.all([once(a, 'welcome'), once(b, 'welcome')]);
        expect(await env.server.action('clientsCount')).to.equal(1);
        // The same namespace again gets its own connection.
        const c = env.server.track(io(env.server.url));
        expect(c.io).to.not.equal(a.io);
        await once(c, 'welcome');
        expect(await env.server.action('clientsCount')).to.equal(2);
      });

      it('a middleware error reaches connect_error with its message and data; the right auth gets in', async () => {
        const main = connect();
        const bad = main.io.socket('/guarded', { auth: { token: 'nope' } });
        const [err] = (await once(bad, 'connect_error')) as [Error & { data: unknown }];
        expect(err).to.be.instanceOf(Error);
        expect(err.message).to.equal('invalid token');
        expect(err.data).to.deep.equal({ reason: 'token' });
        expect(bad.connected).to.equal(false);
        const good = connect('/guarded', { auth: { token: 'letmein' } });
        const [welcome] = (await once(good, 'welcome')) as [{ nsp: string; auth: unknown }];
        expect(welcome).to.include({ nsp: '/guarded' });
        expect(welcome.auth).to.deep.equal({ token: 'letmein' });
      });
    });

    it('rooms: a broadcast to a room reaches its members but the sender and the others', async () => {
      const [a, b, c] = [connect(), connect(), connect()];
      await Promise.all([a, b, c].map((s) => once(s, 'welcome')));
      await Promise.all([a.emitWithAck('join', 'r1'), b.emitWithAck('join', 'r1'), c.emitWithAck('join', 'r2')]);
      const bGot = once(b, 'room');
      const cGot = once(c, 'room');
      let aGot = 0;
      a.on('room', () => aGot++);
      a.emit('to-room', 'r1', 'for r1', new Uint8Array([1]));
      a.emit('to-room', 'r2', 'for r2');
      const [text, bin] = await bGot;
      expect(text).to.equal('for r1');
      expect(bytes(bin)).to.deep.equal([1]);
      // c's first room event is the second broadcast: it never got the first.
      expect(await cGot).to.deep.equal(['for r2']);
      // a round trip on a's connection after both broadcasts: anything for a would have arrived before it.
      expect(await a.emitWithAck('ack', 'sync')).to.equal('sync');
      expect(aGot).to.equal(0);
    });
  });
}

