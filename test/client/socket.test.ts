import { expect } from 'chai';
import type { ServerOptions } from 'socket.io';
import type { IoOptions } from '../../src/client/index.js';
import { openLink } from '../../src/testing/link.js';
import { cleanup, connect, startServer } from './helpers.js';
import { once } from '../support/events.js';

describe('client Socket against the official socket.io server', () => {
  afterEach(cleanup);

  it('connects and exchanges events', async () => {
    const srv = await startServer();
    srv.io.on('connection', (s) => s.on('hello', (a, b) => s.emit('hi', a + b, { n: 1 })));
    const socket = connect(srv.url);
    await once(socket, 'connect');
    expect(socket.connected).to.equal(true);
    expect(socket.id).to.be.a('string');
    socket.emit('hello', 'a', 'b');
    expect(await once(socket, 'hi')).to.deep.equal(['ab', { n: 1 }]);
  });

  it('acks both ways, with and without timeout', async () => {
    const srv = await startServer();
    srv.io.on('connection', (s) => {
      s.on('sum', (a: number, b: number, cb: (n: number) => void) => cb(a + b));
      s.on('never', () => {});
      s.on('ask', async () => {
        const res = await s.timeout(1000).emitWithAck('question', 2);
        s.emit('answer', res);
      });
    });
    const socket = connect(srv.url);
    const plain = await new Promise((resolve) => socket.emit('sum', 1, 2, resolve));
    expect(plain).to.equal(3);
    expect(await socket.timeout(1000).emitWithAck('sum', 2, 3)).to.equal(5);
    const err = await socket
      .timeout(10)
      .emitWithAck('never')
      .catch((e: Error & { code: string }) => e);
    expect(err).to.be.an('error').with.property('code', 'ERR_ACK_TIMEOUT');
    socket.on('question', (n: number, cb: (r: number) => void) => cb(n * 10));
    socket.emit('ask');
    expect(await once(socket, 'answer')).to.deep.equal([20]);
  });

  it('carries nested binary both ways', async () => {
    const srv = await startServer();
    srv.io.on('connection', (s) =>
      s.on('bin', (data: { a: Buffer; list: Buffer[] }, cb: (r: unknown) => void) =>
        cb({ echo: data.a, n: data.list.length, more: [Buffer.from([9, 8])] }),
      ),
    );
    const socket = connect(srv.url);
    const res = await socket.emitWithAck('bin', { a: new Uint8Array([1, 2, 3]), list: [new ArrayBuffer(2), Buffer.from('x')] });
    expect(res.n).to.equal(2);
    // Binary arrives as an ArrayBuffer (as socket.io-client delivers it in browsers), whole and unshared.
    expect(res.echo).to.be.instanceOf(ArrayBuffer);
    expect([...new Uint8Array(res.echo)]).to.deep.equal([1, 2, 3]);
    expect(res.more[0]).to.be.instanceOf(ArrayBuffer);
    expect([...new Uint8Array(res.more[0])]).to.deep.equal([9, 8]);
  });

  it('reads Blobs to bytes before sending, keeping order', async () => {
    const srv = await startServer();
    const got: unknown[] = [];
    const done = new Promise<void>((resolve) =>
      srv.io.on('connection', (s) =>
        s.onAny((ev, data) => got.push([ev, Buffer.isBuffer(data) ? [...data] : data]) == 2 && resolve()),
      ),
    );
    const socket = connect(srv.url);
    await once(socket, 'connect');
    socket.emit('one', new Blob([new Uint8Array([1, 2])]));
    socket.emit('two', 2);
    await done;
    expect(got).to.deep.equal([
      ['one', [1, 2]],
      ['two', 2],
    ]);
  });

  it('multiplexes namespaces over one connection', async () => {
    const srv = await startServer();
    srv.io.of('/admin').on('connection', (s) => s.emit('role', 'admin'));
    srv.io.on('connection', (s) => s.emit('role', 'main'));
    const main = connect(srv.url);
    const admin = main.io.socket('/admin');
    const [[r1], [r2]] = await Promise.all([once(main, 'role'), once(admin, 'role')]);
    expect([r1, r2]).to.deep.equal(['main', 'admin']);
    expect(srv.io.engine.clientsCount).to.equal(1);
  });

  it('reports middleware errors with message and data', async () => {
    const srv = await startServer();
    srv.io.use((_s, next) => next(Object.assign(new Error('not authorized'), { data: { code: 42 } })));
    const socket = connect(srv.url);
    const [err] = (await once(socket, 'connect_error')) as [Error & { data: unknown }];
    expect(err.message).to.equal('not authorized');
    expect(err.data).to.deep.equal({ code: 42 });
    expect(socket.active).to.equal(false);
  });

  it('sends auth, calling an auth function on connect', async () => {
    const srv = await startServer();
    srv.io.on('connection', (s) => s.emit('auth', s.handshake.auth));
    const socket = connect(srv.url, { auth: (cb) => cb({ token: 't1' }) });
    expect(await once(socket, 'auth')).to.deep.equal([{ token: 't1' }]);
  });

  it('receives room broadcasts', async () => {
    const srv = await startServer();
    srv.io.on('connection', (s) => {
      s.on('join', (room: string, cb: () => void) => {
        s.join(room);
        cb();
      });
      s.on('shout', (room: string, msg: string) => srv.io.to(room).emit('msg', msg));
    });
    const a = connect(srv.url);
    const b = connect(srv.url);
    const c = connect(srv.url);
    await a.emitWithAck('join', 'r');
    await b.emitWithAck('join', 'r');
    let cGot = false;
    c.on('msg', () => (cGot = true));
    a.emit('shout', 'r', 'yo');
    const [[ma], [mb]] = await Promise.all([once(a, 'msg'), once(b, 'msg')]);
    expect([ma, mb]).to.deep.equal(['yo', 'yo']);
    // c is not in the room: its ack round trip after the broadcast proves nothing was on the way.
    await c.emitWithAck('join', 'other');
    expect(cGot).to.equal(false);
  });

  it('onAny, prependAny, offAny, onAnyOutgoing', async () => {
    const srv = await startServer();
    srv.io.on('connection', (s) => s.emit('x', 1));
    const socket = connect(srv.url);
    const seen: string[] = [];
    const f = (ev: string) => seen.push('any:' + ev);
    socket.onAny(f);
    socket.prependAny((ev: string) => seen.push('first:' + ev));
    const out: unknown[] = [];
    socket.onAnyOutgoing((...args: unknown[]) => out.push(args));
    await once(socket, 'x');
    expect(seen).to.deep.equal(['first:x', 'any:x']);
    expect(socket.listenersAny()).to.have.length(2);
    socket.offAny(f);
    expect(socket.listenersAny()).to.have.length(1);
    socket.offAny();
    expect(socket.listenersAny()).to.have.length(0);
    socket.emit('y', 2);
    expect(out).to.deep.equal([['y', 2]]);
  });

  it('takes event names such as __proto__ and toString from the server as plain names', async () => {
    const srv = await startServer();
    srv.io.on('connection', (s) => {
      for (const name of ['__proto__', 'toString', 'hasOwnProperty', 'constructor']) s.emit(name, 1);
      s.emit('__defineSetter__', 'connected', () => {});
      s.emit('after', 2);
    });
    const socket = connect(srv.url);
    const got: unknown[][] = [];
    socket.on('__proto__', (n: number) => got.push(['__proto__', n]));
    expect(await once(socket, 'after')).to.deep.equal([2]);
    expect(got).to.deep.equal([['__proto__', 1]]);
    expect(socket.connected).to.equal(true);
    expect(Object.getOwnPropertyDescriptor(socket, 'connected')).to.have.property('value', true);
  });

  it('throws on reserved event names', async () => {
    const srv = await startServer();
    const socket = connect(srv.url);
    expect(() => socket.emit('connect')).to.throw().with.property('code', 'ERR_RESERVED_EVENT');
    expect(() => socket.emit('disconnect')).to.throw();
  });

  it('disconnects on either side with the right reason, and io() shares managers', async () => {
    const srv = await startServer();
    srv.io.on('connection', (s) => s.on('kick', () => s.disconnect()));
    const socket = connect(srv.url);
    await once(socket, 'connect');
    socket.emit('kick');
    expect(await once(socket, 'disconnect')).to.deep.equal(['io server disconnect']);
    expect(socket.active).to.equal(false);
    socket.connect();
    await once(socket, 'connect');
    socket.disconnect();
    expect(socket.connected).to.equal(false);
    expect(socket.disconnected).to.equal(true);
  });

  it('settles error-first acks with an error on disconnect', async () => {
    const srv = await startServer();
    srv.io.on('connection', (s) => s.on('hold', () => s.disconnect()));
    const socket = connect(srv.url);
    await once(socket, 'connect');
    const err = await socket.emitWithAck('hold').catch((e) => e);
    expect(err).to.have.property('code', 'ERR_SOCKET_DISCONNECTED');
  });
});

