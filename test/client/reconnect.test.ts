import { expect } from 'chai';
import { cleanup, connect, startServer, type TestServer } from './helpers.js';
import { once } from '../support/events.js';

/** The server's Engine.IO connections (public at runtime, protected in socket.io's types). */
const engineClients = (srv: TestServer) => (srv.io.engine as unknown as { clients: Record<string, { close(): void }> }).clients;

describe('client reconnection, buffering and recovery against the official socket.io server', () => {
  afterEach(cleanup);

  it('reconnects when the server restarts on the same port, delivering buffered emits in order', async () => {
    const srv = await startServer();
    const socket = connect(srv.url);
    await once(socket, 'connect');
    const events: string[] = [];
    socket.io.on('reconnect_attempt', (n) => events.push('attempt:' + n));
    socket.io.on('reconnect_error', () => events.push('error'));
    socket.io.on('reconnect', () => events.push('reconnect'));
    const [reason] = await Promise.all([once(socket, 'disconnect').then(([r]) => r), srv.close()]);
    expect(reason).to.equal('transport close');
    expect(socket.active).to.equal(true);
    // Down: these wait in the buffer; the volatile one is dropped.
    socket.emit('m', 1);
    socket.volatile.emit('m', 'volatile');
    socket.emit('m', 2);
    const ack = socket.emitWithAck('m', 3);
    // Let at least one attempt fail before the server comes back.
    await once(socket.io, 'reconnect_error');
    const srv2 = await startServer({}, srv.port);
    const got: unknown[] = [];
    srv2.io.on('connection', (s) =>
      s.on('m', (n: unknown, cb?: (r: string) => void) => {
        got.push(n);
        cb?.('ok');
      }),
    );
    await once(socket, 'connect');
    expect(await ack).to.equal('ok');
    expect(got).to.deep.equal([1, 2, 3]);
    expect(events.slice(0, 2)).to.deep.equal(['attempt:1', 'error']);
    expect(events.at(-1)).to.equal('reconnect');
  });

  it('keeps backing off against a server that accepts and drops at once (the count resets only after uptime)', async () => {
    const srv = await startServer();
    srv.io.on('connection', (s) => s.conn.close());
    const socket = connect(srv.url, { reconnectionDelay: 10, reconnectionDelayMax: 10_000, randomizationFactor: 0 });
    const scheduled: [number, number][] = [];
    socket.io.on('reconnect_scheduled', (delay, attempt) => scheduled.push([delay, attempt]));
    while (scheduled.length < 4) await once(socket.io, 'reconnect_scheduled');
    expect(scheduled.slice(0, 4)).to.deep.equal([
      [10, 1],
      [20, 2],
      [40, 3],
      [80, 4],
    ]);
  });

  it('reconnects after the server drops the connection', async () => {
    const srv = await startServer();
    const socket = connect(srv.url);
    await once(socket, 'connect');
    const firstId = socket.id;
    for (const c of Object.values(engineClients(srv))) c.close();
    expect(await once(socket, 'disconnect')).to.deep.equal(['transport close']);
    await once(socket, 'connect');
    expect(socket.id).to.not.equal(firstId);
    expect(socket.recovered).to.equal(false);
  });

  it('gives up after reconnectionAttempts with reconnect_failed', async () => {
    const srv = await startServer();
    const socket = connect(srv.url, { reconnectionAttempts: 2 });
    await once(socket, 'connect');
    let attempts = 0;
    socket.io.on('reconnect_attempt', () => attempts++);
    await srv.close();
    await once(socket.io, 'reconnect_failed');
    expect(attempts).to.equal(2);
  });

  it('does not reconnect after "io server disconnect"', async () => {
    const srv = await startServer();
    srv.io.on('connection', (s) => s.disconnect());
    const socket = connect(srv.url);
    let attempts = 0;
    socket.io.on('reconnect_attempt', () => attempts++);
    expect(await once(socket, 'disconnect')).to.deep.equal(['io server disconnect']);
    expect(socket.active).to.equal(false);
    expect(socket.io.engine).to.equal(undefined);
    expect(attempts).to.equal(0);
  });

  it('fires connect_error and retries when the server is not there', async () => {
    const srv = await startServer();
    const port = srv.port;
    await srv.close();
    const socket = connect(`http://127.0.0.1:${port}`);
    const [err] = (await once(socket, 'connect_error')) as [Error];
    expect(err).to.be.an('error');
    const srv2 = await startServer({}, port);
    await once(socket, 'connect');
    expect(srv2.io.engine.clientsCount).to.equal(1);
  });

  it('refuses a packet past maxBufferedPackets without throwing: ack error first and a buffer_full event', async () => {
    const srv = await startServer();
    const got: number[] = [];
    srv.io.on('connection', (s) => s.on('n', (n: number, cb?: () => void) => (got.push(n), cb?.())));
    const socket = connect(srv.url, { autoConnect: false, maxBufferedPackets: 2 });
    const refused: unknown[][] = [];
    socket.on('buffer_full', (...args: unknown[]) => refused.push(args));
    socket.emit('n', 1);
    socket.emit('n', 2);
    let acked: unknown[] = [];
    expect(() => socket.timeout(10).emit('n', 3, (...args: unknown[]) => (acked = args))).to.not.throw();
    expect(acked).to.have.length(1);
    expect(acked[0]).to.have.property('code', 'ERR_BUFFER_FULL');
    const rejected = await socket.emitWithAck('n', 4).catch((e) => e);
    expect(rejected).to.have.property('code', 'ERR_BUFFER_FULL');
    expect(refused.map(([err, ...rest]) => [(err as { code: string }).code, ...rest])).to.deep.equal([
      ['ERR_BUFFER_FULL', 'n', 3],
      ['ERR_BUFFER_FULL', 'n', 4],
    ]);
    expect(socket.sendBuffer).to.have.length(2); // bounded
    socket.connect();
    await once(socket, 'connect');
    socket.emit('n', 5);
    await socket.emitWithAck('n', 6); // the refused emit's timeout(10) did not stay behind for this one
    expect(got).to.deep.equal([1, 2, 5, 6]);
  });

  it('retries until acknowledged (ackTimeout + retries), one in flight', async () => {
    const srv = await startServer();
    const seen: string[] = [];
    srv.io.on('connection', (s) =>
      s.on('job', (name: string, cb: (r: string) => void) => {
        seen.push(name);
        // Ignore the first try of each job: the client must retry it.
        if (seen.filter((n) => n == name).length > 1) cb('done:' + name);
      }),
    );
    const socket = connect(srv.url, { ackTimeout: 30, retries: 3 });
    const [a, b] = await Promise.all([socket.emitWithAck('job', 'a'), socket.emitWithAck('job', 'b')]);
    expect([a, b]).to.deep.equal(['done:a', 'done:b']);
    expect(seen).to.deep.equal(['a', 'a', 'b', 'b']);
  });

  it('fails a retried emit after its retries', async () => {
    const srv = await startServer();
    let tries = 0;
    srv.io.on('connection', (s) => s.on('never', () => tries++));
    const socket = connect(srv.url, { ackTimeout: 10, retries: 2 });
    const err = await socket.emitWithAck('never').catch((e) => e);
    expect(err).to.have.property('code', 'ERR_ACK_TIMEOUT');
    expect(tries).to.equal(3);
  });

  it('recovers the connection state and replays missed events', async () => {
    const srv = await startServer({ connectionStateRecovery: {} });
    const socket = connect(srv.url);
    await once(socket, 'connect');
    expect(socket.recovered).to.equal(false);
    const id = socket.id;
    const got: unknown[] = [];
    socket.on('news', (n: number) => got.push(n));
    srv.io.emit('news', 1);
    await once(socket, 'news');
    // Cut the connection without the server forgetting the session, then broadcast while the client is away.
    const down = once(socket, 'disconnect');
    Object.values(engineClients(srv))[0]!.close();
    await down;
    srv.io.emit('news', 2);
    srv.io.emit('news', 3);
    await once(socket, 'connect');
    expect(socket.recovered).to.equal(true);
    expect(socket.id).to.equal(id);
    if (got.length < 3) await once(socket, 'news');
    while (got.length < 3) await once(socket, 'news');
    expect(got).to.deep.equal([1, 2, 3]);
  });
});
