import { expect } from 'chai';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SocketPacketType } from '../../src/protocol/socket-packet.js';
import type { EngineConnectionError } from '../../src/server/engine/index.js';
import type { ServerError } from '../../src/server/server-error.js';
import { Server } from '../../src/server/server.js';
import type { Socket } from '../../src/server/socket.js';
import { RawWs, request } from './engine/engine-helpers.js';
import { connectFake, join } from './fake-connection.js';
import { once } from '../support/events.js';
import { listen } from '../support/net.js';

const { CONNECT, EVENT, ACK } = SocketPacketType;

/** `[[[...]]]` nested `depth` deep: more than the encoder's recursion takes (it fails from about 5,000). */
function nested(depth: number): unknown {
  let v: unknown = 0;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}
const TOO_DEEP = nested(20_000);

describe('limits: dynamic namespaces created by clients', () => {
  let io: Server;
  afterEach(() => io.close());

  it('removes each child once its last socket leaves, so 500 names leave nothing behind (default on)', () => {
    io = new Server({ connectTimeout: 50 });
    const parent = io.of(/^\/room-\d+$/);
    const before = io._nsps.size;
    for (let i = 0; i < 500; i++) {
      const { socket } = join(io, `/room-${i}`);
      socket.disconnect(true);
    }
    expect(io._nsps.size).to.equal(before);
    expect((parent as unknown as { children: Set<unknown> }).children.size).to.equal(0);
  });

  it('removes a child whose first CONNECT a middleware refused', () => {
    io = new Server({ connectTimeout: 50 });
    io.of(/^\/room-\d+$/).use((_socket, next) => next(new Error('no')));
    const conn = connectFake(io);
    for (let i = 0; i < 100; i++) conn.receive({ type: CONNECT, nsp: `/room-${i}` });
    expect(conn.take().every((p) => p.type === SocketPacketType.CONNECT_ERROR)).to.equal(true);
    expect([...io._nsps.keys()]).to.deep.equal(['/']);
  });

  it('keeps a child while a CONNECT to it is still in its middlewares', async () => {
    io = new Server({ connectTimeout: 1000 });
    let release: () => void = () => {};
    let calls = 0;
    io.of(/^\/room-\d+$/).use((_socket, next) => (calls++ === 0 ? next() : (release = () => next())));
    const first = join(io, '/room-1');
    const second = connectFake(io);
    second.receive({ type: CONNECT, nsp: '/room-1' });
    const child = io._nsps.get('/room-1');
    first.socket.disconnect(true);
    expect(io._nsps.get('/room-1')).to.equal(child);
    release();
    expect(child!.sockets.size).to.equal(1);
    second.close();
    expect(io._nsps.has('/room-1')).to.equal(false);
  });
});

