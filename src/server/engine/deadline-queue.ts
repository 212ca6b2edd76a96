import { performance } from 'node:perf_hooks';

/** What a `DeadlineQueue` links: the fields live on the queued object itself, so queueing allocates nothing. */
export interface Queued {
  /** @internal */
  _qPrev: Queued | null;
  /** @internal */
  _qNext: Queued | null;
  /**
   * @internal When it was queued, in whole milliseconds of performance.now(); it is due `delay` later. An
   * integer stays a small integer in V8 for the first 24 days of a process, where a fraction would be boxed
   * (16 bytes per connection).
   */
  _qAt: number;
  /** @internal The queue it is in, if any. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  _qIn: DeadlineQueue<any> | null;
}

/** Deadlines are kept to the millisecond, and libuv reads its clock once per turn: a timer may fire this early. */
const SLACK_MS = 1;

const nowMs = (): number => Math.floor(performance.now());

/**
 * Many deadlines of one fixed delay under a single timer: the heartbeat of every connection of an engine.
 * With one delay, entries fall due in the order they were added, so the queue is a linked list with one
 * `setTimeout` for its head. Compared to a Node timer per connection (a `Timeout` object plus its argument
 * array, about 180 bytes, replaced on every pong), an idle connection carries four fields. The timer only runs
 * while the queue holds something, so an engine whose connections are all closed keeps no handle open.
 *
 * @example
 *   const pings = new DeadlineQueue<Conn>(25_000, (conn) => conn.ping());
 *   pings.add(conn);     // conn.ping() in 25 s, unless
 *   pings.remove(conn);  // it is taken out before
 */
export class DeadlineQueue<T extends Queued> {
  private _head: T | null = null;
  private _tail: T | null = null;
  private _timer: NodeJS.Timeout | null = null;
  private _size = 0;

  constructor(
    readonly delay: number,
    private readonly _due: (entry: T) => void,
  ) {}

  /** (Re)starts `entry`'s deadline: due `delay` ms from now, taken out of whichever queue held it. */
  add(entry: T): void {
    entry._qIn?.remove(entry);
    entry._qAt = nowMs();
    entry._qIn = this;
    entry._qNext = null;
    entry._qPrev = this._tail;
    if (this._tail) this._tail._qNext = entry;
    else this._head = entry;
    this._tail = entry;
    this._size++;
    this._timer ??= setTimeout(this._fire, this.delay);
  }

  /** Cancels `entry`'s deadline; nothing happens if it is not in this queue. */
  remove(entry: T): void {
    if (entry._qIn !== this) return;
    const { _qPrev: prev, _qNext: next } = entry;
    if (prev) prev._qNext = next;
    else this._head = next as T | null;
    if (next) next._qPrev = prev;
    else this._tail = prev as T | null;
    entry._qPrev = entry._qNext = entry._qIn = null;
    this._size--;
    // An emptied queue lets its timer go; a removed head only makes the timer fire early and re-arm.
    if (!this._head && this._timer) {
      clearTimeout(this._timer);
      this._timer = null;
    }
  }

  private readonly _fire = (): void => {
    this._timer = null;
    const now = nowMs();
    const delay = this.delay;
    // From the head each time, since a callback may remove or add entries. At most as many calls as there were
    // entries: one queued again by its callback goes to the tail and must wait for the next run.
    try {
      for (let e = this._head, n = this._size; e && n > 0 && e._qAt + delay <= now + SLACK_MS; e = this._head, n--) {
        this.remove(e);
        this._due(e);
      }
    } finally {
      // Re-armed for the head (a callback that queued again armed the timer for its own, later deadline), even
      // when a callback threw (a user's 'close' listener): the other entries must still fall due.
      if (this._timer) clearTimeout(this._timer);
      const head = this._head;
      this._timer = head ? setTimeout(this._fire, Math.max(1, head._qAt + delay - nowMs())) : null;
    }
  };
}
