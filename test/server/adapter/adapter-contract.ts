import { expect } from 'chai';
import { decodeAll } from './decode-all.js';
import type { Adapter, AdapterNamespace, EncodedPacket, RestoredSession } from '../../../src/server/adapter/adapter.js';
import type { AdapterHostNamespace } from '../../../src/server/adapter/adapter-host.js';
import { FakeNamespace, type RecordedWrite } from './fake-namespace.js';
import { runClusterContract } from './adapter-contract-cluster.js';
import { eventually } from '../../support/events.js';

export { FakeNamespace, type RecordedWrite };

export type MakeAdapter = (nsp: AdapterNamespace & AdapterHostNamespace) => Adapter | Promise<Adapter>;

/**
 * What an adapter may lack, with a reason: the recovery part, the two-server part, or one case where a package
 * behaves otherwise by design.
 */
export type ContractPart = 'recovery' | 'cluster' | 'serverSideEmitCallback' | 'restoresOnce';

export interface ContractOptions {
  /**
   * The parts or cases this adapter does not offer, each with the reason: they are listed as pending under that
   * reason rather than left out, so that the report shows what was not run and why.
   */
  skip?: Partial<Record<ContractPart, string>>;
  /**
   * The adapter also replays the volatile broadcasts a session missed (the streams adapter logs every broadcast
   * without an ack in its stream, volatile or not, and does not filter them on restore). Default false.
   */
  replaysVolatile?: boolean;
}

const all = new Set<string>();
const none = new Set<string>();
const rooms = (...names: string[]) => new Set(names);

/**
 * The behaviour every adapter must have, run against each implementation: sockjet's MemoryAdapter, and each official
 * adapter package (test/server/adapter/official-adapters.test.ts), one server alone, then (a cluster adapter) two
 * servers of one cluster. `makeAdapter` gets a namespace with both surfaces (sockjet's view and what the official
 * packages use, see adapter-host.ts); each call is the adapter of another server.
 */
export function runAdapterContract(name: string, makeAdapter: MakeAdapter, options: ContractOptions = {}): void {
  runServerAloneContract(name, makeAdapter, options);
  partOrSkip(name, 'recovery', options, () => runRecoveryContract(name, makeAdapter, options));
  partOrSkip(name, 'cluster', options, () => runClusterContract(name, makeAdapter));
}

function partOrSkip(name: string, part: ContractPart, options: ContractOptions, run: () => void): void {
  const reason = options.skip?.[part];
  if (reason === undefined) return run();
  describe(`Adapter contract, ${part} part: ${name}`, () => it.skip(`not run: ${reason}`));
}

/** `it(title, body)`, or a pending case titled with the reason when `options` skip `key`. */
function caseOrSkip(options: ContractOptions, key: ContractPart, title: string, body: () => Promise<void>): void {
  const reason = options.skip?.[key];
  if (reason === undefined) it(title, body);
  else it.skip(`${title} (not run: ${reason})`);
}

