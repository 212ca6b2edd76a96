import { expect } from 'chai';
import type { Adapter } from '../../../src/server/adapter/adapter.js';
import { eventually } from '../../support/events.js';
import { decodeAll } from './decode-all.js';
import { FakeNamespace } from './fake-namespace.js';
import type { MakeAdapter } from './adapter-contract.js';

const all = new Set<string>();
const none = new Set<string>();
const rooms = (...names: string[]) => new Set(names);

/** A server of the pair: its namespace (which records what the adapter writes) and its adapter. */
interface Node {
  nsp: FakeNamespace;
  adapter: Adapter;
}

async function startNode(makeAdapter: MakeAdapter, sockets: Record<string, string[]>): Promise<Node> {
  const node = { adapter: undefined as unknown as Adapter } as Node;
  node.nsp = new FakeNamespace('/chat', () => node.adapter);
  node.adapter = await makeAdapter(node.nsp);
  await node.adapter.init();
  for (const [id, joined] of Object.entries(sockets)) await node.adapter.addAll(id, [id, ...joined]);
  return node;
}

const events = (node: Node, event: string) =>
  node.nsp.writes.filter((w) => (decodeAll(w.packet).data as unknown[])[0] === event).map((w) => w.id);

/**
 * Until each server has had a broadcast of the other: a cluster adapter subscribes (or starts reading its stream) a
 * little after init() returns, and a broadcast sent before that never reaches it. Sent again every 200 ms.
 */
async function warmUp(a: Node, b: Node): Promise<void> {
  const from = (node: Node, sender: string) =>
    node.nsp.writes.some((w) => JSON.stringify(decodeAll(w.packet).data) === JSON.stringify(['warm', sender]));
  for (let i = 0; ; i++) {
    a.adapter.broadcast({ type: 2, nsp: '/chat', data: ['warm', 'A'] }, { rooms: all, except: none });
    b.adapter.broadcast({ type: 2, nsp: '/chat', data: ['warm', 'B'] }, { rooms: all, except: none });
    const heard = () => from(a, 'B') && from(b, 'A');
    try {
      await eventually('a broadcast from each server to reach the other', heard, { timeout: 200 });
      break;
    } catch (err) {
      if (i === 25) throw err;
    }
  }
  await eventually('each server to count two', async () => (await a.adapter.serverCount()) === 2 && (await b.adapter.serverCount()) === 2);
  for (const node of [a, b]) node.nsp.writes.length = 0;
}

/**
 * The part of the adapter contract that needs two servers of one cluster: `makeAdapter` is called once per server
 * (for the Redis packages, each call is a server with Redis connections of its own). Server A has socket a1 in red;
 * server B has b1 in red and b2 in blue.
 */
export function runClusterContract(name: string, makeAdapter: MakeAdapter): void {
  describe(`Adapter contract across two servers: ${name}`, () => {
    let a: Node;
    let b: Node;

    beforeEach(async () => {
      a = await startNode(makeAdapter, { a1: ['red'] });
      b = await startNode(makeAdapter, { b1: ['red'], b2: ['blue'] });
      await warmUp(a, b);
    });

    afterEach(async () => {
      await a.adapter.close();
      await b.adapter.close();
    });

    it('broadcasts to the rooms of the other server too, minus the except rooms', async () => {
      a.adapter.broadcast({ type: 2, nsp: '/chat', data: ['to red'] }, { rooms: rooms('red'), except: none });
      a.adapter.broadcast({ type: 2, nsp: '/chat', data: ['not to red'] }, { rooms: all, except: rooms('red') });
      await eventually('both broadcasts on B', () => b.nsp.writes.length === 2);
      expect(events(a, 'to red')).to.deep.equal(['a1']);
      expect(events(b, 'to red')).to.deep.equal(['b1']);
      expect(events(a, 'not to red')).to.deep.equal([]);
      expect(events(b, 'not to red')).to.deep.equal(['b2']);
      expect(decodeAll(b.nsp.writes[0]!.packet)).to.deep.include({ type: 2, nsp: '/chat' });
    });

    it("fetches the other server's sockets, with their rooms and data", async () => {
      const found = await a.adapter.fetchSockets({ rooms: rooms('red'), except: none, flags: {} });
      const byId = new Map(found.map((s) => [s.id, s]));
      expect([...byId.keys()].sort()).to.deep.equal(['a1', 'b1']);
      expect([...byId.get('b1')!.rooms].sort()).to.deep.equal(['b1', 'red']);
      expect(byId.get('b1')!.data).to.deep.equal({ who: 'b1' });
    });

    it("makes the other server's sockets join, leave and disconnect", async () => {
      a.adapter.addSockets({ rooms: rooms('blue'), except: none }, ['green']);
      await eventually('b2 to join green', () => b.adapter.rooms.get('green')?.has('b2') === true);
      a.adapter.delSockets({ rooms: rooms('green'), except: none }, ['green']);
      await eventually('b2 to leave green', () => !b.adapter.rooms.has('green'));
      a.adapter.disconnectSockets({ rooms: rooms('red'), except: none }, true);
      await eventually('a1 and b1 to be disconnected', () => a.nsp.disconnected.length === 1 && b.nsp.disconnected.length === 1);
      expect([...a.nsp.disconnected, ...b.nsp.disconnected]).to.deep.equal([
        { id: 'a1', close: true },
        { id: 'b1', close: true },
      ]);
    });

    it('collects the acks of a broadcast from the sockets of both servers', async () => {
      const counts: number[] = [];
      const responses: unknown[] = [];
      a.adapter.broadcastWithAck(
        { type: 2, nsp: '/chat', data: ['q'] },
        { rooms: rooms('red'), except: none, flags: { timeout: 2000 } },
        (n) => counts.push(n),
        (r) => responses.push(r),
      );
      await eventually('the question on both servers', () => a.nsp.writes.length === 1 && b.nsp.writes.length === 1);
      a.nsp.writes[0]!.ack!.fn('from a1');
      b.nsp.writes[0]!.ack!.fn('from b1');
      await eventually('both answers and both counts', () => responses.length === 2 && counts.reduce((s, n) => s + n, 0) === 2);
      expect(responses.sort()).to.deep.equal(['from a1', 'from b1']);
    });

    it("hands a serverSideEmit to the other server's namespace, and its answer to the callback", async () => {
      const calls: [Error | null, unknown[]][] = [];
      a.adapter.serverSideEmit(['hello', 1, (err: Error | null, answers: unknown[]) => calls.push([err, answers])]);
      await eventually('the emit on B', () => b.nsp.serverSide.length === 1);
      const [event, n, reply] = b.nsp.serverSide[0]! as [string, number, (answer: unknown) => void];
      expect([event, n]).to.deep.equal(['hello', 1]);
      expect(a.nsp.serverSide).to.deep.equal([]);
      reply('hi from B');
      await eventually('the callback', () => calls.length === 1);
      expect(calls).to.deep.equal([[null, ['hi from B']]]);
    });
  });
}
