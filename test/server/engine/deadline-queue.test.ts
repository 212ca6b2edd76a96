import { expect } from 'chai';
import { DeadlineQueue, type Queued } from '../../../src/server/engine/deadline-queue.js';

class Entry implements Queued {
  _qPrev: Queued | null = null;
  _qNext: Queued | null = null;
  _qAt = 0;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  _qIn: DeadlineQueue<any> | null = null;
  constructor(readonly name: string) {}
}

/** Records the timers set while it is installed and still pending (neither fired nor cleared). */
function trackTimers(): { pending: () => number; restore: () => void } {
  const live = new Set<unknown>();
  const realSet = globalThis.setTimeout;
  const realClear = globalThis.clearTimeout;
  globalThis.setTimeout = ((fn: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const t = realSet((...a: unknown[]) => {
      live.delete(t);
      fn(...a);
    }, ms, ...args);
    live.add(t);
    return t;
  }) as typeof setTimeout;
  globalThis.clearTimeout = ((t: NodeJS.Timeout) => {
    live.delete(t);
    realClear(t);
  }) as typeof clearTimeout;
  return {
    pending: () => live.size,
    restore() {
      globalThis.setTimeout = realSet;
      globalThis.clearTimeout = realClear;
    },
  };
}

describe('DeadlineQueue timers', () => {
  let tracked: ReturnType<typeof trackTimers>;
  beforeEach(() => (tracked = trackTimers()));
  afterEach(() => tracked.restore());

  it('holds one timer while it has entries and none once they are all called back or removed', async () => {
    let done!: () => void;
    const fired = new Promise<void>((resolve) => (done = resolve));
    const q = new DeadlineQueue<Entry>(2, () => done());
    const [a, b, c] = [new Entry('a'), new Entry('b'), new Entry('c')];
    q.add(a);
    q.add(b);
    expect(tracked.pending()).to.equal(1);
    q.remove(b);
    q.remove(a);
    expect(tracked.pending()).to.equal(0);
    q.add(c);
    await fired;
    expect(tracked.pending()).to.equal(0);
  });
});

describe('DeadlineQueue', () => {
  it('calls entries back in the order they were added, once each', async () => {
    const fired: string[] = [];
    let done!: () => void;
    const all = new Promise<void>((resolve) => (done = resolve));
    const q = new DeadlineQueue<Entry>(5, (e) => {
      fired.push(e.name);
      if (fired.length === 3) done();
    });
    for (const name of ['a', 'b', 'c']) q.add(new Entry(name));
    await all;
    expect(fired).to.deep.equal(['a', 'b', 'c']);
  });

  it('forgets a removed entry and moves an entry added again to the back', async () => {
    const fired: string[] = [];
    const a = new Entry('a');
    const b = new Entry('b');
    const c = new Entry('c');
    let done!: () => void;
    const last = new Promise<void>((resolve) => (done = resolve));
    const q = new DeadlineQueue<Entry>(5, (e) => {
      fired.push(e.name);
      if (e === a) done();
    });
    q.add(a);
    q.add(b);
    q.add(c);
    q.remove(b);
    q.add(a);
    expect(a._qIn).to.equal(q);
    expect(b._qIn).to.equal(null);
    await last;
    expect(fired).to.deep.equal(['c', 'a']);
    q.remove(b);
  });

  it('takes an entry out of another queue when added, and calls a callback that re-adds its entry once per run', async () => {
    const fired: string[] = [];
    const e = new Entry('e');
    let done!: () => void;
    const twice = new Promise<void>((resolve) => (done = resolve));
    const other = new DeadlineQueue<Entry>(10_000, () => fired.push('other'));
    other.add(e);
    const q = new DeadlineQueue<Entry>(1, (entry) => {
      fired.push(entry.name);
      if (fired.length < 2) q.add(entry);
      else done();
    });
    q.add(e);
    expect(e._qIn).to.equal(q);
    await twice;
    expect(fired).to.deep.equal(['e', 'e']);
    expect(e._qIn).to.equal(null);
  });
});

describe('DeadlineQueue, a callback that throws', () => {
  let saved: NodeJS.UncaughtExceptionListener[];
  const caught: unknown[] = [];

  // The error reaches 'uncaughtException' (as a throwing timer callback does); a server that logs and goes on
  // must keep the heartbeat of every other connection.
  beforeEach(() => {
    saved = process.listeners('uncaughtException');
    process.removeAllListeners('uncaughtException');
    process.on('uncaughtException', (err) => caught.push(err));
  });

  afterEach(() => {
    process.removeAllListeners('uncaughtException');
    for (const l of saved) process.on('uncaughtException', l);
    caught.length = 0;
  });

  it('still calls the other entries back', async () => {
    const fired: string[] = [];
    let done!: () => void;
    const second = new Promise<void>((resolve) => (done = resolve));
    const q = new DeadlineQueue<Entry>(1, (e) => {
      fired.push(e.name);
      if (e.name === 'a') throw new Error('listener failed');
      done();
    });
    q.add(new Entry('a'));
    q.add(new Entry('b'));
    await second;
    expect(fired).to.deep.equal(['a', 'b']);
    expect(caught).to.have.length(1);
  });
});
