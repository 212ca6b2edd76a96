import { expect } from 'chai';
import { decodeAll } from './decode-all.js';
import type {
  AckRequest,
  Adapter,
  AdapterNamespace,
  AdapterRecoveryOptions,
  BroadcastFlags,
  EncodedPacket,
  SocketDetails,
} from '../../../src/server/adapter/adapter.js';

/** A write the adapter made through the namespace view. */
export interface RecordedWrite {
  id: string;
  packet: EncodedPacket;
  flags: BroadcastFlags;
  ack?: AckRequest;
}

/**
 * A namespace view that records writes; ids in `unwritable` refuse them, as a gone socket would. With `recovery`,
 * the adapter built over it keeps sessions and logs packets.
 */
export class FakeNamespace implements AdapterNamespace {
  readonly writes: RecordedWrite[] = [];
  readonly disconnected: { id: string; close: boolean }[] = [];
  readonly unwritable = new Set<string>();
  /** What other servers sent with `serverSideEmit`. */
  readonly serverSide: unknown[][] = [];
  private ids = 0;

  constructor(
    readonly name: string,
    private readonly adapterRef: () => Adapter,
    readonly recovery?: AdapterRecoveryOptions,
  ) {}

  serverSideEmitted(args: unknown[]): void {
    this.serverSide.push(args);
  }

  writeTo(id: string, packet: EncodedPacket, flags: BroadcastFlags, ack?: AckRequest): boolean {
    if (this.unwritable.has(id)) return false;
    this.writes.push(ack ? { id, packet, flags, ack } : { id, packet, flags });
    return true;
  }

  nextAckId(): number {
    return this.ids++;
  }

  socketDetails(id: string): SocketDetails | undefined {
    const rooms = this.adapterRef().socketRooms(id);
    return rooms ? { id, handshake: { issued: 1 }, rooms, data: { who: id } } : undefined;
  }

  disconnectSocket(id: string, close: boolean): void {
    this.disconnected.push({ id, close });
    this.adapterRef().delAll(id);
  }

  writtenTo(): string[] {
    return this.writes.map((w) => w.id).sort();
  }
}

export type MakeAdapter = (nsp: AdapterNamespace) => Adapter | Promise<Adapter>;

const all = new Set<string>();
const rooms = (...names: string[]) => new Set(names);

/**
 * The behaviour every adapter must have, run against each implementation (the memory adapter now, a
 * cluster adapter later). `makeAdapter` gets the namespace view the adapter must write through.
 */
