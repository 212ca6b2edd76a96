import { expect } from 'chai';
import { createTestServer, waitFor, type TestServer } from '../../src/testing/index.js';
import { kitSetup as setup } from './kit-setup.js';

const TRANSPORTS = [['websocket'], ['polling']] as const;

describe('createTestServer (sockjet/testing, Node side)', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  for (const transports of TRANSPORTS) {
    describe(`over ${transports[0]}`, () => {
      const connect = (opts = {}) => server!.connectClient({ transports: [...transports], ...opts });

      it('connects a client, emits to all and to a room, and reports what it sees', async () => {
        server = await createTestServer(setup);
        expect(server.url).to.equal(`http://127.0.0.1:${server.port}`);
        const a = await connect({ auth: { name: 'ada' } });
        const b = await connect({ auth: { name: 'bob' } });
        await a.timeout(2000).emitWithAck('join', 'lab');

        const byName = Object.fromEntries(server.sockets().map((s) => [(s.data as { name: string }).name, s]));
        expect(server.sockets()).to.have.length(2);
        expect(byName.ada).to.deep.include({ id: a.id, nsp: '/', transport: transports[0] });
        expect(byName.ada!.rooms).to.have.members([a.id, 'lab']);
        expect(byName.bob!.rooms).to.deep.equal([b.id]);

        const both = Promise.all([waitFor(a, 'news'), waitFor(b, 'news')]);
        server.emit('news', 1, 'x');
        expect(await both).to.deep.equal([[1, 'x'], [1, 'x']]);

        let bobGotRoom = false;
        b.on('room-only', () => (bobGotRoom = true));
        const inRoom = waitFor(a, 'room-only');
        server.emitTo('lab', 'room-only', 'just lab');
        expect(await inRoom).to.deep.equal(['just lab']);
        // The same connection carries a later event: had bob got the room event, it would have come first.
        const later = waitFor(b, 'after');
        server.emit('after');
        await later;
        expect(bobGotRoom).to.equal(false);
      });

      it('cuts every connection at the transport level, and the clients reconnect', async () => {
        server = await createTestServer(setup);
        const a = await connect();
        const b = await connect();
        const gone = Promise.all([waitFor(a, 'disconnect'), waitFor(b, 'disconnect')]);
        const back = Promise.all([waitFor(a, 'connect'), waitFor(b, 'connect')]);
        expect(server.cut()).to.equal(2);
        expect(await gone).to.deep.equal([['transport close'], ['transport close']]);
        await back;
        expect(server.sockets()).to.have.length(2);
      });

      it('cuts one socket by id and leaves the others alone', async () => {
        server = await createTestServer(setup);
        const a = await connect();
        const b = await connect();
        let bDropped = false;
        b.on('disconnect', () => (bDropped = true));
        const gone = waitFor(a, 'disconnect');
        expect(server.cut(a.id!)).to.equal(1);
        expect(await gone).to.deep.equal(['transport close']);
        await waitFor(a, 'connect');
        expect(await b.timeout(2000).emitWithAck('echo', 'still here')).to.equal('still here');
        expect(bDropped).to.equal(false);
        expect(() => server!.cut('nope')).to.throw().with.property('code', 'ERR_UNKNOWN_SOCKET');
      });

      it('restarts on the same URL: setup runs on a fresh server and clients reconnect', async () => {
        server = await createTestServer(setup);
        const url = server.url;
        const a = await connect();
        const reconnected = waitFor(a, 'hello', { timeout: 5000 });
        const dropped = waitFor(a, 'disconnect');
        await server.restart();
        expect(server.url).to.equal(url);
        expect(await dropped).to.have.length(1);
        expect(await reconnected).to.deep.equal([{ restarts: 1, options: {} }]);
      });

      it('holds every packet for the latency each way', async () => {
        server = await createTestServer(setup);
        const a = await connect();
        server.latency(150);
        const t0 = Date.now();
        expect(await a.timeout(5000).emitWithAck('echo', 'slow')).to.equal('slow');
        // A lower bound only: the request and the answer each waited 150 ms on the link.
        expect(Date.now() - t0).to.be.at.least(300);
        server.latency(0);
        expect(await a.timeout(2000).emitWithAck('echo', 'fast')).to.equal('fast');
        expect(() => server!.latency(-1)).to.throw().with.property('code', 'ERR_INVALID_ARG');
      });
    });
  }

  it('block(true) refuses WebSocket: a client falls back to long-polling; block(false) lets it through', async () => {
    server = await createTestServer(setup);
    server.block(true);
    const a = await server.connectClient();
    expect(a.io.engine!.transport!.name).to.equal('polling');
    expect(server.sockets()[0]!.transport).to.equal('polling');
    server.block(false);
    const b = await server.connectClient();
    expect(b.io.engine!.transport!.name).to.equal('websocket');
  });

  it('connectClient rejects with the connect_error of a refusing middleware', async () => {
    server = await createTestServer((io) => void io.use((_s, next) => next(new Error('no entry'))));
    const err = await server.connectClient().catch((e: Error) => e);
    expect(err).to.be.an('error').with.property('message', 'no entry');
  });

  it('stop() keeps the URL; clients retry until start() brings the server back', async () => {
    server = await createTestServer(setup);
    const a = await server.connectClient();
    await server.stop();
    expect(() => server!.io).to.throw().with.property('code', 'ERR_TEST_SERVER_STOPPED');
    await waitFor(a.io, 'reconnect_error', { timeout: 5000 });
    await server.start();
    await waitFor(a, 'connect', { timeout: 5000 });
  });

  it('stop() and close() do not wait for packets the latency holds (a WebSocket close handshake)', async () => {
    server = await createTestServer(setup);
    const a = await server.connectClient({ transports: ['websocket'] });
    const dropped = waitFor(a, 'disconnect');
    // Far past mocha's timeout: a stop that waited for the held close frames would fail the test.
    server.latency(60_000);
    await server.stop();
    await dropped;
    await server.close();
  });

  it('a setup that throws rejects createTestServer and leaves nothing open', async () => {
    const failure = new Error('setup failed');
    const err = await createTestServer(() => {
      throw failure;
    }).catch((e: unknown) => e);
    expect(err).to.equal(failure);
  });

  it('waitFor rejects with ERR_WAIT_TIMEOUT naming the event', async () => {
    server = await createTestServer(setup);
    const a = await server.connectClient();
    const err = await waitFor(a, 'never', { timeout: 20 }).catch((e: unknown) => e);
    expect(err).to.have.property('code', 'ERR_WAIT_TIMEOUT');
    expect(String(err)).to.contain('"never"');
  });
});
