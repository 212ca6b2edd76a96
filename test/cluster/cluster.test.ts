import { expect } from 'chai';
import { startRedis, type RedisServer } from '../support/redis-server.js';
import { connectClient, startNode, warmUp, type ClusterNode, type TestClient } from './cluster-helpers.js';
import type { AdapterKind, NodeKind, SocketInfo } from './node.js';
import { eventually, once } from '../support/events.js';

/** The first argument of each `event` a client received (the server may append a recovery offset after it). */
const got = (client: TestClient, event: string): unknown[] => client.received.filter((e) => e[0] === event).map((e) => e[1]);

interface Topology {
  adapter: AdapterKind;
  kinds: NodeKind[];
}

/**
 * `npm test` runs three (each adapter, two and three sockjet servers, a mixed cluster); `npm run test:cluster`
 * (SOCKJET_CLUSTER_FULL=1) runs every adapter with every topology. Most of the time goes into starting processes.
 */
const ALL_TOPOLOGIES: (Topology & { short?: true })[] = [
  { adapter: 'redis', kinds: ['sockjet', 'sockjet'], short: true },
  { adapter: 'streams', kinds: ['sockjet', 'sockjet'] },
  { adapter: 'redis', kinds: ['sockjet', 'socket.io'] },
  { adapter: 'streams', kinds: ['sockjet', 'socket.io'], short: true },
  { adapter: 'redis', kinds: ['sockjet', 'sockjet', 'sockjet'] },
  { adapter: 'streams', kinds: ['sockjet', 'sockjet', 'sockjet'], short: true },
];
const TOPOLOGIES = process.env.SOCKJET_CLUSTER_FULL ? ALL_TOPOLOGIES : ALL_TOPOLOGIES.filter((t) => t.short);

/**
 * Everything Socket.IO offers across servers, each server in its own process on one Redis, with two official
 * clients on each. The same body runs for two and three sockjet servers, and for a sockjet server beside an official
 * socket.io server (a mixed cluster), with each adapter package that runs on Redis.
 */