describe('client transports through io()', () => {
  afterEach(cleanup);
  const cases = [
    ['websocket only', { transports: ['websocket'] }, {}, 'websocket'],
    ['polling only', { transports: ['polling'] }, {}, 'polling'],
    ['polling then upgrade', { transports: ['polling', 'websocket'] }, {}, 'websocket'],
    ['default: websocket first', {}, {}, 'websocket'],
    ['default falls back to polling', {}, { transports: ['polling'] }, 'polling'],
  ] as Array<[string, Partial<IoOptions>, Partial<ServerOptions>, string]>;
  for (const [name, clientOpts, serverOpts, expected] of cases) {
    it(name, async () => {
      const srv = await startServer(serverOpts);
      const upgraded = new Promise<void>((r) =>
        srv.io.on('connection', (s) => {
          s.on('echo', (b: Buffer, cb: (b: Buffer) => void) => cb(b));
          const conn = s.conn;
          if (expected == 'websocket' && conn.transport.name == 'polling') conn.once('upgrade', () => r());
          else r();
        }),
      );
      const socket = connect(srv.url, { ...clientOpts, });
      const res = await socket.emitWithAck('echo', new Uint8Array([7, 7]));
      expect(res).to.be.instanceOf(ArrayBuffer);
      expect([...new Uint8Array(res)]).to.deep.equal([7, 7]);
      await upgraded;
      const [conn] = [...srv.io.of('/').sockets.values()].map((s) => s.conn);
      expect(conn!.transport.name).to.equal(expected);
      // As with socket.io-client, the client names its transport too.
      expect(socket.io.engine!.transport!.name).to.equal(expected);
    });
  }

  it('disconnects with "ping timeout" when the server falls silent, then reconnects', async () => {
    const srv = await startServer({ pingInterval: 40, pingTimeout: 30 });
    // sockjet/testing's link: a TCP relay that can go silent both ways, as a dead network path does.
    const link = await openLink(srv.port);
    try {
      const socket = connect(`http://127.0.0.1:${link.port}`);
      await once(socket, 'connect');
      link.freeze();
      expect(await once(socket, 'disconnect')).to.deep.equal(['ping timeout']);
      link.thaw();
      await once(socket, 'connect');
    } finally {
      await link.close();
    }
  });
});
