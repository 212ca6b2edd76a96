import { expect } from 'chai';
import { SocketPacketType } from '../../src/protocol/socket-packet.js';
import { Server } from '../../src/server/server.js';
import type { Socket } from '../../src/server/socket.js';
import { connectFake, join } from './fake-connection.js';
import { once } from '../support/events.js';

const { CONNECT, EVENT, ACK, CONNECT_ERROR } = SocketPacketType;

describe('Namespaces and broadcasts (fake connections)', () => {
  let io: Server;

  beforeEach(() => {
    io = new Server({ connectTimeout: 50 });
  });

  afterEach(async () => {
    await io.close();
  });

  it('answers CONNECT with the socket id and keeps the handshake', () => {
    const { conn, socket } = join(io);
    expect(conn.take()).to.deep.equal([{ type: CONNECT, nsp: '/', data: { sid: socket.id } }]);
    expect(socket.id).to.match(/^[\w-]{20}$/);
    expect(socket.connected).to.equal(true);
    expect(socket.disconnected).to.equal(false);
    expect(socket.conn).to.equal(conn);
    expect(socket.handshake.auth).to.deep.equal({ token: 't' });
    expect(socket.handshake.query).to.deep.include({ foo: 'bar', EIO: '4' });
    expect(socket.handshake.address).to.equal('127.0.0.9');
    expect(socket.handshake.xdomain).to.equal(false);
    expect(socket.handshake.issued).to.be.a('number');
    expect(io.sockets.sockets.get(socket.id)).to.equal(socket);
    expect([...socket.rooms]).to.deep.equal([socket.id]);
  });

  it('refuses an unknown namespace with "Invalid namespace"', () => {
    const conn = connectFake(io);
    conn.receive({ type: CONNECT, nsp: '/nope' });
    expect(conn.take()).to.deep.equal([{ type: CONNECT_ERROR, nsp: '/nope', data: { message: 'Invalid namespace' } }]);
  });

  it('sends middleware errors with message and data', () => {
    io.of('/private').use((_socket, next) => next(Object.assign(new Error('unauthorized'), { data: { code: 42 } })));
    const conn = connectFake(io);
    conn.receive({ type: CONNECT, nsp: '/private' });
    expect(conn.take()).to.deep.equal([
      { type: CONNECT_ERROR, nsp: '/private', data: { message: 'unauthorized', data: { code: 42 } } },
    ]);
    expect(io.of('/private').sockets.size).to.equal(0);
  });

  it('runs middlewares in order and lets async ones finish', async () => {
    const seen: string[] = [];
    io.use((socket, next) => {
      seen.push('one');
      socket.data.user = 'ann';
      setImmediate(next);
    });
    io.use((_socket, next) => {
      seen.push('two');
      next();
    });
    const conn = connectFake(io);
    const connected = once<[Socket]>(io.sockets, 'connection');
    conn.receive({ type: CONNECT, nsp: '/' });
    const [socket] = await connected;
    expect(seen).to.deep.equal(['one', 'two']);
    expect(socket.data.user).to.equal('ann');
  });

  it('ignores a repeated CONNECT while the first one is in its middlewares, and closes on one after', async () => {
    const waiting: (() => void)[] = [];
    io.use((_socket, next) => waiting.push(() => next()));
    const conn = connectFake(io);
    conn.receive({ type: CONNECT, nsp: '/' });
    conn.receive({ type: CONNECT, nsp: '/' });
    const connected = once(io.sockets, 'connection');
    for (const release of waiting) release();
    await connected;
    expect(io.sockets.sockets.size).to.equal(1);
    expect(conn.take().map((p) => p.type)).to.deep.equal([CONNECT]);
    // Once joined, a repeated CONNECT is a client in an invalid state: socket.io closes the connection.
    conn.receive({ type: CONNECT, nsp: '/' });
    expect(conn.readyState).to.equal('closed');
    expect(io.sockets.sockets.size).to.equal(0);
  });

  it('creates dynamic namespaces from a RegExp and from a function', () => {
    const parent = io.of(/^\/dyn-\d+$/);
    const names: string[] = [];
    parent.on('connection', (s) => names.push(s.nsp.name));
    io.of((name, auth, next) => next(null, name === '/fn' && auth.token === 't'));
    join(io, '/dyn-1');
    expect(names).to.deep.equal(['/dyn-1']);
    const fn = connectFake(io);
    fn.receive({ type: CONNECT, nsp: '/fn', data: { token: 't' } });
    expect(fn.take()[0]!.type).to.equal(CONNECT);
    const bad = connectFake(io);
    bad.receive({ type: CONNECT, nsp: '/dyn-x' });
    expect(bad.take()[0]!.type).to.equal(CONNECT_ERROR);
  });

  it('broadcasts on a dynamic parent to every child', () => {
    const parent = io.of(/^\/dyn-\d+$/);
    const a = join(io, '/dyn-1');
    const b = join(io, '/dyn-2');
    a.conn.take();
    b.conn.take();
    parent.emit('hi');
    expect(a.conn.take()).to.deep.equal([{ type: EVENT, nsp: '/dyn-1', data: ['hi'] }]);
    expect(b.conn.take()).to.deep.equal([{ type: EVENT, nsp: '/dyn-2', data: ['hi'] }]);
  });

  it('collects acks across the children of a dynamic parent', async () => {
    const parent = io.of(/^\/dyn-\d+$/);
    const a = join(io, '/dyn-1');
    const b = join(io, '/dyn-2');
    a.conn.take();
    b.conn.take();
    const all = parent.timeout(1000).emitWithAck('q');
    const [pa] = a.conn.take();
    const [pb] = b.conn.take();
    a.conn.receive({ type: ACK, nsp: '/dyn-1', id: pa!.id!, data: [1] });
    b.conn.receive({ type: ACK, nsp: '/dyn-2', id: pb!.id!, data: [2] });
    expect((await all).sort()).to.deep.equal([1, 2]);
    expect((await parent.fetchSockets()).length).to.equal(2);
  });

  it('removes an empty child namespace with cleanupEmptyChildNamespaces', async () => {
    await io.close();
    io = new Server({ cleanupEmptyChildNamespaces: true });
    io.of(/^\/dyn-\d+$/);
    const { socket } = join(io, '/dyn-7');
    expect(io._nsps.has('/dyn-7')).to.equal(true);
    socket.disconnect();
    expect(io._nsps.has('/dyn-7')).to.equal(false);
  });

  it('drops volatile broadcasts only for connections that cannot write now', () => {
    const a = join(io);
    const b = join(io);
    a.conn.take();
    b.conn.take();
    b.conn.writable = false;
    io.volatile.emit('tick');
    expect(a.conn.take().length).to.equal(1);
    expect(b.conn.take().length).to.equal(0);
  });

  it('closes a connection that never connects to a namespace', async () => {
    const conn = connectFake(io);
    await once(conn, 'close');
    expect(conn.closeCalls).to.equal(1);
  });

  it('io.close() disconnects sockets with "server shutting down"', async () => {
    const { socket } = join(io);
    const reason = once<[string]>(socket, 'disconnect');
    await io.close();
    expect((await reason)[0]).to.equal('server shutting down');
  });

  it('encodes a broadcast once for every connection', () => {
    const a = join(io);
    const b = join(io);
    a.conn.take();
    b.conn.take();
    io.emit('bin', new Uint8Array([1]));
    expect(a.conn.sent[0]!.chunks[1]).to.equal(b.conn.sent[0]!.chunks[1]);
  });

  it('broadcasts to rooms, except rooms, and everyone but the sender', () => {
    const a = join(io);
    const b = join(io);
    const c = join(io);
    void a.socket.join('r');
    void b.socket.join('r');
    for (const x of [a, b, c]) x.conn.take();
    const received = () => [a, b, c].map((x) => x.conn.take().length);
    io.to('r').emit('e');
    expect(received()).to.deep.equal([1, 1, 0]);
    io.except('r').emit('e');
    expect(received()).to.deep.equal([0, 0, 1]);
    a.socket.broadcast.emit('e');
    expect(received()).to.deep.equal([0, 1, 1]);
    a.socket.to('r').emit('e');
    expect(received()).to.deep.equal([0, 1, 0]);
    io.in('r').except(b.socket.id).emit('e');
    expect(received()).to.deep.equal([1, 0, 0]);
  });

  it('builders never share flags', () => {
    const a = join(io);
    a.conn.take();
    a.conn.writable = false;
    const room = io.to(a.socket.id);
    void room.volatile;
    room.compress(false);
    room.emit('kept');
    expect(a.conn.sent.map((s) => s.compress)).to.deep.equal([true]);
  });

  it('collects every ack of a broadcast, with an error when some time out', async () => {
    const a = join(io);
    const b = join(io);
    a.conn.take();
    b.conn.take();
    const all = io.timeout(1000).emitWithAck('q');
    const [pa] = a.conn.take();
    const [pb] = b.conn.take();
    a.conn.receive({ type: ACK, nsp: '/', id: pa!.id!, data: ['from a'] });
    b.conn.receive({ type: ACK, nsp: '/', id: pb!.id!, data: ['from b'] });
    expect((await all).sort()).to.deep.equal(['from a', 'from b']);

    const partial = new Promise<[Error | null, unknown[]]>((resolve) =>
      io.timeout(5).emit('q', (err: Error | null, responses: unknown[]) => resolve([err, responses])),
    );
    const [qa] = a.conn.take();
    a.conn.receive({ type: ACK, nsp: '/', id: qa!.id!, data: ['only a'] });
    const [err, responses] = await partial;
    expect((err as unknown as { code: string }).code).to.equal('ERR_ACK_TIMEOUT');
    expect(responses).to.deep.equal(['only a']);
    expect(() => io.emit('q', () => {})).to.throw().with.property('code', 'ERR_BROADCAST_ACK_WITHOUT_TIMEOUT');
  });

  it('fetches, joins, leaves and disconnects sockets by room', async () => {
    const a = join(io);
    const b = join(io);
    void a.socket.join('r');
    a.socket.data.name = 'a';
    const found = await io.in('r').fetchSockets();
    expect(found.map((s) => s.id)).to.deep.equal([a.socket.id]);
    expect(found[0]).to.equal(a.socket);
    io.except('r').socketsJoin('other');
    expect([...b.socket.rooms]).to.include('other');
    io.socketsLeave('other');
    expect([...b.socket.rooms]).to.not.include('other');
    io.in('r').disconnectSockets();
    expect(a.socket.connected).to.equal(false);
    expect(b.socket.connected).to.equal(true);
    io.disconnectSockets(true);
    expect(b.conn.closeCalls).to.equal(1);
  });
});
