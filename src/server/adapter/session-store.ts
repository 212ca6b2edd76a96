import type { BroadcastOptions, EncodedPacket, PersistedSession, RestoredSession, Room } from './adapter.js';

export interface SessionStoreOptions {
  /** Milliseconds a disconnected session, and a logged packet, is kept (the recovery window). */
  maxDisconnectionDuration: number;
  /**
   * The most packets kept, whatever their age: past it the oldest go, and a client whose offset went with them
   * gets a fresh session. A safety net against a broadcast rate the time window alone would not bound.
   */
  maxPackets?: number;
  /** The clock, in milliseconds (tests pass a fake one). */
  now?: () => number;
}

interface LoggedPacket {
  readonly at: number;
  readonly rooms: ReadonlySet<Room>;
  readonly except: ReadonlySet<Room> | undefined;
  readonly packet: EncodedPacket;
}

interface StoredSession extends PersistedSession {
  readonly disconnectedAt: number;
}

const DEFAULT_MAX_PACKETS = 100_000;
/** The purge timer runs at most this often (Socket.IO purges every minute too). */
const MAX_PURGE_PERIOD = 60_000;
/** An offset is the packet's sequence number in decimal: digits only, within the safe integers. */
const OFFSET = /^(0|[1-9]\d{0,15})$/;

/**
 * The in-memory side of connection state recovery for one namespace: the sessions of sockets that disconnected
 * for a recoverable reason, and a log of the packets sent, each with its offset and its audience, both kept for
 * `maxDisconnectionDuration`.
 *
 * Offsets are sequence numbers, so finding a client's offset is arithmetic, not a search. The log is an array
 * with a moving head: expired packets fall off the head as new ones are appended (and on a timer), so it is
 * bounded by what the window holds, and by `maxPackets`. The purge timer runs only while something is stored,
 * and `close()` clears it.
 *
 * @example
 *   const store = new SessionStore({ maxDisconnectionDuration: 120_000 });
 *   const encoded = store.record(opts, (offset) => encode([...data, offset]));
 */
export class SessionStore {
  private readonly sessions = new Map<string, StoredSession>();
  private log: LoggedPacket[] = [];
  /** Index in `log` of the oldest packet still kept. */
  private head = 0;
  /** Sequence number of `log[head]` (when the log is empty: of the next packet). */
  private firstSeq = 0;
  private timer: ReturnType<typeof setInterval> | undefined;
  /**
   * Set by `close()`, for good: a late emit (a 'disconnect' listener during shutdown, a reference kept to a
   * cleaned-up namespace) must not start the timer again.
   */
  private closed = false;
  private readonly maxAge: number;
  private readonly maxPackets: number;
  private readonly now: () => number;

  constructor(options: SessionStoreOptions) {
    this.maxAge = options.maxDisconnectionDuration;
    this.maxPackets = options.maxPackets ?? DEFAULT_MAX_PACKETS;
    this.now = options.now ?? Date.now;
  }

  /** How many sessions and packets are kept now. */
  get size(): { sessions: number; packets: number } {
    return { sessions: this.sessions.size, packets: this.log.length - this.head };
  }

  /**
   * Logs a packet for `opts`' audience: `encode` gets the packet's offset (to append to its arguments) and returns
   * the encoded packet, which is kept and returned.
   */
  record(opts: BroadcastOptions, encode: (offset: string) => EncodedPacket): EncodedPacket {
    if (this.closed) return encode(String(this.firstSeq++));
    const at = this.now();
    this.dropExpired(at);
    if (this.log.length - this.head >= this.maxPackets) this.dropHead(1);
    const packet = encode(String(this.firstSeq + this.log.length - this.head));
    this.log.push({ at, rooms: opts.rooms, except: opts.except?.size ? opts.except : undefined, packet });
    this.startTimer();
    return packet;
  }

  /** Keeps a disconnected socket's session (replacing an older one with the same pid). */
  persist(session: PersistedSession): void {
    if (this.closed) return;
    this.sessions.set(session.pid, { ...session, rooms: [...session.rooms], disconnectedAt: this.now() });
    this.startTimer();
  }

  /**
   * The session `pid` with the packets sent after `offset` that its rooms would have received, in order; null
   * when the session is unknown or expired, or the offset was never issued or is older than the log. The session
   * is taken out of the store either way: it is restored at most once.
   */
  restore(pid: string, offset: string): RestoredSession | null {
    const session = this.sessions.get(pid);
    if (!session) return null;
    this.sessions.delete(pid);
    const now = this.now();
    if (now - session.disconnectedAt > this.maxAge) return null;
    this.dropExpired(now);
    if (!OFFSET.test(offset)) return null;
    const seq = Number(offset);
    const lastSeq = this.firstSeq + this.log.length - this.head - 1;
    // The packet at `offset` may itself be gone, as long as every later one is still here.
    if (seq < this.firstSeq - 1 || seq > lastSeq) return null;
    const encodedPackets: EncodedPacket[] = [];
    const rooms = session.rooms;
    for (let i = this.head + (seq + 1 - this.firstSeq); i < this.log.length; i++) {
      const entry = this.log[i]!;
      if (reaches(entry, rooms)) encodedPackets.push(entry.packet);
    }
    const { disconnectedAt: _, ...kept } = session;
    return { ...kept, encodedPackets };
  }

  /** Drops expired sessions and packets; stops the timer once nothing is left. */
  purge(): void {
    const now = this.now();
    for (const [pid, session] of this.sessions) if (now - session.disconnectedAt > this.maxAge) this.sessions.delete(pid);
    this.dropExpired(now);
    if (!this.sessions.size && this.head === this.log.length) this.stopTimer();
  }

  /** Forgets everything and clears the timer, for good: later packets and sessions are not kept. */
  close(): void {
    this.closed = true;
    this.stopTimer();
    this.sessions.clear();
    this.firstSeq += this.log.length - this.head;
    this.log = [];
    this.head = 0;
  }

  private dropExpired(now: number): void {
    let n = 0;
    const log = this.log;
    while (this.head + n < log.length && now - log[this.head + n]!.at > this.maxAge) n++;
    if (n) this.dropHead(n);
  }

  private dropHead(n: number): void {
    this.head += n;
    this.firstSeq += n;
    // Compact once the dead prefix is at least half of the array, so appends stay amortized O(1).
    if (this.head === this.log.length) {
      this.log = [];
      this.head = 0;
    } else if (this.head >= 1024 && this.head * 2 >= this.log.length) {
      this.log = this.log.slice(this.head);
      this.head = 0;
    }
  }

  private startTimer(): void {
    if (this.timer !== undefined) return;
    const period = Math.max(1000, Math.min(MAX_PURGE_PERIOD, this.maxAge));
    this.timer = setInterval(() => this.purge(), period);
  }

  private stopTimer(): void {
    if (this.timer === undefined) return;
    clearInterval(this.timer);
    this.timer = undefined;
  }
}

/** Whether a packet logged for `entry`'s audience would have reached a socket in `rooms`. */
function reaches(entry: LoggedPacket, rooms: readonly Room[]): boolean {
  if (entry.except && rooms.some((room) => entry.except!.has(room))) return false;
  return entry.rooms.size === 0 || rooms.some((room) => entry.rooms.has(room));
}
