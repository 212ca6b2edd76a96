import { expect } from 'chai';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server as SocketIoServer } from 'socket.io';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import { SockjetError } from '../../src/shared/sockjet-error.js';
import { Engine } from '../../src/server/engine/engine.js';
import { Server } from '../../src/server/server.js';
import type { Socket } from '../../src/server/socket.js';
import { request } from './engine/engine-helpers.js';
import { eachServer, RawPolling, startServer, type ParityEnv, type ServerKind } from './parity-helpers.js';
import { once } from '../support/events.js';
import { listen } from '../support/net.js';

/** A server of `kind` made the way a test needs it (not yet attached). */
const make = (kind: ServerKind, opts: Record<string, unknown> = {}): Server =>
  (kind === 'sockjet' ? new Server(opts) : new SocketIoServer(opts)) as unknown as Server;

const portOf = (io: Server): number => (io.httpServer!.address() as AddressInfo).port;

eachServer('Server API parity', (kind) => {
  let env: ParityEnv;

  beforeEach(async () => {
    env = await startServer(kind, { pingInterval: 10_000, pingTimeout: 5_000 });
  });

  afterEach(() => env.close());

  /** A connected socket.io-client socket and its server-side socket. */
  async function accept(nsp = '/', opts: Parameters<ParityEnv['client']>[1] = {}): Promise<[ClientSocket, Socket]> {
    const serverSide = once<[Socket]>(env.io.of(nsp), 'connection');
    const client = env.client(nsp, opts);
    await once(client, 'connect');
    return [client, (await serverSide)[0]];
  }

  it('handshake.address and conn.remoteAddress over long-polling, after the first request is gone', async () => {
    const serverSide = once<[Socket]>(env.io, 'connection');
    const session = await RawPolling.handshake(env);
    await session.post('40');
    const [socket] = await serverSide;
    expect(socket.handshake.address).to.equal('127.0.0.1');
    expect(socket.conn.remoteAddress).to.equal('127.0.0.1');
  });

  it('handshake.address over WebSocket', async () => {
    const [, socket] = await accept('/', { transports: ['websocket'] });
    expect(socket.handshake.address).to.equal('127.0.0.1');
  });

  it('onAnyOutgoing and prependAnyOutgoing see broadcasts, binary included', async () => {
    const [client, socket] = await accept();
    void socket.join('room');
    const seen: unknown[][] = [];
    socket.onAnyOutgoing((...args) => seen.push(['on', ...args]));
    socket.prependAnyOutgoing((...args) => seen.push(['prepend', ...args]));
    const last = once(client, 'c');
    env.io.emit('a', 1);
    env.io.to('room').emit('b', Buffer.from([1, 2]));
    socket.emit('c');
    await last;
    expect(seen).to.deep.equal([
      ['prepend', 'a', 1],
      ['on', 'a', 1],
      ['prepend', 'b', Buffer.from([1, 2])],
      ['on', 'b', Buffer.from([1, 2])],
      ['prepend', 'c'],
      ['on', 'c'],
    ]);
  });

  it('volatile drops a packet while a WebSocket write is in flight', async () => {
    const [client, socket] = await accept('/', { transports: ['websocket'] });
    const got: string[] = [];
    client.onAny((event: string) => got.push(event));
    const done = once(client, 'c');
    socket.emit('a');
    socket.volatile.emit('b');
    socket.emit('c');
    await done;
    expect(got).to.deep.equal(['a', 'c']);
  });

  it('allSockets() on the server, a namespace and a room', async () => {
    const [, s1] = await accept();
    const [, s2] = await accept();
    await s2.join('room');
    expect(await env.io.allSockets()).to.deep.equal(new Set([s1.id, s2.id]));
    expect(await env.io.of('/').allSockets()).to.deep.equal(new Set([s1.id, s2.id]));
    expect(await env.io.to('room').allSockets()).to.deep.equal(new Set([s2.id]));
  });

  it('engine.clientsCount, generateId and the conn events packetCreate, heartbeat, upgrading', async () => {
    let n = 0;
    env.io.engine.generateId = () => `custom-${n++}`;
    const serverSide = once<[Socket]>(env.io, 'connection');
    const client = env.client('/', { transports: ['polling', 'websocket'] });
    const [socket] = await serverSide;
    expect(socket.conn.id).to.equal('custom-0');
    expect(env.io.engine.clientsCount).to.equal(1);
    const upgrading = once(socket.conn, 'upgrading');
    await once(socket.conn, 'upgrade');
    await upgrading;
    const created = once<[{ type: string; data: string; options: { compress: boolean } }]>(socket.conn, 'packetCreate');
    socket.compress(false).emit('x');
    const [packet] = await created;
    expect([packet.type, packet.data, packet.options.compress]).to.deep.equal(['message', '2["x"]', false]);
    await once(client, 'x');
  });

  it('generateId may return a promise; one that fails refuses the handshake with Bad request', async () => {
    env.io.engine.generateId = () => Promise.resolve('async-id');
    expect((await RawPolling.handshake(env)).sid).to.equal('async-id');
    env.io.engine.generateId = () => Promise.reject(new Error('no id'));
    const errors = once<[{ code: number; context: { name: string } }]>(env.io.engine, 'connection_error');
    const res = await request(env.port, '/socket.io/?EIO=4&transport=polling');
    expect(res.status).to.equal(400);
    const [err] = await errors;
    expect([err.code, err.context.name]).to.deep.equal([3, 'ID_GENERATION_ERROR']);
  });

  it('rooms joined in a middleware that fails are left; join after disconnect does nothing', async () => {
    env.io.of('/guarded').use((socket, next) => {
      void socket.join('joined-in-middleware');
      next(new Error('refused'));
    });
    const refused = env.client('/guarded');
    expect(((await once<[Error]>(refused, 'connect_error'))[0]).message).to.equal('refused');
    expect(env.io.of('/guarded').adapter.rooms.has('joined-in-middleware')).to.equal(false);

    const [, socket] = await accept();
    socket.disconnect();
    void socket.join('late');
    expect(env.io.of('/').adapter.rooms.has('late')).to.equal(false);
  });

  it("a parent namespace's broadcast reaches a child made by hand that its RegExp matches", async () => {
    const parent = env.io.of(/^\/team-\d+$/);
    env.io.of('/team-1');
    const [client] = await accept('/team-1');
    const got = once(client, 'hello');
    parent.emit('hello', 'team');
    expect(await got).to.deep.equal(['team']);
  });

  it('a broadcast emitWithAck that times out rejects with the responses that arrived', async () => {
    const [answering] = await accept();
    const [silent] = await accept();
    answering.on('q', (ack: (r: string) => void) => ack('yes'));
    silent.on('q', () => {});
    const err = await env.io
      .timeout(300)
      .emitWithAck('q')
      .then(
        () => null,
        (e: Error & { responses: unknown[] }) => e,
      );
    expect(err?.responses).to.deep.equal(['yes']);
  });

  it('serveClient() and path() read and set', () => {
    expect(env.io.serveClient()).to.equal(true);
    expect(env.io.serveClient(false)).to.equal(env.io);
    expect(env.io.serveClient()).to.equal(false);
    expect(env.io.path()).to.equal('/socket.io');
  });
});

