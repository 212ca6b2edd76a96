import { expect } from 'chai';
import { bytes, TestServerHandle, type Kind } from './browser-helpers.js';
import { once } from '../support/events.js';

/** Transport choice, upgrade and heartbeat of the client in Chromium, against sockjet's server and socket.io's. */
for (const kind of ['sockjet', 'socket.io'] as const satisfies readonly Kind[]) {
  describe(`sockjet client in Chromium: transports and heartbeat against the ${kind} server`, () => {
    let server: TestServerHandle;

    afterEach(async () => {
      await server.close();
    });

    it('falls back to long-polling when the server refuses WebSocket, and reconnects with it', async () => {
      server = await TestServerHandle.start(kind, { transports: ['polling'] });
      const s = server.connect(); // default transports: websocket, then polling
      const [welcome] = (await once(s, 'welcome')) as [{ transport: string }];
      expect(welcome.transport).to.equal('polling');
      expect(await server.action('transports')).to.deep.equal(['polling']);
      expect(bytes(await s.emitWithAck('ack', new Uint8Array([1, 2]), 'x'))).to.deep.equal([1, 2]);
      const again = once(s, 'welcome');
      await server.action('dropAll');
      await again;
      expect(await server.action('transports')).to.deep.equal(['polling']);
      expect(await server.action('clientsCount')).to.equal(1);
    });

    it('reports connect_error (ERR_CONNECT) when the only transport it may use is refused', async () => {
      server = await TestServerHandle.start(kind, { transports: ['polling'] });
      const s = server.connect('/', { transports: ['websocket'], reconnection: false });
      const [err] = (await once(s, 'connect_error')) as [Error & { code?: string }];
      expect(err).to.be.instanceOf(Error);
      expect(err.code).to.equal('ERR_CONNECT');
      expect(s.connected).to.equal(false);
      expect(await server.action('clientsCount')).to.equal(0);
    });

    it('upgrades from long-polling to WebSocket without losing or reordering messages', async () => {
      server = await TestServerHandle.start(kind);
      const s = server.connect('/', { transports: ['polling', 'websocket'] });
      const echoes: unknown[] = [];
      s.on('echo', (i: unknown) => echoes.push(i));
      s.on('connect', () => {
        // Written while the upgrade is being probed: they must all arrive, in order, and so must the replies.
        for (let i = 0; i < 30; i++) s.emit('record', i).emit('echo', i);
      });
      const [welcome] = (await once(s, 'welcome')) as [{ transport: string }];
      expect(welcome.transport).to.equal('polling');
      expect(await server.until<string[]>('transports', (t) => t[0] == 'websocket')).to.deep.equal(['websocket']);
      expect(await server.action('clientsCount')).to.equal(1); // the same session moved, no second one
      expect(await s.emitWithAck('record', 'after')).to.equal(31);
      const recorded = await server.action<unknown[][]>('recorded');
      expect(recorded.map((r) => r[1])).to.deep.equal([...Array(30).keys(), 'after']);
      expect(echoes).to.deep.equal([...Array(30).keys()]); // all answered before the ack that came after them
    });

    for (const transport of ['polling', 'websocket'] as const) {
      it(`keeps every write under the server's maxHttpBufferSize (${transport})`, async () => {
        server = await TestServerHandle.start(kind, { maxHttpBufferSize: 100_000 });
        const s = server.connect('/', { transports: [transport], reconnection: false });
        await once(s, 'welcome');
        // 6 x 40 KB written at once: together past the limit, so long-polling must split them across POSTs.
        const chunk = 'y'.repeat(40_000);
        for (let i = 0; i < 5; i++) s.emit('record', i, i % 2 ? new Uint8Array(40_000).fill(i) : chunk);
        expect(await s.emitWithAck('record', 'last', chunk)).to.equal(6);
        expect(s.connected).to.equal(true);
        const recorded = await server.action<unknown[][]>('recorded');
        expect(recorded.map((r) => r[1])).to.deep.equal([0, 1, 2, 3, 4, 'last']);
      });
    }

    it('stays on long-polling with upgrade: false', async () => {
      server = await TestServerHandle.start(kind);
      const s = server.connect('/', { transports: ['polling', 'websocket'], upgrade: false });
      await once(s, 'welcome');
      // Several round trips, each long enough for an upgrade probe to have gone through had one been sent.
      for (let i = 0; i < 5; i++) expect(await s.emitWithAck('ack', i)).to.equal(i);
      expect(await server.action('transports')).to.deep.equal(['polling']);
    });

    it("reports connect_error 'timeout' when the server never answers the handshake", async () => {
      server = await TestServerHandle.start(kind);
      await server.action('freeze');
      // t0 before connecting: the Manager starts its connect timer as it opens.
      const t0 = performance.now();
      const s = server.connect('/', { timeout: 100, reconnection: false });
      const [err] = (await once(s, 'connect_error')) as [Error & { code?: string }];
      expect(err.message).to.equal('timeout');
      expect(err.code).to.equal('ERR_CONNECT');
      expect(performance.now() - t0).to.be.within(95, 1500);
    });

    for (const transport of ['websocket', 'polling'] as const) {
      it(`closes with 'ping timeout' when the server falls silent, then reconnects (${transport})`, async () => {
        // pingTimeout leaves room for a slow pong on a busy machine: the server must not time out first.
        const pingInterval = 100;
        const pingTimeout = 300;
        server = await TestServerHandle.start(kind, { pingInterval, pingTimeout });
        // timeout: an attempt made while frozen hangs on the link; give up on it quickly and retry.
        const s = server.connect('/', { transports: [transport], timeout: 300 });
        await once(s, 'welcome');
        await once(s.io, 'ping'); // the heartbeat runs through the link
        const down = once(s, 'disconnect');
        const frozenAt = performance.now();
        // What the Manager saw after the freeze, for the failure message.
        const seen: string[] = [];
        const note = (what: string) => seen.push(`${what} at +${Math.round(performance.now() - frozenAt)} ms`);
        s.io.on('ping', () => note('ping'));
        s.io.on('close', (reason: string) => note(`close (${reason})`));
        await server.action('freeze');
        note('frozen');
        expect(await down, seen.join(', ')).to.deep.equal(['ping timeout']);
        // The client waits pingInterval + pingTimeout after the last ping it saw, and not much longer.
        expect(performance.now() - frozenAt).to.be.below(pingInterval + pingTimeout + 1000);
        const back = once(s, 'welcome');
        await server.action('thaw');
        await back;
        expect(s.connected).to.equal(true);
      });
    }
  });
}
