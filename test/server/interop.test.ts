import { expect } from 'chai';
import { Socket as EngineClient } from 'engine.io-client';
import type { Socket as ClientSocket } from 'socket.io-client';
import type { Socket } from '../../src/server/socket.js';
import { InteropEnv, TRANSPORT_SETS, type TransportSet } from './interop-helpers.js';
import { once } from '../support/events.js';

/** The server-side socket of a client that just connected. */
async function accept(env: InteropEnv, nsp = '/', opts = {}): Promise<[ClientSocket, Socket]> {
  const serverSide = once<[Socket]>(env.io.of(nsp), 'connection');
  const client = await env.connected(nsp, opts);
  const [socket] = await serverSide;
  return [client, socket];
}

/** Waits until `client` got `event`, and proves by a later marker event that it got nothing else before. */
function interopSuite(set: TransportSet): void {
  describe(`socket.io-client interop: ${set.name}`, () => {
    let env: InteropEnv;

    beforeEach(async () => {
      // Heartbeats run during every test (pingInterval 500), with room for a slow answer on a loaded machine.
      env = await InteropEnv.start(set, { connectTimeout: 2000, pingInterval: 500, pingTimeout: 2000 });
    });

    afterEach(async () => {
      await env.close();
    });

    it('connects with auth and query in the handshake; ids match', async () => {
      const [client, socket] = await accept(env, '/', { auth: { token: 'abc' }, query: { room: 'x' } });
      expect(socket.id).to.equal(client.id);
      expect(socket.handshake.auth).to.deep.equal({ token: 'abc' });
      expect(socket.handshake.query.room).to.equal('x');
      expect(env.io.engine.clientsCount).to.equal(1);
    });

    it('carries events and acks both ways, with nested binary', async () => {
      const [client, socket] = await accept(env);
      socket.on('upload', (meta: { parts: Buffer[] }, ack: (r: unknown) => void) => {
        expect(Buffer.isBuffer(meta.parts[1])).to.equal(true);
        ack({ sizes: meta.parts.map((p) => p.length), echo: meta.parts[1] });
      });
      const reply = (await client.emitWithAck('upload', { parts: [Buffer.from([1]), Buffer.from([2, 3])] })) as {
        sizes: number[];
        echo: Buffer;
      };
      expect(reply.sizes).to.deep.equal([1, 2]);
      expect([...reply.echo]).to.deep.equal([2, 3]);

      client.on('ask', (n: number, bytes: Buffer, ack: (...r: unknown[]) => void) => ack(n + 1, bytes));
      const answer = await socket.timeout(2000).emitWithAck('ask', 41, Buffer.from([9]));
      expect(answer).to.equal(42);
    });

    it('times out an unanswered ack', async () => {
      const [client, socket] = await accept(env);
      client.on('ignored', () => {});
      const err = await socket
        .timeout(50)
        .emitWithAck('ignored')
        .then(
          () => null,
          (e: { code: string }) => e,
        );
      expect(err?.code).to.equal('ERR_ACK_TIMEOUT');
    });

    it('connects to static and dynamic namespaces; unknown ones get connect_error', async () => {
      env.io.of('/chat');
      env.io.of(/^\/dyn-\d+$/);
      env.io.of((name, _auth, next) => next(null, name === '/by-fn'));
      const [chat] = await Promise.all([env.connected('/chat'), env.connected('/dyn-12'), env.connected('/by-fn')]);
      expect(chat.connected).to.equal(true);
      const bad = env.client('/nope');
      const [err] = await once<[Error]>(bad, 'connect_error');
      expect(err.message).to.equal('Invalid namespace');
    });

    it('reports middleware errors with message and data', async () => {
      env.io.use((socket, next) => {
        if (socket.handshake.auth.token === 'ok') return next();
        next(Object.assign(new Error('not authorized'), { data: { retry: false } }));
      });
      const bad = env.client('/', { auth: { token: 'no' } });
      const [err] = await once<[Error & { data: unknown }]>(bad, 'connect_error');
      expect(err.message).to.equal('not authorized');
      expect(err.data).to.deep.equal({ retry: false });
      await env.connected('/', { auth: { token: 'ok' } });
    });

    it('runs packet middleware; an error reaches the socket, not the listener', async () => {
      const [client, socket] = await accept(env);
      socket.use(([event], next) => (event === 'forbidden' ? next(new Error('blocked')) : next()));
      const errored = once<[Error]>(socket, 'error');
      let forbiddenCalled = false;
      socket.on('forbidden', () => (forbiddenCalled = true));
      client.emit('forbidden');
      expect((await errored)[0].message).to.equal('blocked');
      socket.on('allowed', (ack: (v: string) => void) => ack('yes'));
      expect(await client.emitWithAck('allowed')).to.equal('yes');
      expect(forbiddenCalled).to.equal(false);
    });

    it('broadcasts to rooms, except rooms and everyone but the sender', async () => {
      const [a, sa] = await accept(env);
      const [b, sb] = await accept(env);
      const [c] = await accept(env);
      await sa.join('r');
      await sb.join('r');
      const log: string[] = [];
      for (const [name, client] of [['a', a], ['b', b], ['c', c]] as const) {
        client.onAny((event: string) => log.push(`${name}:${event}`));
      }
      const ends = [a, b, c].map((client) => once(client, 'end'));
      env.io.to('r').emit('to-r');
      env.io.except('r').emit('except-r');
      sa.broadcast.emit('from-a');
      sa.to('r').emit('a-to-r');
      // Per connection order is kept: once 'end' arrived, everything sent before it has too.
      env.io.emit('end');
      await Promise.all(ends);
      expect(log.filter((l) => l.startsWith('a:'))).to.deep.equal(['a:to-r', 'a:end']);
      expect(log.filter((l) => l.startsWith('b:'))).to.deep.equal(['b:to-r', 'b:from-a', 'b:a-to-r', 'b:end']);
      expect(log.filter((l) => l.startsWith('c:'))).to.deep.equal(['c:except-r', 'c:from-a', 'c:end']);
    });

    it('delivers a volatile emit to a connection that can write', async () => {
      const [client] = await accept(env);
      // Over polling (and during an upgrade) a connection is writable only at times: wait for one.
      await new Promise<void>((resolve) => {
        const check = () => (env.io.engine.clients.values().next().value?.writable ? resolve() : setImmediate(check));
        check();
      });
      const got = once(client, 'tick');
      env.io.volatile.emit('tick');
      await got;
    });

    it('collects acks of a broadcast, with an error when one client is silent', async () => {
      const [a] = await accept(env);
      const [b] = await accept(env);
      a.on('q', (ack: (v: string) => void) => ack('a'));
      b.on('q', (ack: (v: string) => void) => ack('b'));
      const responses = await env.io.timeout(2000).emitWithAck('q');
      expect(responses.sort()).to.deep.equal(['a', 'b']);
      b.off('q');
      b.on('q', () => {});
      // Long enough for a's answer to come back over long-polling on a loaded machine.
      const [err, partial] = await new Promise<[Error | null, unknown[]]>((resolve) =>
        env.io.timeout(1500).emit('q', (e: Error | null, r: unknown[]) => resolve([e, r])),
      );
      expect((err as { code?: string }).code).to.equal('ERR_ACK_TIMEOUT');
      expect(partial).to.deep.equal(['a']);
    });

    it('fetchSockets, socketsJoin and disconnectSockets', async () => {
      const [a, sa] = await accept(env);
      const [b] = await accept(env);
      sa.data.user = 'ann';
      const all = await env.io.fetchSockets();
      expect(all.map((s) => s.id).sort()).to.deep.equal([a.id, b.id].sort());
      env.io.in(a.id!).socketsJoin('vip');
      const gotVip = once(a, 'vip');
      env.io.to('vip').emit('vip');
      await gotVip;
      const [vip] = await env.io.in('vip').fetchSockets();
      expect(vip!.data).to.deep.equal({ user: 'ann' });
      const reason = once<[string]>(b, 'disconnect');
      env.io.except('vip').disconnectSockets();
      expect((await reason)[0]).to.equal('io server disconnect');
      expect(a.connected).to.equal(true);
    });

    it('reports disconnect reasons on both sides', async () => {
      const [a, sa] = await accept(env);
      const serverReason = once<[string]>(sa, 'disconnect');
      a.disconnect();
      expect((await serverReason)[0]).to.equal('client namespace disconnect');

      const [b, sb] = await accept(env);
      const both = Promise.all([once<[string]>(b, 'disconnect'), once<[string]>(sb, 'disconnect')]);
      sb.disconnect();
      const [[clientReason], [serverSide]] = await both;
      expect(clientReason).to.equal('io server disconnect');
      expect(serverSide).to.equal('server namespace disconnect');

      const [c, sc] = await accept(env);
      const closed = once<[string]>(sc, 'disconnect');
      c.io.engine.close();
      expect((await closed)[0]).to.equal('transport close');
    });

    it('closes the server: sockets see "server shutting down", clients a transport close', async () => {
      const [client, socket] = await accept(env);
      const server = once<[string]>(socket, 'disconnect');
      const clientSide = once<[string]>(client, 'disconnect');
      await env.io.close();
      expect((await server)[0]).to.equal('server shutting down');
      expect((await clientSide)[0]).to.be.oneOf(['transport close', 'transport error']);
      expect(env.io.engine.clientsCount).to.equal(0);
    });

    it('closes an engine connection that never sends CONNECT', async () => {
      const raw = new EngineClient(env.url, { path: '/socket.io/', transports: set.transports, upgrade: set.upgrade });
      await once(raw, 'open');
      const [reason] = await once<[string]>(raw, 'close');
      expect(reason).to.be.a('string');
      expect(env.io.engine.clientsCount).to.equal(0);
    });

    it('closes only the connection that sends an invalid packet', async () => {
      const [good] = await accept(env);
      const raw = new EngineClient(env.url, { path: '/socket.io/', transports: set.transports, upgrade: set.upgrade });
      await once(raw, 'open');
      raw.send('0');
      await once(raw, 'message');
      raw.send('2["unterminated');
      await once(raw, 'close');
      good.on('still', (ack: (v: boolean) => void) => ack(true));
      const [socket] = await env.io.fetchSockets();
      expect(await (socket as Socket).timeout(2000).emitWithAck('still')).to.equal(true);
      expect(env.io.engine.clientsCount).to.equal(1);
    });
  });
}

for (const set of TRANSPORT_SETS) interopSuite(set);