eachServer('Server lifecycle parity', (kind) => {
  const opened: Server[] = [];
  afterEach(async () => {
    for (const io of opened.splice(0)) await io.close();
  });

  it('path() set before attach is where the server answers', async () => {
    const io = make(kind);
    opened.push(io);
    expect(io.path('/custom')).to.equal(io);
    expect(io.path()).to.equal('/custom');
    const http = createServer();
    io.attach(http);
    await listen(http);
    const open = await RawPolling.handshake({ port: (http.address() as AddressInfo).port }, '/custom/');
    expect(open.sid).to.be.a('string');
  });

  it('listen(port, opts) honours opts; a closed server can listen again', async () => {
    const io = make(kind);
    opened.push(io);
    io.listen(0, { pingInterval: 1234 });
    await once(io.httpServer!, 'listening');
    expect((await RawPolling.handshake({ port: portOf(io) })).open.pingInterval).to.equal(1234);
    await io.close();
    io.listen(0);
    await once(io.httpServer!, 'listening');
    const client = connect(`http://127.0.0.1:${portOf(io)}`, { forceNew: true, reconnection: false });
    await once(client, 'connect');
    client.disconnect();
  });

  it('attach(srv, opts) honours opts', async () => {
    const io = make(kind);
    opened.push(io);
    const http = createServer();
    io.attach(http, { pingTimeout: 4321 });
    await listen(http);
    expect((await RawPolling.handshake({ port: (http.address() as AddressInfo).port })).open.pingTimeout).to.equal(4321);
  });

  it('close(cb) on an http server that is not listening hands cb ERR_SERVER_NOT_RUNNING', async () => {
    const io = make(kind);
    io.attach(createServer());
    const err = await new Promise<Error | undefined>((resolve) => void io.close(resolve));
    expect((err as { code?: string } | undefined)?.code).to.equal('ERR_SERVER_NOT_RUNNING');
  });

  it('cleanupEmptyChildNamespaces removes a child whose middleware refused its only client', async () => {
    const io = make(kind, { cleanupEmptyChildNamespaces: true });
    opened.push(io);
    io.of(/^\/dyn-\d+$/).use((_socket, next) => next(new Error('refused')));
    io.listen(0);
    await once(io.httpServer!, 'listening');
    const client = connect(`http://127.0.0.1:${portOf(io)}/dyn-1`, { forceNew: true, reconnection: false });
    await once(client, 'connect_error');
    client.disconnect();
    expect(io._nsps.has('/dyn-1')).to.equal(false);
  });
});

describe('Server.bind (sockjet: the engine is sockjet\'s Engine, as socket.io binds an engine.io Server)', () => {
  it('serves the connections of the engine it is bound to', async () => {
    const http = createServer();
    const engine = new Engine({ path: '/socket.io/', pingInterval: 4321 }).attach(http);
    const io = new Server().bind(engine);
    expect(io.engine).to.equal(engine);
    await listen(http);
    const connected = once<[Socket]>(io, 'connection');
    const client = connect(`http://127.0.0.1:${(http.address() as AddressInfo).port}`, { forceNew: true, reconnection: false });
    const [socket] = await connected;
    expect(socket.conn.id).to.equal(client.io.engine.id);
    client.disconnect();
    await io.close();
    await engine.close();
    await new Promise((resolve) => http.close(resolve));
  });

  it('allowEIO3 must be a boolean', () => {
    expect(() => new Server({ allowEIO3: 'yes' as never })).to.throw(SockjetError, /allowEIO3/);
  });
});