function runServerAloneContract(name: string, makeAdapter: MakeAdapter, options: ContractOptions): void {
  describe(`Adapter contract: ${name}`, () => {
    let adapter: Adapter;
    let nsp: FakeNamespace;

    beforeEach(async () => {
      nsp = new FakeNamespace('/chat', () => adapter);
      adapter = await makeAdapter(nsp);
      await adapter.init();
      // Three sockets, each in its own room as the namespace does on connect.
      await adapter.addAll('a', ['a', 'red']);
      await adapter.addAll('b', ['b', 'red', 'blue']);
      await adapter.addAll('c', ['c', 'blue']);
    });

    afterEach(async () => {
      await adapter.close();
    });

    it('keeps rooms and sids in step', async () => {
      expect([...adapter.rooms.get('red')!].sort()).to.deep.equal(['a', 'b']);
      expect([...adapter.socketRooms('b')!].sort()).to.deep.equal(['b', 'blue', 'red']);
      await adapter.del('b', 'red');
      expect([...adapter.rooms.get('red')!]).to.deep.equal(['a']);
      expect(adapter.socketRooms('b')!.has('red')).to.equal(false);
      adapter.delAll('a');
      expect(adapter.rooms.has('red')).to.equal(false);
      expect(adapter.rooms.has('a')).to.equal(false);
      expect(adapter.socketRooms('a')).to.equal(undefined);
    });

    it('emits create-room, join-room, leave-room and delete-room', async () => {
      const events: string[] = [];
      adapter.on('create-room', (room) => events.push(`create ${room}`));
      adapter.on('join-room', (room, id) => events.push(`join ${room} ${id}`));
      adapter.on('leave-room', (room, id) => events.push(`leave ${room} ${id}`));
      adapter.on('delete-room', (room) => events.push(`delete ${room}`));
      await adapter.addAll('a', ['green', 'red']);
      await adapter.del('a', 'green');
      await adapter.del('a', 'green');
      expect(events).to.deep.equal(['create green', 'join green a', 'leave green a', 'delete green']);
    });

    it('lists sockets of rooms, each once, and every socket for no room', async () => {
      expect([...(await adapter.sockets(all))].sort()).to.deep.equal(['a', 'b', 'c']);
      expect([...(await adapter.sockets(rooms('red', 'blue')))].sort()).to.deep.equal(['a', 'b', 'c']);
      expect([...(await adapter.sockets(rooms('blue')))].sort()).to.deep.equal(['b', 'c']);
      expect([...(await adapter.sockets(rooms('nope')))]).to.deep.equal([]);
    });

    it('broadcasts to every socket, encoding the packet once', async () => {
      adapter.broadcast({ type: 2, nsp: '/chat', data: ['hi', 1] }, { rooms: all, except: none });
      await until(() => nsp.writes.length === 3);
      expect(nsp.writtenTo()).to.deep.equal(['a', 'b', 'c']);
      const first = nsp.writes[0]!.packet;
      for (const w of nsp.writes) expect(w.packet).to.equal(first);
      expect(decodeAll(first)).to.deep.equal({ type: 2, nsp: '/chat', data: ['hi', 1] });
    });

    it('broadcasts binary as one text chunk plus attachments', async () => {
      adapter.broadcast({ type: 2, nsp: '/chat', data: ['bin', new Uint8Array([1, 2])] }, { rooms: rooms('a'), except: none });
      await until(() => nsp.writes.length === 1);
      const packet = nsp.writes[0]!.packet;
      expect(packet.length).to.equal(2);
      const decoded = decodeAll(packet) as { data: [string, Uint8Array] };
      expect([...decoded.data[1]]).to.deep.equal([1, 2]);
    });

    it('targets the union of rooms once per socket, minus the except rooms', async () => {
      adapter.broadcast({ type: 2, nsp: '/chat', data: ['x'] }, { rooms: rooms('red', 'blue'), except: none });
      await until(() => nsp.writes.length === 3);
      expect(nsp.writtenTo()).to.deep.equal(['a', 'b', 'c']);
      nsp.writes.length = 0;
      adapter.broadcast({ type: 2, nsp: '/chat', data: ['x'] }, { rooms: rooms('red', 'blue'), except: rooms('b') });
      await until(() => nsp.writes.length === 2);
      expect(nsp.writtenTo()).to.deep.equal(['a', 'c']);
      nsp.writes.length = 0;
      adapter.broadcast({ type: 2, nsp: '/chat', data: ['x'] }, { rooms: all, except: rooms('red') });
      await until(() => nsp.writes.length === 1);
      expect(nsp.writtenTo()).to.deep.equal(['c']);
    });

    it('passes the flags through to every write', async () => {
      const flags = { volatile: true, compress: false };
      adapter.broadcast({ type: 2, nsp: '/chat', data: ['x'] }, { rooms: rooms('blue'), except: none, flags });
      await until(() => nsp.writes.length === 2);
      expect(nsp.writes.map((w) => w.flags)).to.deep.equal([flags, flags]);
    });

    it('broadcasts with ack: one ack id, the count of sockets written, responses forwarded', async () => {
      nsp.unwritable.add('c');
      const counts: number[] = [];
      const responses: unknown[] = [];
      adapter.broadcastWithAck(
        { type: 2, nsp: '/chat', data: ['q'] },
        { rooms: all, except: none, flags: { timeout: 100 } },
        (n) => counts.push(n),
        (r) => responses.push(r),
      );
      await until(() => counts.length > 0);
      expect(counts.reduce((s, n) => s + n, 0)).to.equal(2);
      expect(nsp.writtenTo()).to.deep.equal(['a', 'b']);
      const ids = new Set(nsp.writes.map((w) => w.ack!.id));
      expect(ids.size).to.equal(1);
      const decoded = decodeAll(nsp.writes[0]!.packet) as { id: number };
      expect(decoded.id).to.equal([...ids][0]);
      nsp.writes[0]!.ack!.fn('from a');
      expect(responses).to.deep.equal(['from a']);
    });

    it('fetches socket details by room', async () => {
      const found = await adapter.fetchSockets({ rooms: rooms('blue'), except: rooms('c') });
      expect(found.map((s) => s.id)).to.deep.equal(['b']);
      expect(found[0]!.data).to.deep.equal({ who: 'b' });
      expect([...found[0]!.rooms].sort()).to.deep.equal(['b', 'blue', 'red']);
    });

    it('makes matching sockets join and leave rooms', async () => {
      adapter.addSockets({ rooms: rooms('red'), except: none }, ['green']);
      await until(() => adapter.rooms.get('green')?.size === 2);
      adapter.delSockets({ rooms: all, except: rooms('a') }, ['green', 'red']);
      await until(() => adapter.rooms.get('green')?.size === 1);
      expect([...adapter.rooms.get('green')!]).to.deep.equal(['a']);
      expect([...adapter.rooms.get('red')!]).to.deep.equal(['a']);
    });

    it('disconnects matching sockets through the namespace', async () => {
      adapter.disconnectSockets({ rooms: rooms('blue'), except: rooms('b') }, true);
      await until(() => nsp.disconnected.length === 1);
      expect(nsp.disconnected).to.deep.equal([{ id: 'c', close: true }]);
    });

    it('counts this server (a cluster adapter once it has subscribed)', async () => {
      let count = 0;
      await eventually('the adapter to count a server', async () => (count = await adapter.serverCount()) >= 1);
      expect(count).to.equal(1);
    });

    it('appends no offset and restores no session without recovery', async () => {
      adapter.broadcast({ type: 2, nsp: '/chat', data: ['x'] }, { rooms: rooms('a'), except: none });
      await until(() => nsp.writes.length === 1);
      expect(decodeAll(nsp.writes[0]!.packet).data).to.deep.equal(['x']);
      // Without recovery the namespace never persists a session; it may still be asked to restore one.
      expect(await restore(adapter, 'p', '0')).to.equal(null);
    });

    const title = 'calls a serverSideEmit callback once, without error, with the responses of the other servers';
    caseOrSkip(options, 'serverSideEmitCallback', title, async () => {
      const calls: [Error | null, unknown[]][] = [];
      adapter.serverSideEmit(['hello', 1, (err: Error | null, responses: unknown[]) => calls.push([err, responses])]);
      await until(() => calls.length > 0);
      expect(calls).to.have.length(1);
      expect(calls[0]![0]).to.equal(null);
      expect(calls[0]![1]).to.be.an('array');
    });
  });

}