export function runAdapterContract(name: string, makeAdapter: MakeAdapter): void {
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

    it('broadcasts to every socket, encoding the packet once', () => {
      adapter.broadcast({ type: 2, nsp: '/chat', data: ['hi', 1] }, { rooms: all });
      expect(nsp.writtenTo()).to.deep.equal(['a', 'b', 'c']);
      const first = nsp.writes[0]!.packet;
      for (const w of nsp.writes) expect(w.packet).to.equal(first);
      expect(decodeAll(first)).to.deep.equal({ type: 2, nsp: '/chat', data: ['hi', 1] });
    });

    it('broadcasts binary as one text chunk plus attachments', () => {
      adapter.broadcast({ type: 2, nsp: '/chat', data: ['bin', new Uint8Array([1, 2])] }, { rooms: rooms('a') });
      const packet = nsp.writes[0]!.packet;
      expect(packet.length).to.equal(2);
      const decoded = decodeAll(packet) as { data: [string, Uint8Array] };
      expect([...decoded.data[1]]).to.deep.equal([1, 2]);
    });

    it('targets the union of rooms once per socket, minus the except rooms', () => {
      adapter.broadcast({ type: 2, nsp: '/chat', data: ['x'] }, { rooms: rooms('red', 'blue') });
      expect(nsp.writtenTo()).to.deep.equal(['a', 'b', 'c']);
      nsp.writes.length = 0;
      adapter.broadcast({ type: 2, nsp: '/chat', data: ['x'] }, { rooms: rooms('red', 'blue'), except: rooms('b') });
      expect(nsp.writtenTo()).to.deep.equal(['a', 'c']);
      nsp.writes.length = 0;
      adapter.broadcast({ type: 2, nsp: '/chat', data: ['x'] }, { rooms: all, except: rooms('red') });
      expect(nsp.writtenTo()).to.deep.equal(['c']);
    });

    it('passes the flags through to every write', () => {
      const flags = { volatile: true, compress: false };
      adapter.broadcast({ type: 2, nsp: '/chat', data: ['x'] }, { rooms: rooms('blue'), flags });
      expect(nsp.writes.map((w) => w.flags)).to.deep.equal([flags, flags]);
    });

    it('broadcasts with ack: one ack id, the count of sockets written, responses forwarded', async () => {
      nsp.unwritable.add('c');
      const counts: number[] = [];
      const responses: unknown[] = [];
      adapter.broadcastWithAck(
        { type: 2, nsp: '/chat', data: ['q'] },
        { rooms: all, flags: { timeout: 100 } },
        (n) => counts.push(n),
        (r) => responses.push(r),
      );
      await waitFor(() => counts.length > 0);
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
      adapter.addSockets({ rooms: rooms('red') }, ['green']);
      await waitFor(() => adapter.rooms.get('green')?.size === 2);
      adapter.delSockets({ rooms: all, except: rooms('a') }, ['green', 'red']);
      await waitFor(() => adapter.rooms.get('green')?.size === 1);
      expect([...adapter.rooms.get('green')!]).to.deep.equal(['a']);
      expect([...adapter.rooms.get('red')!]).to.deep.equal(['a']);
    });

    it('disconnects matching sockets through the namespace', async () => {
      adapter.disconnectSockets({ rooms: rooms('blue'), except: rooms('b') }, true);
      await waitFor(() => nsp.disconnected.length === 1);
      expect(nsp.disconnected).to.deep.equal([{ id: 'c', close: true }]);
    });

    it('counts at least this server', async () => {
      expect(await adapter.serverCount()).to.be.at.least(1);
    });

    it('appends no offset and restores no session without recovery', async () => {
      adapter.broadcast({ type: 2, nsp: '/chat', data: ['x'] }, { rooms: rooms('a') });
      expect(decodeAll(nsp.writes[0]!.packet).data).to.deep.equal(['x']);
      await adapter.persistSession({ sid: 'a', pid: 'p', rooms: ['a'], data: {} });
      expect(await adapter.restoreSession('p', '0')).to.equal(null);
    });

    it('calls a serverSideEmit callback once, without error, with the responses of the other servers', async () => {
      const calls: [Error | null, unknown[]][] = [];
      adapter.serverSideEmit(['hello', 1, (err: Error | null, responses: unknown[]) => calls.push([err, responses])]);
      await waitFor(() => calls.length > 0);
      expect(calls).to.have.length(1);
      expect(calls[0]![0]).to.equal(null);
      expect(calls[0]![1]).to.be.an('array');
    });
  });

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
      adapter.broadcast({ type: 2, nsp: '/chat', data: ['one'] }, { rooms: all });
      adapter.broadcast({ type: 2, nsp: '/chat', data: ['two'] }, { rooms: rooms('red') });
      adapter.broadcast({ type: 2, nsp: '/chat', data: ['v'] }, { rooms: all, flags: { volatile: true } });
      adapter.broadcastWithAck({ type: 2, nsp: '/chat', data: ['q'] }, { rooms: rooms('a'), flags: { timeout: 100 } }, () => {}, () => {});
      await waitFor(() => nsp.writes.length === 6);
      const [one, two] = [nsp.writes[0]!, nsp.writes[2]!];
      expect(decodeAll(one.packet).data).to.have.length(2);
      expect(offsetOf(one)).to.be.a('string');
      expect(offsetOf(two)).to.be.a('string').and.not.equal(offsetOf(one));
      expect(decodeAll(nsp.writes[3]!.packet).data).to.deep.equal(['v']);
      expect(decodeAll(nsp.writes[5]!.packet).data).to.deep.equal(['q']);
    });

    it('restores a session with the packets its rooms missed after the offset, in order, once', async () => {
      adapter.broadcast({ type: 2, nsp: '/chat', data: ['seen'] }, { rooms: all });
      await waitFor(() => nsp.writes.length === 2);
      const offset = offsetOf(nsp.writes.find((w) => w.id === 'a')!);
      adapter.delAll('a');
      await adapter.persistSession({ sid: 'a', pid: 'secret', rooms: ['a', 'red'], data: { n: 1 } });
      adapter.broadcast({ type: 2, nsp: '/chat', data: ['1 to all'] }, { rooms: all });
      adapter.broadcast({ type: 2, nsp: '/chat', data: ['2 to blue'] }, { rooms: rooms('blue') });
      adapter.broadcast({ type: 2, nsp: '/chat', data: ['3 to red'] }, { rooms: rooms('red') });
      adapter.broadcast({ type: 2, nsp: '/chat', data: ['4 not to red'] }, { rooms: all, except: rooms('red') });
      adapter.broadcast({ type: 2, nsp: '/chat', data: ['5 to a'] }, { rooms: rooms('a') });
      adapter.broadcast({ type: 2, nsp: '/chat', data: ['volatile'] }, { rooms: all, flags: { volatile: true } });
      expect(await adapter.restoreSession('secret', 'bogus')).to.equal(null);
      await adapter.persistSession({ sid: 'a', pid: 'secret', rooms: ['a', 'red'], data: { n: 1 } });
      expect(await adapter.restoreSession('unknown', offset)).to.equal(null);
      const session = await adapter.restoreSession('secret', offset);
      expect(session).to.not.equal(null);
      expect(session!.sid).to.equal('a');
      expect(session!.pid).to.equal('secret');
      expect([...session!.rooms].sort()).to.deep.equal(['a', 'red']);
      expect(session!.data).to.deep.equal({ n: 1 });
      const missed = session!.missedPackets.map((p) => (decodeAll(p).data as unknown[]).slice(0, -1));
      expect(missed).to.deep.equal([['1 to all'], ['3 to red'], ['5 to a']]);
      expect(await adapter.restoreSession('secret', offset)).to.equal(null);
    });
  });
}

/** A cluster adapter may act after a round trip; the memory adapter acts at once. */
async function waitFor(check: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !check(); i++) await new Promise((r) => setImmediate(r));
  expect(check()).to.equal(true);
}
