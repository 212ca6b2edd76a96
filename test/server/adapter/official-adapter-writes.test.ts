import { expect } from 'chai';
import { createAdapter as createRedisAdapter } from '@socket.io/redis-adapter';
import { createAdapter as createStreamsAdapter } from '@socket.io/redis-streams-adapter';
import { Adapter as SocketIoAdapter } from 'socket.io-adapter';
import { SocketPacketType } from '../../../src/protocol/socket-packet.js';
import type { AdapterConstructor } from '../../../src/server/adapter/adapter.js';
import type { PacketEncoder } from '../../../src/server/adapter/adapter-host.js';
import { Server } from '../../../src/server/server.js';
import { eventually } from '../../support/events.js';
import { RedisClients } from '../../support/redis-clients.js';
import { startRedis, type RedisServer } from '../../support/redis-server.js';
import { join, type FakeConnection } from '../fake-connection.js';

const { EVENT, BINARY_EVENT, ACK } = SocketPacketType;

/**
 * Replaces the server's encoder by one that counts, and rebuilds its adapters with `make` so they read it (an adapter
 * takes `nsp.server.encoder` when it is built).
 */
function countEncodes(io: Server, make: AdapterConstructor): { count: number } {
  const counter = { count: 0 };
  const real = io.encoder;
  const counting: PacketEncoder = { encode: (packet) => (counter.count++, real.encode(packet)) };
  Object.defineProperty(io, 'encoder', { value: counting });
  io.adapter(make);
  return counter;
}

function room(io: Server, count: number): FakeConnection[] {
  return Array.from({ length: count }, () => {
    const { conn, socket } = join(io);
    void socket.join('r');
    conn.take();
    conn.prepared.length = 0;
    return conn;
  });
}

function expectPreparedOnce(conns: FakeConnection[], parts: number): void {
  for (const conn of conns) {
    expect(conn.prepared).to.have.length(parts);
    for (let i = 0; i < parts; i++) expect(conn.prepared[i]).to.equal(conns[0]!.prepared[i]);
  }
}

describe('Official adapters write through the socket writer: encoded once, framed once per packet', () => {
  describe("socket.io-adapter's own Adapter (the base class of every package)", () => {
    let io: Server;
    let encodes: { count: number };

    beforeEach(() => {
      io = new Server({ connectTimeout: 50 });
      encodes = countEncodes(io, SocketIoAdapter);
    });

    afterEach(async () => {
      await io.close();
    });

    it('encodes a broadcast once and hands every socket the same prepared message', () => {
      const conns = room(io, 3);
      io.to('r').emit('news', { n: 1 });
      expect(encodes.count).to.equal(1);
      expectPreparedOnce(conns, 1);
      for (const conn of conns) expect(conn.take()).to.deep.equal([{ type: EVENT, nsp: '/', data: ['news', { n: 1 }] }]);
    });

    it('prepares the attachments of a binary broadcast once too', () => {
      const conns = room(io, 2);
      io.to('r').emit('file', Buffer.from([1, 2]));
      expect(encodes.count).to.equal(1);
      expectPreparedOnce(conns, 2);
      expect(conns[1]!.take()[0]!.type).to.equal(BINARY_EVENT);
    });

    it('collects the acks of a broadcast through socket.acks', async () => {
      const conns = room(io, 2);
      const answer = new Promise<unknown[]>((resolve, reject) =>
        io.to('r').timeout(2000).emit('q', (err: Error | null, responses: unknown[]) => (err ? reject(err) : resolve(responses))),
      );
      for (const [i, conn] of conns.entries()) {
        const [packet] = conn.take();
        conn.receive({ type: ACK, nsp: '/', id: packet!.id, data: [`from ${i}`] });
      }
      expect((await answer).sort()).to.deep.equal(['from 0', 'from 1']);
    });

    it("calls each socket's onAnyOutgoing listeners with the broadcast", () => {
      const { socket } = join(io);
      const seen: unknown[][] = [];
      socket.onAnyOutgoing((...args) => seen.push(args));
      io.emit('hello', 1);
      expect(seen).to.deep.equal([['hello', 1]]);
    });

    it('keeps the rooms of connected sockets when io.adapter(X) replaces the adapter', async () => {
      const conns = room(io, 2);
      io.adapter(SocketIoAdapter);
      io.to('r').emit('still');
      expect(conns.map((c) => c.take().length)).to.deep.equal([1, 1]);
    });
  });

  describe('a packet from another server, over Redis', function () {
    this.timeout(20_000);
    let redis: RedisServer;
    const clients = new RedisClients();
    const client = () => clients.connect(redis.url);
    let a: Server;
    let b: Server;

    before(async () => {
      redis = await startRedis();
    });

    after(async () => {
      await redis.stop();
    });

    afterEach(async () => {
      await a.close();
      await b.close();
      await clients.quitAll();
    });

    const kinds: [string, () => Promise<AdapterConstructor>][] = [
      ['@socket.io/redis-adapter', async () => createRedisAdapter(await client(), await client())],
      ['@socket.io/redis-streams-adapter', async () => createStreamsAdapter(await client(), { blockTimeInMs: 100 })],
    ];
    for (const [name, make] of kinds) {
      it(`${name}: the receiving server encodes once and frames once for all its sockets`, async () => {
        a = new Server({ connectTimeout: 50, adapter: await make() });
        b = new Server({ connectTimeout: 50 });
        const encodes = countEncodes(b, await make());
        const conns = room(b, 3);
        await eventually('both servers to count each other', async () => (await a.sockets.adapter.serverCount()) === 2);
        a.to('r').emit('remote', 'hi', Buffer.from([7]));
        await eventually('the broadcast on every socket of the other server', () => conns.every((c) => c.prepared.length === 2));
        expect(encodes.count).to.equal(1);
        expectPreparedOnce(conns, 2);
        const [packet] = conns[0]!.take();
        expect(packet!.data).to.deep.include.members(['remote', 'hi']);
      });
    }
  });
});