function runRecoveryContract(name: string, makeAdapter: MakeAdapter, options: ContractOptions): void {
  describe(`Adapter contract with connection state recovery: ${name}`, () => {
    let adapter: Adapter;
    let nsp: FakeNamespace;
    const offsetOf = (w: RecordedWrite) => (decodeAll(w.packet).data as unknown[]).at(-1) as string;

    beforeEach(async () => {
      nsp = new FakeNamespace('/chat', () => adapter, { maxDisconnectionDuration: 60_000 });
      adapter = await makeAdapter(nsp);
      await adapter.init();
      await adapter.addAll('a', ['a', 'red']);
      await adapter.addAll('b', ['b', 'blue']);
    });

    afterEach(async () => {
      await adapter.close();
    });

    it('appends a fresh string offset to each event broadcast, but not to volatile ones or those with an ack', async () => {
      adapter.broadcast({ type: 2, nsp: '/chat', data: ['one'] }, { rooms: all, except: none });
      adapter.broadcast({ type: 2, nsp: '/chat', data: ['two'] }, { rooms: rooms('red'), except: none });
      adapter.broadcast({ type: 2, nsp: '/chat', data: ['v'] }, { rooms: all, except: none, flags: { volatile: true } });
      adapter.broadcastWithAck({ type: 2, nsp: '/chat', data: ['q'] }, { rooms: rooms('a'), except: none, flags: { timeout: 100 } }, () => {}, () => {});
      await until(() => nsp.writes.length === 6);
      // A cluster adapter may write a broadcast once it is published: find each by its event, not its position.
      const write = (event: string) => nsp.writes.find((w) => (decodeAll(w.packet).data as unknown[])[0] === event)!;
      expect(decodeAll(write('one').packet).data).to.have.length(2);
      expect(offsetOf(write('one'))).to.be.a('string');
      expect(offsetOf(write('two'))).to.be.a('string').and.not.equal(offsetOf(write('one')));
      expect(decodeAll(write('v').packet).data).to.deep.equal(['v']);
      expect(decodeAll(write('q').packet).data).to.deep.equal(['q']);
    });

    it('restores a session with the packets its rooms missed after the offset, in order', async () => {
      adapter.broadcast({ type: 2, nsp: '/chat', data: ['seen'] }, { rooms: all, except: none });
      await until(() => nsp.writes.length === 2);
      const offset = offsetOf(nsp.writes.find((w) => w.id === 'a')!);
      adapter.delAll('a');
      await adapter.persistSession({ sid: 'a', pid: 'secret', rooms: ['a', 'red'], data: { n: 1 } });
      adapter.broadcast({ type: 2, nsp: '/chat', data: ['1 to all'] }, { rooms: all, except: none });
      adapter.broadcast({ type: 2, nsp: '/chat', data: ['2 to blue'] }, { rooms: rooms('blue'), except: none });
      adapter.broadcast({ type: 2, nsp: '/chat', data: ['3 to red'] }, { rooms: rooms('red'), except: none });
      adapter.broadcast({ type: 2, nsp: '/chat', data: ['4 not to red'] }, { rooms: all, except: rooms('red') });
      adapter.broadcast({ type: 2, nsp: '/chat', data: ['5 to a'] }, { rooms: rooms('a'), except: none });
      adapter.broadcast({ type: 2, nsp: '/chat', data: ['volatile'] }, { rooms: all, except: none, flags: { volatile: true } });
      expect(await restore(adapter, 'secret', 'bogus')).to.equal(null);
      await adapter.persistSession({ sid: 'a', pid: 'secret', rooms: ['a', 'red'], data: { n: 1 } });
      expect(await restore(adapter, 'unknown', offset)).to.equal(null);
      const session = await restore(adapter, 'secret', offset);
      expect(session).to.not.equal(null);
      expect(session!.sid).to.equal('a');
      expect(session!.pid).to.equal('secret');
      expect([...session!.rooms].sort()).to.deep.equal(['a', 'red']);
      expect(session!.data).to.deep.equal({ n: 1 });
      const expected = [['1 to all'], ['3 to red'], ['5 to a'], ...(options.replaysVolatile ? [['volatile']] : [])];
      expect(missedEvents(session!).map((data) => data.slice(0, -1))).to.deep.equal(expected);
    });

    caseOrSkip(options, 'restoresOnce', 'restores a session once: the same private id again gets nothing', async () => {
      adapter.broadcast({ type: 2, nsp: '/chat', data: ['seen'] }, { rooms: all, except: none });
      await until(() => nsp.writes.length === 2);
      const offset = offsetOf(nsp.writes.find((w) => w.id === 'a')!);
      adapter.delAll('a');
      await adapter.persistSession({ sid: 'a', pid: 'secret', rooms: ['a', 'red'], data: {} });
      expect(await restore(adapter, 'secret', offset)).to.not.equal(null);
      expect(await restore(adapter, 'secret', offset)).to.equal(null);
    });
  });
}

/**
 * The namespace treats a rejected restoreSession like null (the socket starts afresh): the streams adapter rejects
 * for an unknown session or offset.
 */
async function restore(adapter: Adapter, pid: string, offset: string): Promise<RestoredSession | null> {
  try {
    return await adapter.restoreSession(pid, offset);
  } catch {
    return null;
  }
}

/** A restored session's missed events (their arguments, offset last), from either form (see `RestoredSession`). */
function missedEvents(session: RestoredSession): unknown[][] {
  if (session.encodedPackets) return session.encodedPackets.map((p: EncodedPacket) => decodeAll(p).data as unknown[]);
  return (session.missedPackets ?? []).map((data) => [...data]);
}

/** A cluster adapter may act after a round trip to Redis; the memory adapter acts at once. */
const until = (check: () => boolean) => eventually(String(check), check, { every: 2 });
