import { expect } from 'chai';
import type { Socket } from '../../src/client/index.js';
import { reply, TestServerHandle, thrown, type Kind } from './browser-helpers.js';
import { once } from '../support/events.js';

/** Reconnection, backoff and buffering in Chromium; each test has its own server, which it stops and restarts. */
describe('sockjet client in Chromium: reconnection against the sockjet server', () => {
  let server: TestServerHandle;

  afterEach(async () => {
    await server.close();
  });

  for (const kind of ['sockjet', 'socket.io'] as const satisfies readonly Kind[]) {
    for (const transports of [['websocket'], ['polling']] as const) {
      it(`comes back after a ${kind} server restart on the same port (${transports[0]})`, async () => {
        server = await TestServerHandle.start(kind);
        const s = server.connect('/', { transports: [...transports] });
        const events: string[] = [];
        for (const ev of ['open', 'close', 'reconnect_attempt', 'reconnect', 'reconnect_error'])
          s.io.on(ev, () => events.push(ev));
        let connectErrors = 0;
        s.on('connect_error', () => connectErrors++);
        await once(s, 'welcome');
        const firstId = s.id;
        // An emit from the disconnect listener is buffered like any other and goes out after the reconnect.
        s.once('disconnect', () => s.emit('record', 'from disconnect'));
        const down = once(s, 'disconnect');
        await server.stop();
        const [reason] = await down;
        expect(reason).to.be.oneOf(['transport close', 'transport error']);
        expect(s.connected).to.equal(false);
        expect(s.active).to.equal(true);
        const back = once(s.io, 'reconnect');
        await server.restart();
        const [attempts] = await back;
        await once(s, 'connect');
        expect(s.connected).to.equal(true);
        expect(s.id).to.be.a('string').and.not.equal(firstId);
        expect(attempts).to.be.a('number').at.least(1);
        // Every attempt is announced; failed ones report reconnect_error; the good one ends with open + reconnect.
        expect(events.filter((e) => e == 'reconnect_attempt')).to.have.length(attempts);
        expect(events.filter((e) => e == 'reconnect_error')).to.have.length(attempts - 1);
        expect(events.slice(-2)).to.deep.equal(['open', 'reconnect']);
        expect(events.slice(0, 2)).to.deep.equal(['open', 'close']);
        // Sockets hear each failed attempt as connect_error, like socket.io-client's.
        expect(connectErrors).to.equal(attempts - 1);
        expect(await s.emitWithAck('record', 'again')).to.equal(2);
        expect(await server.action('recorded')).to.deep.equal([['/', 'from disconnect'], ['/', 'again']]);
      });
    }
  }

  it('backs off exponentially within reconnectionDelay..reconnectionDelayMax (randomizationFactor 0)', async () => {
    server = await TestServerHandle.start('sockjet');
    const min = 100;
    const max = 400;
    const s = server.connect('/', { reconnectionDelay: min, reconnectionDelayMax: max, randomizationFactor: 0 });
    await once(s, 'welcome');
    // Attempt n is scheduled when the connection closes (n = 1) or when attempt n-1 fails (reconnect_error).
    const delays: number[] = [];
    const attempts: number[] = [];
    let failedAt = 0;
    const failed = () => (failedAt = performance.now());
    const attempt = (n: number) => (attempts.push(n), delays.push(performance.now() - failedAt));
    s.io.on('close', failed);
    s.io.on('reconnect_error', failed);
    s.io.on('reconnect_attempt', attempt);
    const enough = once(s.io, 'reconnect_error', { where: () => delays.length >= 4 });
    await server.stop();
    await enough;
    expect(attempts.slice(0, 4)).to.deep.equal([1, 2, 3, 4]);
    const expected = [min, 2 * min, 4 * min, max]; // 100, 200, 400, then capped at 400
    // Timers never fire early (1 ms of clock rounding aside); a busy machine makes them late, so the upper bound
    // is loose, yet below the next step (uncapped, attempt 4 would wait 800 ms).
    const shown = delays.map(Math.round).join(', ');
    delays.slice(0, 4).forEach((d, i) =>
      expect(d, `delay of attempt ${i + 1} (all: ${shown})`).to.be.within(expected[i]! - 2, expected[i]! * 1.5 + 50),
    );
    expect(delays[1]! > delays[0]! && delays[2]! > delays[1]!, `growing: ${shown}`).to.equal(true);
    const back = once(s.io, 'reconnect');
    await server.restart();
    const [reconnectedAfter] = await back;
    expect(reconnectedAfter).to.be.at.least(5);
    // A connection dropped right after it opened does not reset the backoff (that takes MIN_UPTIME of uptime,
    // see test/client/backoff.test.ts): the next attempt goes on counting, at the capped delay.
    await once(s, 'connect');
    const again = once(s.io, 'reconnect_attempt');
    await server.action('dropAll');
    expect(await again).to.deep.equal([reconnectedAfter + 1]);
    expect(delays[delays.length - 1]).to.be.within(max - 2, max * 1.5 + 50); // measured from the 'close'
  });

  it('delivers emits buffered while the server is down, in order, once it is back', async () => {
    server = await TestServerHandle.start('sockjet');
    const s = server.connect();
    await once(s, 'welcome');
    s.emit('record', 'live');
    expect(await s.emitWithAck('record', 'live-acked')).to.equal(2);
    const down = once(s, 'disconnect');
    await server.stop();
    await down;
    const acks: unknown[] = [];
    for (let i = 1; i <= 5; i++) s.emit('record', i, { i });
    s.emit('record', 'last', (n: unknown) => acks.push(n));
    await server.restart();
    await once(s, 'connect');
    // The restarted server is a new process state: it saw only what was buffered, in order, once each.
    const recorded = await server.until<unknown[][]>('recorded', (r) => r.length >= 6);
    expect(recorded).to.deep.equal([
      ['/', 1, { i: 1 }],
      ['/', 2, { i: 2 }],
      ['/', 3, { i: 3 }],
      ['/', 4, { i: 4 }],
      ['/', 5, { i: 5 }],
      ['/', 'last'],
    ]);
    await server.until<number>('clientsCount', (n) => n == 1 && acks.length == 1);
    expect(acks).to.deep.equal([6]);
  });

  it('reports a full buffer (maxBufferedPackets) and drops only the packets past it', async () => {
    server = await TestServerHandle.start('sockjet');
    const s = server.connect('/', { maxBufferedPackets: 3 });
    await once(s, 'welcome');
    const down = once(s, 'disconnect');
    await server.stop();
    await down;
    for (let i = 1; i <= 3; i++) expect(thrown(() => s.emit('record', i))).to.equal(undefined);
    // Refused without a throw: the ack hears it first, and so does a 'buffer_full' listener.
    const refused = once(s, 'buffer_full');
    let ackErr: { code?: string } | undefined;
    expect(thrown(() => s.emit('record', 4, (e: { code?: string }) => (ackErr = e)))).to.equal(undefined);
    const [err, event, arg] = (await refused) as [Error & { code: string }, string, number];
    expect(err).to.be.instanceOf(Error);
    expect([err.code, event, arg, ackErr?.code]).to.deep.equal(['ERR_BUFFER_FULL', 'record', 4, 'ERR_BUFFER_FULL']);
    // volatile packets are dropped while down, never counted against the buffer nor thrown.
    expect(thrown(() => s.volatile.emit('record', 'volatile'))).to.equal(undefined);
    await server.restart();
    await once(s, 'connect');
    expect(await s.emitWithAck('record', 'after')).to.equal(4);
    expect(await server.action('recorded')).to.deep.equal([['/', 1], ['/', 2], ['/', 3], ['/', 'after']]);
  });

  it('drops a buffered emit whose ack timed out while the server was down', async () => {
    server = await TestServerHandle.start('sockjet');
    const s = server.connect();
    await once(s, 'welcome');
    const down = once(s, 'disconnect');
    await server.stop();
    await down;
    s.emit('record', 'kept');
    const [err] = await reply(s.timeout(20), 'record', 'timed out');
    expect((err as { code?: string }).code).to.equal('ERR_ACK_TIMEOUT');
    await server.restart();
    await once(s, 'connect');
    expect(await s.emitWithAck('record', 'after')).to.equal(2);
    expect(await server.action('recorded')).to.deep.equal([['/', 'kept'], ['/', 'after']]);
  });

  it('settles pending acks on disconnect: error-first ones with ERR_SOCKET_DISCONNECTED, plain ones never called', async () => {
    server = await TestServerHandle.start('sockjet');
    const s = server.connect();
    await once(s, 'welcome');
    let plainCalls = 0;
    s.emit('record-silent', 'plain', () => plainCalls++);
    const timed = reply(s.timeout(5000), 'record-silent', 'timed');
    const withAck = s.emitWithAck('record-silent', 'promise').then(
      () => undefined,
      (e: unknown) => e,
    );
    await server.until<unknown[]>('recorded', (r) => r.length == 3);
    await server.action('dropAll');
    const [err] = await timed;
    expect((err as { code?: string }).code).to.equal('ERR_SOCKET_DISCONNECTED');
    expect(((await withAck) as { code?: string }).code).to.equal('ERR_SOCKET_DISCONNECTED');
    await once(s, 'connect');
    expect(await s.emitWithAck('ack', 'sync')).to.equal('sync');
    expect(plainCalls).to.equal(0);
  });

  it('retries: queued emits survive a restart and are delivered in order; unanswered ones are retried', async () => {
    server = await TestServerHandle.start('sockjet');
    const s = server.connect('/', { retries: 2, ackTimeout: 2000 });
    await once(s, 'welcome');
    const down = once(s, 'disconnect');
    await server.stop();
    await down;
    const acks: unknown[][] = [];
    const acked = new Promise<void>((resolve) =>
      [1, 2, 3].forEach((i) => s.emit('record', i, (...r: unknown[]) => acks.push(r) == 3 && resolve())),
    );
    await server.restart();
    await acked;
    // Each one once: the first is not re-sent after the reconnect, since it was never in flight before it.
    expect(acks).to.deep.equal([[null, 1], [null, 2], [null, 3]]);
    expect(await server.action('recorded')).to.deep.equal([['/', 1], ['/', 2], ['/', 3]]);
    // No answer: sent 1 + retries times, then the ack gets the timeout error.
    // Connected first, and 300 ms per try: a 30 ms timer could run out while the socket was still connecting.
    const t = server.connect('/', { retries: 2, ackTimeout: 300 });
    await once(t, 'connect');
    const [err] = await reply(t, 'record-silent', 'again');
    expect((err as { code?: string }).code).to.equal('ERR_ACK_TIMEOUT');
    const recorded = await server.action<unknown[][]>('recorded');
    expect(recorded.slice(3)).to.deep.equal([['/', 'again'], ['/', 'again'], ['/', 'again']]);
  });

  it('gives up after reconnectionAttempts with reconnect_failed', async () => {
    server = await TestServerHandle.start('sockjet');
    const s = server.connect('/', { reconnectionAttempts: 2, reconnectionDelay: 10, reconnectionDelayMax: 20 });
    await once(s, 'welcome');
    const attempts: number[] = [];
    s.io.on('reconnect_attempt', (n: number) => attempts.push(n));
    const failed = once(s.io, 'reconnect_failed');
    await server.stop();
    await failed;
    expect(attempts).to.deep.equal([1, 2]);
    expect(s.connected).to.equal(false);
    // open() starts over.
    await server.restart();
    const back = once(s, 'welcome');
    s.io.open();
    await back;
  });

  it('brings every namespace of a shared connection back after a restart', async () => {
    server = await TestServerHandle.start('sockjet');
    const main = server.connect();
    const guarded = main.io.socket('/guarded', { auth: { token: 'letmein' } });
    const all = [main, main.io.socket('/admin'), main.io.socket('/chat'), guarded];
    await Promise.all(all.map((s) => once(s, 'welcome')));
    const down = Promise.all(all.map((s) => once(s, 'disconnect')));
    await server.stop();
    await down;
    const back = Promise.all(all.map((s) => once(s, 'welcome')));
    await server.restart();
    const welcomes = (await back) as [{ nsp: string }][];
    expect(welcomes.map(([w]) => w.nsp)).to.deep.equal(['/', '/admin', '/chat', '/guarded']);
    expect(await server.action('clientsCount')).to.equal(1);
  });

  it("'io server disconnect' does not reconnect that namespace", async () => {
    server = await TestServerHandle.start('sockjet');
    const main = server.connect();
    const admin = main.io.socket('/admin');
    await Promise.all([once(main, 'welcome'), once(admin, 'welcome')]);
    let mainConnects = 0;
    main.on('connect', () => mainConnects++);
    const gone = once(main, 'disconnect');
    main.emit('server-disconnect');
    expect(await gone).to.deep.equal(['io server disconnect']);
    expect(main.active).to.equal(false);
    await server.until<number>('socketsCount', (n) => n == 0, '/');
    // The shared connection stays for /admin; cut it, let it come back, and /admin reconnects while / does not.
    const adminBack = once(admin, 'welcome');
    await server.action('dropAll', '/admin');
    await adminBack;
    expect(await admin.emitWithAck('ack', 'sync')).to.equal('sync');
    expect(await server.action('socketsCount', '/')).to.equal(0);
    expect(mainConnects).to.equal(0);
    expect(main.connected).to.equal(false);
  });

  it("'io server disconnect' on the only namespace closes the connection for good", async () => {
    server = await TestServerHandle.start('sockjet');
    const s = server.connect();
    await once(s, 'welcome');
    let attempts = 0;
    s.io.on('reconnect_attempt', () => attempts++);
    const gone = once(s, 'disconnect');
    s.emit('server-disconnect');
    expect(await gone).to.deep.equal(['io server disconnect']);
    // The client hangs up the engine connection itself (no namespace left) and schedules nothing.
    await server.until<number>('clientsCount', (n) => n == 0);
    expect(attempts).to.equal(0);
    expect(s.active).to.equal(false);
    // Only the application brings it back.
    const back = once(s, 'welcome');
    s.connect();
    await back;
    expect(s.connected).to.equal(true);
  });

  it('calls an auth function again on every reconnect', async () => {
    server = await TestServerHandle.start('sockjet');
    let calls = 0;
    const s: Socket = server.connect('/', {
      auth: (cb) => {
        calls++;
        cb({ call: calls });
      },
    });
    const [first] = (await once(s, 'welcome')) as [{ auth: unknown }];
    expect(first.auth).to.deep.equal({ call: 1 });
    for (const n of [2, 3]) {
      const next = once(s, 'welcome');
      await server.action('dropAll');
      const [w] = (await next) as [{ auth: unknown }];
      expect(w.auth).to.deep.equal({ call: n });
    }
    expect(calls).to.equal(3);
    // An async auth function works as well: the CONNECT waits for its callback.
    const g = server.connect('/guarded', {
      auth: (cb) => void Promise.resolve().then(() => cb({ token: 'letmein' })),
    });
    await once(g, 'welcome', { rejectOn: 'connect_error' });
  });
});