describe('limits: data too deep to encode', () => {
  let io: Server;
  let socket: Socket;
  beforeEach(() => {
    io = new Server({ connectTimeout: 50 });
    ({ socket } = join(io));
  });
  afterEach(() => io.close());

  it('fails socket.emit with an ERR_ENCODE error event, not a RangeError, and the socket carries on', () => {
    const errors: ServerError[] = [];
    socket.on('error', (e) => errors.push(e as ServerError));
    expect(socket.emit('deep', TOO_DEEP)).to.equal(false);
    expect(errors.map((e) => e.code)).to.deep.equal(['ERR_ENCODE']);
    expect(errors[0]!.cause).to.be.instanceOf(RangeError);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(socket.emit('cyclic', cyclic)).to.equal(false);
    expect(errors.length).to.equal(2);
    expect(socket.connected).to.equal(true);
  });

  it('rejects emitWithAck and calls a timed ack with the error', async () => {
    const err = await socket.emitWithAck('deep', TOO_DEEP).then(
      () => null,
      (e: ServerError) => e,
    );
    expect(err?.code).to.equal('ERR_ENCODE');
    const timed = await new Promise<ServerError>((resolve) => socket.timeout(1000).emit('deep', TOO_DEEP, resolve));
    expect(timed.code).to.equal('ERR_ENCODE');
    const viaTimeout = await socket.timeout(1000).emitWithAck('deep', TOO_DEEP).catch((e: ServerError) => e);
    expect((viaTimeout as ServerError).code).to.equal('ERR_ENCODE');
  });

  it('an ack answer that cannot be encoded reports on the socket instead of throwing in the handler', () => {
    const conn = (socket.client as unknown as { conn: ReturnType<typeof connectFake> }).conn;
    const errors: ServerError[] = [];
    socket.on('error', (e) => errors.push(e as ServerError));
    socket.on('ask', (reply: (v: unknown) => void) => reply(TOO_DEEP));
    conn.take();
    conn.receive({ type: EVENT, nsp: '/', id: 1, data: ['ask'] });
    expect(errors.map((e) => e.code)).to.deep.equal(['ERR_ENCODE']);
    expect(conn.take().filter((p) => p.type === ACK)).to.deep.equal([]);
  });

  it('without an error listener, warns and lives; broadcasts fail the same way', async () => {
    const warned = once<[ServerError]>(process, 'warning');
    expect(socket.emit('deep', TOO_DEEP)).to.equal(false);
    expect((await warned)[0].code).to.equal('ERR_ENCODE');
    const again = once<[ServerError]>(process, 'warning');
    expect(io.emit('deep', TOO_DEEP)).to.equal(false);
    expect((await again)[0].code).to.equal('ERR_ENCODE');
    const collected = await io.timeout(1000).emitWithAck('deep', TOO_DEEP).catch((e: ServerError) => e);
    expect((collected as ServerError).code).to.equal('ERR_ENCODE');
  });
});

describe('limits: maxPendingHandshakesPerIp', () => {
  let io: Server;
  let port: number;
  const raws: RawWs[] = [];
  afterEach(async () => {
    for (const raw of raws.splice(0)) raw.ws.terminate();
    await io.close();
  });

  async function start(options: ConstructorParameters<typeof Server>[1]): Promise<EngineConnectionError[]> {
    const http = createServer();
    io = new Server(http, options);
    await listen(http);
    port = (http.address() as AddressInfo).port;
    const errors: EngineConnectionError[] = [];
    io.engine.on('connection_error', (e) => errors.push(e));
    return errors;
  }

  /** An engine session that has not joined a namespace. */
  async function pendingSession(): Promise<RawWs> {
    const raw = new RawWs(`ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket`);
    raws.push(raw);
    expect(await raw.next()).to.match(/^0\{/);
    return raw;
  }

  it('refuses handshakes past the cap (403) until one joins a namespace or closes', async () => {
    const errors = await start({ maxPendingHandshakesPerIp: 3, connectTimeout: 5000 });
    const [a, b] = [await pendingSession(), await pendingSession(), await pendingSession()];
    const refused = await request(port, '/socket.io/?EIO=4&transport=polling');
    expect(refused.status).to.equal(403);
    expect(JSON.parse(refused.text)).to.deep.equal({ code: 4, message: 'Too many pending handshakes from this address' });
    expect(errors.length).to.equal(1);
    // Joining a namespace makes room.
    const joined = once(io, 'connection');
    a!.ws.send('40');
    await joined;
    await pendingSession();
    // So does closing.
    const gone = once(io.engine, 'connection_error');
    expect((await request(port, '/socket.io/?EIO=4&transport=polling')).status).to.equal(403);
    await gone;
    const bConn = [...io.engine.clients.values()][1]!;
    const bClosed = once(bConn, 'close');
    b!.ws.terminate();
    await bClosed;
    await pendingSession();
    expect(errors.length).to.equal(2);
  });

  it('is off by default, and validated', async () => {
    await start({ connectTimeout: 5000 });
    for (let i = 0; i < 5; i++) await pendingSession();
    expect(io.engine.clientsCount).to.equal(5);
    for (const bad of [0, 1.5, '3'])
      expect(() => new Server({ maxPendingHandshakesPerIp: bad as number })).to.throw(/maxPendingHandshakesPerIp/);
  });
});
