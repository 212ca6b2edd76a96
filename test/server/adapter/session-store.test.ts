import { expect } from 'chai';
import { SessionStore } from '../../../src/server/adapter/session-store.js';
import type { BroadcastOptions, EncodedPacket } from '../../../src/server/adapter/adapter.js';

const ALL: BroadcastOptions = { rooms: new Set(), except: new Set() };
const to = (...rooms: string[]): BroadcastOptions => ({ rooms: new Set(rooms), except: new Set() });
/** The "encoded" packet is just the text and its offset, enough to see what was logged. */
const text = (t: string) => (offset: string): EncodedPacket => [`${t}@${offset}`];
const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

describe('SessionStore (in-memory recovery state)', () => {
  let clock: number;
  let store: SessionStore;

  beforeEach(() => {
    clock = 1_000;
    store = new SessionStore({ maxDisconnectionDuration: 1000, maxPackets: 5, now: () => clock });
  });

  afterEach(() => store.close());

  const session = (pid = 'p') => ({ sid: 's', pid, rooms: ['s', 'red'], data: { x: 1 } });

  it('gives each packet the next offset and replays those after a known one', () => {
    expect(store.record(ALL, text('a'))).to.deep.equal(['a@0']);
    store.record(ALL, text('b'));
    store.persist(session());
    store.record(to('red'), text('c'));
    store.record(to('blue'), text('d'));
    const restored = store.restore('p', '0');
    expect(restored?.encodedPackets).to.deep.equal([['b@1'], ['c@2']]);
    expect(restored).to.include({ sid: 's', pid: 'p' });
  });

  it('refuses offsets it never issued, malformed ones and those older than the log', () => {
    for (let i = 0; i < 8; i++) store.record(ALL, text(String(i))); // 5 kept: offsets 3..7
    for (const bad of ['8', '-1', '1', '01', '1e3', '', ' 3', '99999999999999999999']) {
      store.persist(session());
      expect(store.restore('p', bad), bad).to.equal(null);
    }
    // The packet at offset 2 fell off the log, but every later one is there: nothing is lost.
    store.persist(session());
    expect(store.restore('p', '2')!.encodedPackets).to.have.length(5);
    store.persist(session());
    expect(store.restore('p', '7')!.encodedPackets).to.deep.equal([]);
  });

  it('never keeps more than maxPackets', () => {
    for (let i = 0; i < 1000; i++) store.record(ALL, text(String(i)));
    expect(store.size.packets).to.equal(5);
  });

  it('forgets sessions and packets once maxDisconnectionDuration has passed', () => {
    store.record(ALL, text('a'));
    store.persist(session('p'));
    store.persist(session('q'));
    clock += 1000;
    store.record(ALL, text('b')); // the window is inclusive: 'a' is still there
    expect(store.restore('p', '0')!.encodedPackets).to.deep.equal([['b@1']]);
    clock += 1;
    expect(store.restore('q', '0')).to.equal(null);
    expect(store.size.sessions).to.equal(0);
    clock += 1000;
    store.purge();
    expect(store.size).to.deep.equal({ sessions: 0, packets: 0 });
  });

  it('restores a session once', () => {
    store.record(ALL, text('a'));
    store.persist(session());
    expect(store.restore('p', '0')).to.not.equal(null);
    expect(store.restore('p', '0')).to.equal(null);
  });

  it('runs its purge timer only while it keeps something, and close() clears it', () => {
    const before = timers();
    store.persist(session());
    expect(timers()).to.equal(before + 1);
    clock += 5000;
    store.purge();
    expect(timers()).to.equal(before);
    store.record(ALL, text('a'));
    expect(timers()).to.equal(before + 1);
    store.close();
    expect(timers()).to.equal(before);
  });

  it('keeps nothing and starts no timer once closed (a packet sent during shutdown)', () => {
    const before = timers();
    store.close();
    expect(store.record(ALL, text('late'))).to.deep.equal(['late@0']);
    store.persist(session());
    expect(timers()).to.equal(before);
    expect(store.size).to.deep.equal({ sessions: 0, packets: 0 });
    expect(store.restore('p', '0')).to.equal(null);
  });

  it('compacts a long log as packets expire, keeping offsets in step', () => {
    const big = new SessionStore({ maxDisconnectionDuration: 10, now: () => clock });
    try {
      for (let i = 0; i < 5000; i++) {
        clock++;
        big.record(ALL, text(String(i)));
      }
      expect(big.size.packets).to.equal(11);
      big.persist(session());
      expect(big.restore('p', '4997')!.encodedPackets).to.deep.equal([['4998@4998'], ['4999@4999']]);
    } finally {
      big.close();
    }
  });
});