describe('Cluster over Redis (separate processes)', function () {
  this.timeout(30_000);
  let redis: RedisServer;

  before(async () => {
    redis = await startRedis();
  });

  after(async () => {
    await redis.stop();
  });

  for (const { adapter, kinds } of TOPOLOGIES) {
    describe(`${kinds.join(' + ')} on @socket.io/${adapter === 'redis' ? 'redis-adapter' : 'redis-streams-adapter'}`, () => {
      let nodes: ClusterNode[];
      /** clients[i][j]: client j of node i, user `u<i><j>`. */
      let clients: TestClient[][];
      const all = () => clients.flat();

      before(async () => {
        nodes = await Promise.all(kinds.map((kind, i) => startNode(`n${i}`, kind, adapter, redis.url)));
        await eventually('every node to count the whole cluster', async () => {
          const counts = await Promise.all(nodes.map((n) => n.call<number>('serverCount')));
          return counts.every((c) => c === nodes.length);
        });
        clients = await Promise.all(nodes.map((n, i) => Promise.all([0, 1].map((j) => connectClient(n.url, `u${i}${j}`)))));
        await warmUp(nodes, clients.flat());
        // Client 0 of every node is in 'red'.
        await Promise.all(clients.map((pair) => pair[0]!.socket.emitWithAck('join', 'red')));
      });

      after(async () => {
        for (const c of clients.flat()) c.close();
        await Promise.all(nodes.map((n) => n.close()));
      });

      beforeEach(() => {
        for (const c of all()) c.received.length = 0;
      });

      /** Waits until every client got `fence` from `node`: what the node broadcast before it has arrived too. */
      async function fence(node: ClusterNode): Promise<void> {
        await node.call('emit', { event: 'fence', args: [node.name] });
        await eventually(`the fence from ${node.name}`, () => all().every((c) => got(c, 'fence').includes(node.name)));
      }

      it('broadcasts to all, to rooms and with except, from every node', async () => {
        for (const node of nodes) {
          await node.call('emit', { event: 'all', args: [node.name] });
          await node.call('emit', { to: ['red'], event: 'red', args: [node.name] });
          await node.call('emit', { except: ['red'], event: 'not-red', args: [node.name] });
          await fence(node);
        }
        const names = nodes.map((n) => n.name);
        for (const [i, pair] of clients.entries()) {
          for (const [j, c] of pair.entries()) {
            expect(got(c, 'all'), `client ${i}${j}`).to.deep.equal(names);
            expect(got(c, 'red'), `client ${i}${j}`).to.deep.equal(j === 0 ? names : []);
            expect(got(c, 'not-red'), `client ${i}${j}`).to.deep.equal(j === 0 ? [] : names);
          }
        }
      });

      it('fetchSockets sees every socket with its rooms and data; remote sockets emit, join, leave, disconnect', async () => {
        const [first, second] = nodes as [ClusterNode, ClusterNode];
        const found = await first.call<SocketInfo[]>('fetchSockets');
        expect(found).to.have.length(all().length);
        const remote = found.find((s) => s.id === clients[1]![0]!.socket.id)!;
        expect(remote.local).to.equal(false);
        expect(remote.rooms).to.deep.equal([remote.id, 'red'].sort());
        expect(remote.data).to.deep.equal({ node: 'n1', user: 'u10' });
        expect((await first.call<SocketInfo[]>('fetchSockets', { to: ['red'] })).map((s) => s.id).sort()).to.deep.equal(
          clients.map((pair) => pair[0]!.socket.id).sort(),
        );

        const target = clients[1]![1]!;
        await first.call('remote', { id: target.socket.id, action: 'emit', args: ['direct', 'hi'] });
        await eventually('the remote emit', () => got(target, 'direct').length === 1);
        await first.call('remote', { id: target.socket.id, action: 'join', args: ['blue'] });
        await eventually('the remote join', async () =>
          (await second.call<SocketInfo[]>('local')).some((s) => s.id === target.socket.id && s.rooms.includes('blue')),
        );
        await first.call('remote', { id: target.socket.id, action: 'leave', args: ['blue'] });
        await eventually('the remote leave', async () =>
          (await second.call<SocketInfo[]>('local')).every((s) => !s.rooms.includes('blue')),
        );
        const disconnected = once(target.socket, 'disconnect');
        await first.call('remote', { id: target.socket.id, action: 'disconnect', args: [true] });
        expect((await disconnected)[0]).to.equal('io server disconnect');
        target.socket.connect();
        await eventually('the client to come back', () => target.socket.connected);
      });

      it('socketsJoin, socketsLeave and disconnectSockets reach every node', async () => {
        const last = nodes[nodes.length - 1]!;
        await last.call('socketsJoin', { to: ['red'], room: 'green' });
        const green = async () => (await nodes[0]!.call<SocketInfo[]>('fetchSockets', { to: ['green'] })).map((s) => s.id).sort();
        await eventually('everyone in red to join green', async () => (await green()).length === nodes.length);
        expect(await green()).to.deep.equal(clients.map((pair) => pair[0]!.socket.id).sort());
        await last.call('socketsLeave', { room: 'green' });
        await eventually('everyone to leave green', async () => (await green()).length === 0);

        const reasons = clients.map((pair) => once<[string]>(pair[1]!.socket, 'disconnect').then(([reason]) => reason));
        await last.call('disconnectSockets', { except: ['red'] });
        expect(await Promise.all(reasons)).to.deep.equal(nodes.map(() => 'io server disconnect'));
        for (const pair of clients) {
          expect(pair[0]!.socket.connected).to.equal(true);
          pair[1]!.socket.connect();
        }
        await eventually('the disconnected clients to come back', () => all().every((c) => c.socket.connected));
      });

      it('serverSideEmit reaches the other nodes, and collects one answer from each with an ack', async () => {
        const [first, ...others] = nodes as [ClusterNode, ...ClusterNode[]];
        await first.call('serverSideEmit', { event: 'note', args: ['hello', 1] });
        for (const node of others) {
          await eventually(`the note on ${node.name}`, async () => {
            const notes = await node.call<unknown[][]>('notes');
            if (notes.length) expect(notes).to.deep.equal([['hello', 1]]);
            return notes.length > 0;
          });
        }
        expect(await first.call('notes')).to.deep.equal([]);
        const answers = await first.call<string[]>('serverSideEmitWithAck', { event: 'ping-server', args: ['x'] });
        expect(answers.sort()).to.deep.equal(others.map((n) => `${n.name}:x`));
      });

      it('a broadcast with acks collects the answer of every client on every node', async () => {
        for (const c of all()) c.socket.once('question', (_q: unknown, ack: (a: string) => void) => ack(`${c.socket.id}`));
        const answers = await nodes[nodes.length - 1]!.call<string[]>('emitWithAck', { timeout: 5000, event: 'question', args: ['?'] });
        expect(answers.sort()).to.deep.equal(all().map((c) => c.socket.id).sort());
      });
    });
  }
});
