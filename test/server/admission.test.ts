import { expect } from 'chai';
import { MemoryAdapter } from '../../src/server/adapter/memory-adapter.js';
import type { Adapter, AdapterNamespace } from '../../src/server/adapter/adapter.js';
import type { AdapterHostNamespace } from '../../src/server/adapter/adapter-host.js';
import { SocketPacketType } from '../../src/protocol/socket-packet.js';
import { Server } from '../../src/server/server.js';
import { connectFake, join } from './fake-connection.js';

const { CONNECT, CONNECT_ERROR, EVENT } = SocketPacketType;

/** Memory adapters whose session lookups wait in `lookups` until the test answers them (as Redis-backed ones would). */
function slowLookups(lookups: (() => void)[]): (nsp: AdapterNamespace & AdapterHostNamespace) => Adapter {
  return (nsp) => {
    const adapter: Adapter = new MemoryAdapter(nsp);
    const restore = adapter.restoreSession.bind(adapter);
    adapter.restoreSession = (pid, offset) => new Promise((resolve) => lookups.push(() => resolve(restore(pid, offset))));
    return adapter;
  };
}

/** A CONNECT's way into a namespace (src/server/admission.ts), on fake connections. */
describe('admission (fake connections)', () => {
  let io: Server;
  afterEach(() => io.close());

  it('a middleware that throws refuses the socket with the thrown message; a second next() changes nothing', () => {
    io = new Server({ connectTimeout: 1000 });
    io.of('/throws').use(() => {
      throw new Error('middleware bug');
    });
    let connections = 0;
    io.of('/twice').on('connection', () => connections++);
    io.of('/twice').use((_socket, next) => {
      next();
      next(new Error('too late'));
    });
    const conn = connectFake(io);
    conn.receive({ type: CONNECT, nsp: '/throws' });
    conn.receive({ type: CONNECT, nsp: '/twice' });
    const [refused, admitted] = conn.take();
    expect(refused).to.deep.equal({ type: CONNECT_ERROR, nsp: '/throws', data: { message: 'middleware bug' } });
    expect(admitted!.type).to.equal(CONNECT);
    expect([connections, io.of('/twice').sockets.size]).to.deep.equal([1, 1]);
  });

  it('a refusal leaves a dynamic child in place while another CONNECT to it is still in its middlewares', () => {
    io = new Server({ connectTimeout: 1000 });
    let release = (): void => {};
    io.of(/^\/room-\d+$/).use((socket, next) => {
      if (socket.handshake.auth.refuse) next(new Error('no'));
      else release = () => next();
    });
    const waiting = connectFake(io);
    waiting.receive({ type: CONNECT, nsp: '/room-1' });
    const child = io._nsps.get('/room-1');
    const refused = connectFake(io);
    refused.receive({ type: CONNECT, nsp: '/room-1', data: { refuse: true } });
    expect(refused.take().map((p) => p.type)).to.deep.equal([CONNECT_ERROR]);
    expect(io._nsps.get('/room-1')).to.equal(child);
    release();
    expect(child!.sockets.size).to.equal(1);
    expect(io._nsps.get('/room-1')).to.equal(child);
  });

  it('a session the adapter finds after the connection dropped is kept, and the next attempt recovers it', async () => {
    const lookups: (() => void)[] = [];
    io = new Server({ connectTimeout: 1000, connectionStateRecovery: {}, adapter: slowLookups(lookups) });
    const { conn, socket } = join(io);
    const { pid } = conn.take()[0]!.data as { pid: string };
    void socket.join('r1');
    io.to('r1').emit('tick');
    const offset = (conn.take()[0]!.data as string[])[1]!;
    conn.end('transport close');

    const dropped = connectFake(io);
    dropped.receive({ type: CONNECT, nsp: '/', data: { pid, offset } });
    dropped.end('transport close');
    lookups.shift()!();
    await Promise.resolve();
    expect(dropped.take()).to.deep.equal([]);

    const next = connectFake(io);
    next.receive({ type: CONNECT, nsp: '/', data: { pid, offset } });
    io.to('r1').emit('tick', 'missed while looking');
    lookups.shift()!();
    await Promise.resolve();
    const recovered = io.sockets.sockets.get(socket.id)!;
    expect([recovered.recovered, [...recovered.rooms].sort()]).to.deep.equal([true, [socket.id, 'r1'].sort()]);
    const [missed, answer] = next.take();
    expect([missed!.type, ...(missed!.data as unknown[]).slice(0, 2)]).to.deep.equal([EVENT, 'tick', 'missed while looking']);
    expect(answer).to.deep.equal({ type: CONNECT, nsp: '/', data: { sid: socket.id, pid } });
  });
});
