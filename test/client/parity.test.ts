import { expect } from 'chai';
import { io as ioClient } from 'socket.io-client';
import { io, Manager, type Socket } from '../../src/client/index.js';
import { parseUrl } from '../../src/client/manager.js';
import { cleanup, connect, startServer } from './helpers.js';
import { once } from '../support/events.js';
import { NodeWebSocket } from '../support/net.js';

/**
 * Issue 12: socket.io-client's API where apps rely on it, each item against the official socket.io server (and,
 * where the behaviour is observable, the same body run with socket.io-client).
 */
describe('client parity with socket.io-client, against the official socket.io server', () => {
  afterEach(cleanup);

  it('sends extraHeaders on the WebSocket handshake in Node, as on long-polling', async () => {
    const srv = await startServer();
    const seen: unknown[] = [];
    srv.io.on('connection', (s) => seen.push([s.conn.transport.name, s.handshake.headers['x-token']]));
    for (const transports of [['websocket'], ['polling']] as const) {
      const s = connect(srv.url, { transports: [...transports], extraHeaders: { 'x-token': 'secret' } });
      await once(s, 'connect');
    }
    expect(seen).to.deep.equal([
      ['websocket', 'secret'],
      ['polling', 'secret'],
    ]);
  });

  it('the Manager tunes itself at run time: reconnection*, randomizationFactor and timeout read and set', async () => {
    const srv = await startServer();
    const s = connect(srv.url, { reconnectionDelay: 20, reconnectionDelayMax: 50 });
    const m = s.io;
    await once(s, 'connect');
    expect([m.reconnection(), m.reconnectionAttempts(), m.reconnectionDelay(), m.reconnectionDelayMax()]).to.deep.equal([
      true,
      Infinity,
      20,
      50,
    ]);
    expect([m.randomizationFactor(), m.timeout()]).to.deep.equal([0.5, 20000]);
    // Setters chain and take effect from the next attempt on.
    expect(m.reconnectionDelay(300).reconnectionDelayMax(400).randomizationFactor(0)).to.equal(m);
    const scheduled = once(m, 'reconnect_scheduled');
    for (const sock of srv.io.sockets.sockets.values()) sock.conn.close();
    expect(await scheduled).to.deep.equal([300, 1]);
    await once(s, 'connect');
    // reconnection(false): the next cut is final.
    m.reconnection(false);
    const closed = once(m, 'close');
    let scheduledAgain = false;
    m.on('reconnect_scheduled', () => (scheduledAgain = true));
    for (const sock of srv.io.sockets.sockets.values()) sock.conn.close();
    await closed;
    // The Manager schedules a retry in the same turn as its 'close': one turn later tells.
    await new Promise((r) => setImmediate(r));
    expect([scheduledAgain, s.connected]).to.deep.equal([false, false]);
  });

  it('timeout() set at run time bounds the next connect', async () => {
    const srv = await startServer({ allowRequest: () => undefined }); // never answers the handshake
    const m = new Manager(srv.url, { autoConnect: false, reconnection: false, transports: ['polling'] });
    expect(m.timeout(30)).to.equal(m);
    const s = m.socket('/');
    const failed = once<[Error]>(s, 'connect_error');
    s.connect();
    const [err] = await failed;
    expect(err.message).to.equal('timeout');
    m.close();
  });

  it('sendBuffer and receiveBuffer are there; clearing sendBuffer cancels those acks with an error first', async () => {
    const srv = await startServer();
    const got: unknown[] = [];
    srv.io.on('connection', (s) => {
      s.on('sync', (cb: () => void) => cb());
      s.onAny((...args) => args[0] != 'sync' && got.push(args.slice(0, 2)));
    });
    const s = connect(srv.url, { autoConnect: false });
    const acks: unknown[] = [];
    s.emit('a', 1, (...args: unknown[]) => acks.push(['a', (args[0] as { code?: string }).code]));
    s.emit('b', 2, (...args: unknown[]) => acks.push(['b', (args[0] as { code?: string }).code]));
    s.emit('c', 3);
    expect(s.sendBuffer.map((p) => (p.data as unknown[])[0])).to.deep.equal(['a', 'b', 'c']);
    expect(s.receiveBuffer).to.deep.equal([]);
    s.sendBuffer = s.sendBuffer.filter((p) => (p.data as unknown[])[0] != 'a'); // cancelled at once
    expect(acks).to.deep.equal([['a', 'ERR_BUFFER_CLEARED']]);
    s.sendBuffer.splice(0, 1); // in place: cancelled at connect
    s.connect();
    await once(s, 'connect');
    expect(acks).to.deep.equal([
      ['a', 'ERR_BUFFER_CLEARED'],
      ['b', 'ERR_BUFFER_CLEARED'],
    ]);
    await s.emitWithAck('sync');
    expect(got).to.deep.equal([['c', 3]]);
  });

  it('a Manager and io() without a URL in Node connect to http://localhost', async () => {
    expect(parseUrl().href).to.equal('http://localhost/');
    expect(parseUrl('/admin').href).to.equal('http://localhost/admin');
    const srv = await startServer({}, 80).catch(() => undefined);
    if (!srv) return; // port 80 taken on this machine: the URL checks above still hold
    const m = new Manager({ WebSocket: NodeWebSocket, transports: ['websocket'] });
    const s = m.socket('/');
    const t = io({ forceNew: true, transports: ['polling'] });
    await Promise.all([once(s, 'connect'), once(t, 'connect')]);
    expect(srv.io.engine.clientsCount).to.equal(2);
    m.close();
    t.close();
  });

  it('flags belong to one emit: an emit that throws leaves no timeout or volatile for the next one', async () => {
    const srv = await startServer();
    srv.io.on('connection', (s) => s.on('later', (cb: (v: string) => void) => setTimeout(() => cb('ok'), 30)));
    const s = connect(srv.url);
    await once(s, 'connect');
    expect(() => s.timeout(5).emit('connect')).to.throw().with.property('code', 'ERR_RESERVED_EVENT');
    expect(() => s.volatile.emit('disconnect')).to.throw();
    // (socket.io-client 4.8 keeps the timeout here: its ack fails with a timeout.)
    expect(await new Promise((resolve) => s.emit('later', resolve))).to.equal('ok');
  });

  it('the reserved-name error reads as socket.io-client\'s', async () => {
    const srv = await startServer();
    const theirs = ioClient(srv.url, { forceNew: true, autoConnect: false });
    const messages = [connect(srv.url, { autoConnect: false }), theirs].map((s) => {
      try {
        s.emit('connect_error');
      } catch (e) {
        return (e as Error).message;
      }
    });
    theirs.close();
    expect(messages).to.deep.equal(['"connect_error" is a reserved event name', '"connect_error" is a reserved event name']);
  });

  it("socket.io.engine: 'packetCreate', 'packet', 'drain', 'upgrade', 'close' and close() as engine.io-client", async () => {
    const srv = await startServer({ pingInterval: 50 });
    srv.io.on('connection', (s) => s.on('hi', (cb: () => void) => cb()));
    const run = async (s: Socket) => {
      const log: string[] = [];
      const engine = s.io.engine!;
      const upgraded = once(engine, 'upgrade');
      await once(s, 'connect');
      engine.on('packetCreate', (p: { type: string }) => log.push('create:' + p.type));
      engine.on('packet', (p: { type: string }) => log.push('packet:' + p.type));
      engine.on('drain', () => log.push('drain'));
      const [t] = await upgraded;
      log.push('upgrade:' + (t as { name: string }).name);
      await s.emitWithAck('hi');
      await once(engine, 'packet'); // a ping
      const closing = once(engine, 'close');
      const disconnected = once(s, 'disconnect');
      const back = once(s, 'connect');
      engine.close();
      expect((await closing)[0]).to.equal('forced close');
      expect((await disconnected)[0]).to.equal('forced close');
      await back; // and the Manager reconnects
      s.disconnect();
      return log;
    };
    const ours = await run(connect(srv.url, { transports: ['polling', 'websocket'] }));
    const theirs = await run(ioClient(srv.url, { forceNew: true, transports: ['polling', 'websocket'] }) as unknown as Socket);
    for (const log of [ours, theirs]) {
      expect(log).to.include.members(['upgrade:websocket', 'create:message', 'packet:message', 'drain', 'packet:ping', 'create:pong']);
    }
  });
});
