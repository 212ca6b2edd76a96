import { expect } from 'chai';
import { SocketPacketType } from '../../src/protocol/socket-packet.js';
import { Server } from '../../src/server/server.js';
import type { Socket } from '../../src/server/socket.js';
import { join } from './fake-connection.js';

const { DISCONNECT, EVENT, ACK, BINARY_EVENT } = SocketPacketType;

describe('Socket (fake connections)', () => {
  let io: Server;

  beforeEach(() => {
    io = new Server({ connectTimeout: 50 });
  });

  afterEach(async () => {
    await io.close();
  });

  it('delivers events with acks both ways, binary as Buffers', () => {
    const { conn, socket } = join(io);
    conn.take();
    let got: unknown[] = [];
    socket.on('upload', (...args: unknown[]) => {
      got = args;
      (args[2] as (r: string) => void)('stored');
    });
    conn.receive({ type: EVENT, nsp: '/', id: 4, data: ['upload', 'name', { file: new Uint8Array([1, 2, 3]) }] });
    expect(got[0]).to.equal('name');
    const file = (got[1] as { file: Buffer }).file;
    expect(Buffer.isBuffer(file)).to.equal(true);
    expect([...file]).to.deep.equal([1, 2, 3]);
    expect(conn.take()).to.deep.equal([{ type: ACK, nsp: '/', id: 4, data: ['stored'] }]);

    const answers: unknown[] = [];
    socket.emit('question', 1, (...args: unknown[]) => answers.push(args));
    const [sent] = conn.take();
    expect(sent).to.deep.include({ type: EVENT, data: ['question', 1] });
    conn.receive({ type: ACK, nsp: '/', id: sent!.id!, data: ['answer', new Uint8Array([7])] });
    expect(answers.length).to.equal(1);
    const [text, bytes] = answers[0] as [string, Buffer];
    expect(text).to.equal('answer');
    expect(Buffer.isBuffer(bytes)).to.equal(true);
  });

  it('sends binary as a binary event', () => {
    const { conn, socket } = join(io);
    conn.take();
    socket.emit('bin', { nested: [Buffer.from([5])] });
    const [packet] = conn.packets();
    expect(packet!.type).to.equal(BINARY_EVENT);
    expect(conn.sent[0]!.chunks.length).to.equal(2);
  });

  it('throws on reserved event names', () => {
    const { socket } = join(io);
    for (const name of ['connect', 'disconnect', 'disconnecting', 'connect_error', 'newListener', 'removeListener']) {
      expect(() => socket.emit(name)).to.throw().with.property('code', 'ERR_RESERVED_EVENT');
      expect(() => io.emit(name)).to.throw().with.property('code', 'ERR_RESERVED_EVENT');
    }
  });

  it('times out an ack with ERR_ACK_TIMEOUT and ignores the late answer', async () => {
    const { conn, socket } = join(io);
    conn.take();
    const calls: unknown[][] = [];
    const done = new Promise<void>((resolve) =>
      socket.timeout(5).emit('q', (...args: unknown[]) => {
        calls.push(args);
        resolve();
      }),
    );
    const [sent] = conn.take();
    await done;
    expect((calls[0]![0] as { code: string }).code).to.equal('ERR_ACK_TIMEOUT');
    conn.receive({ type: ACK, nsp: '/', id: sent!.id!, data: ['late'] });
    expect(calls.length).to.equal(1);
  });

  it('resolves emitWithAck and passes (null, answer) with a timeout', async () => {
    const { conn, socket } = join(io);
    conn.take();
    const plain = socket.emitWithAck('a');
    const timed = socket.timeout(1000).emitWithAck('b');
    const [a, b] = conn.take();
    conn.receive({ type: ACK, nsp: '/', id: a!.id!, data: ['one', 'ignored'] });
    conn.receive({ type: ACK, nsp: '/', id: b!.id!, data: ['two'] });
    expect(await plain).to.equal('one');
    expect(await timed).to.equal('two');
  });

  it('fails pending timed acks with ERR_SOCKET_DISCONNECTED on disconnect', async () => {
    const { socket } = join(io);
    const pending = socket.timeout(10000).emitWithAck('q');
    socket.disconnect();
    try {
      await pending;
      expect.fail('should reject');
    } catch (err) {
      expect((err as { code: string }).code).to.equal('ERR_SOCKET_DISCONNECTED');
    }
  });

  it('keeps flags on the view they were set on', () => {
    const { conn, socket } = join(io);
    conn.take();
    socket.compress(false).emit('a');
    socket.emit('b');
    expect(conn.sent.map((s) => s.compress)).to.deep.equal([false, true]);
    conn.writable = false;
    socket.volatile.emit('dropped');
    socket.emit('kept');
    expect(conn.take().map((p) => (p.data as string[])[0])).to.deep.equal(['a', 'b', 'kept']);
  });

  it('runs packet middlewares; next(err) emits error instead of the event', () => {
    const { conn, socket } = join(io);
    const seen: unknown[] = [];
    socket.use(([event, ...args], next) => {
      seen.push(event);
      if (event === 'bad') return next(new Error('nope'));
      args.push('extra');
      next();
    });
    const errors: string[] = [];
    socket.on('error', (err: Error) => errors.push(err.message));
    const events: unknown[][] = [];
    socket.on('good', (...args: unknown[]) => events.push(args));
    socket.on('bad', () => events.push(['bad']));
    conn.receive({ type: EVENT, nsp: '/', data: ['bad'] });
    conn.receive({ type: EVENT, nsp: '/', data: ['good', 1] });
    expect(seen).to.deep.equal(['bad', 'good']);
    expect(errors).to.deep.equal(['nope']);
    expect(events).to.deep.equal([[1]]);
  });

  it('calls catch-all listeners in and out, and removes them', () => {
    const { conn, socket } = join(io);
    const log: string[] = [];
    const first = (e: string) => log.push(`first ${e}`);
    socket.onAny((e) => log.push(`any ${e}`));
    socket.prependAny(first);
    socket.onAnyOutgoing((e, ...args) => log.push(`out ${e} ${args.join()}`));
    conn.receive({ type: EVENT, nsp: '/', data: ['in', 1] });
    socket.emit('out', 2);
    expect(log).to.deep.equal(['first in', 'any in', 'out out 2']);
    socket.offAny(first);
    expect(socket.listenersAny().length).to.equal(1);
    socket.offAny();
    socket.offAnyOutgoing();
    expect(socket.listenersAny()).to.deep.equal([]);
    expect(socket.listenersAnyOutgoing()).to.deep.equal([]);
  });

  it('removes listeners with off, removeListener and removeAllListeners', () => {
    const { conn, socket } = join(io);
    let n = 0;
    const inc = () => n++;
    socket.on('x', inc);
    socket.once('x', inc);
    conn.receive({ type: EVENT, nsp: '/', data: ['x'] });
    expect(n).to.equal(2);
    socket.removeListener('x', inc);
    conn.receive({ type: EVENT, nsp: '/', data: ['x'] });
    expect(n).to.equal(2);
    socket.on('x', inc);
    socket.removeAllListeners('x');
    conn.receive({ type: EVENT, nsp: '/', data: ['x'] });
    expect(n).to.equal(2);
  });

  it('joins and leaves rooms; disconnecting still sees them', () => {
    const { socket } = join(io);
    void socket.join(['a', 'b']);
    void socket.leave('a');
    expect([...socket.rooms].sort()).to.deep.equal([socket.id, 'b'].sort());
    let during: string[] = [];
    socket.on('disconnecting', () => (during = [...socket.rooms]));
    socket.disconnect();
    expect(during).to.include('b');
    expect(io.sockets.adapter.rooms.has('b')).to.equal(false);
  });

  it('reports every disconnect reason', () => {
    const reasons: string[] = [];
    const track = (s: Socket) => s.on('disconnect', (r: string) => reasons.push(r));
    const a = join(io);
    track(a.socket);
    a.socket.disconnect();
    expect(a.conn.take().pop()).to.deep.equal({ type: DISCONNECT, nsp: '/' });
    const b = join(io);
    track(b.socket);
    b.conn.receive({ type: DISCONNECT, nsp: '/' });
    const c = join(io);
    track(c.socket);
    c.conn.end('transport close');
    const d = join(io);
    track(d.socket);
    d.conn.end('ping timeout');
    const e = join(io);
    track(e.socket);
    e.conn.receiveRaw('9 garbage');
    expect(e.conn.closeCalls).to.equal(1);
    expect(reasons).to.deep.equal([
      'server namespace disconnect',
      'client namespace disconnect',
      'transport close',
      'ping timeout',
      'parse error',
    ]);
  });

  it('disconnect(true) closes the connection and every namespace on it', () => {
    io.of('/chat');
    const { conn, socket } = join(io);
    const chat = join(io, '/chat', conn).socket;
    const reasons: string[] = [];
    chat.on('disconnect', (r: string) => reasons.push(r));
    socket.disconnect(true);
    expect(conn.closeCalls).to.equal(1);
    expect(reasons).to.deep.equal(['server namespace disconnect']);
    expect(chat.connected).to.equal(false);
  });
});
