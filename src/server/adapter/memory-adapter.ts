import { encodeSocketPacket } from '../../protocol/socket-encoder.js';
import type { SocketPacket } from '../../protocol/socket-packet.js';
import { NodeStyleEmitter } from '../../shared/node-style-emitter.js';
import type {
  Adapter,
  AdapterEvents,
  AdapterNamespace,
  BroadcastOptions,
  EncodedPacket,
  PersistedSession,
  RestoredSession,
  Room,
  SocketDetails,
  SocketId,
} from './adapter.js';
import { isRecoverable, serverSideEmitAlone } from './adapter.js';
import { SessionStore } from './session-store.js';
import { adapterLog } from '../observability/debug-log.js';

export interface MemoryAdapterOptions {
  /** With connection state recovery: the most packets kept in the log (default 100,000); see `SessionStore`. */
  maxLoggedPackets?: number;
  /** The clock the recovery window is measured with (tests pass a fake one); `Date.now` by default. */
  now?: () => number;
}

/**
 * The default adapter: rooms kept in this process's memory.
 *
 * @example
 *   const io = new Server({ adapter: MemoryAdapter });
 */
export class MemoryAdapter extends NodeStyleEmitter<AdapterEvents> implements Adapter {
  readonly rooms = new Map<Room, Set<SocketId>>();
  readonly sids = new Map<SocketId, Set<Room>>();
  /** Sessions and the packet log, only when the server enables connection state recovery. */
  private readonly store: SessionStore | undefined;

  constructor(
    readonly nsp: AdapterNamespace,
    options: MemoryAdapterOptions = {},
  ) {
    super();
    const recovery = nsp.recovery;
    if (recovery) {
      this.store = new SessionStore({
        maxDisconnectionDuration: recovery.maxDisconnectionDuration,
        maxPackets: options.maxLoggedPackets,
        now: options.now,
      });
    }
  }

  init(): void {}

  close(): void {
    this.store?.close();
  }

  serverCount(): Promise<number> {
    return Promise.resolve(1);
  }

  addAll(id: SocketId, rooms: Iterable<Room>): void {
    let own = this.sids.get(id);
    for (const room of rooms) {
      if (own?.has(room)) continue;
      if (!own && room === id && !this.rooms.has(id)) {
        // A socket joining its own room first (every socket, on connect): see `shared`.
        own = new Set([id]);
        this.sids.set(id, own);
        this.rooms.set(id, own);
        this.emitReserved('create-room', id);
        this.emitReserved('join-room', id, id);
        // A listener may have joined or left rooms, splitting the shared Set: go on with the socket's current one.
        own = this.sids.get(id);
        continue;
      }
      if (!own) this.sids.set(id, (own = new Set()));
      else if (this.shared(id, own)) own = this.split(id);
      own.add(room);
      let members = this.rooms.get(room);
      if (!members) {
        this.rooms.set(room, (members = new Set()));
        if (adapterLog.enabled) adapterLog('%s: room %s created', this.nsp.name, room);
        this.emitReserved('create-room', room);
      } else if (this.shared(room, members)) {
        this.split(room);
      }
      members.add(id);
      this.emitReserved('join-room', room, id);
    }
  }

  del(id: SocketId, room: Room): void {
    let own = this.sids.get(id);
    if (!own?.has(room)) return;
    if (this.shared(id, own)) own = this.split(id);
    own.delete(room);
    this.leaveRoom(id, room);
  }

  delAll(id: SocketId): void {
    const own = this.sids.get(id);
    if (!own) return;
    this.sids.delete(id);
    // A Set shared with the socket's own room (see `shared`) is emptied by leaving that room, which ends the loop.
    for (const room of own) this.leaveRoom(id, room);
  }

  broadcast(packet: SocketPacket, opts: BroadcastOptions): void {
    const flags = opts.flags ?? {};
    const encoded =
      this.store !== undefined && isRecoverable(packet, flags)
        ? this.logged(packet, opts, this.store)
        : encodeSocketPacket({ ...packet, nsp: this.nsp.name });
    for (const id of this.matching(opts)) this.nsp.writeTo(id, encoded, flags);
  }

  broadcastWithAck(
    packet: SocketPacket,
    opts: BroadcastOptions,
    clientCount: (count: number) => void,
    ack: (response: unknown) => void,
  ): void {
    const flags = opts.flags ?? {};
    const id = this.nsp.nextAckId();
    const encoded = encodeSocketPacket({ ...packet, nsp: this.nsp.name, id });
    let count = 0;
    for (const sid of this.matching(opts)) {
      if (this.nsp.writeTo(sid, encoded, flags, { id, fn: ack })) count++;
    }
    clientCount(count);
  }

  sockets(rooms: ReadonlySet<Room>): Promise<Set<SocketId>> {
    return Promise.resolve(new Set(this.matching({ rooms })));
  }

  socketRooms(id: SocketId): Set<Room> | undefined {
    return this.sids.get(id);
  }

  fetchSockets(opts: BroadcastOptions): Promise<SocketDetails[]> {
    const found: SocketDetails[] = [];
    for (const id of this.matching(opts)) {
      const details = this.nsp.socketDetails(id);
      if (details) found.push(details);
    }
    return Promise.resolve(found);
  }

  addSockets(opts: BroadcastOptions, rooms: Room[]): void {
    for (const id of this.matching(opts)) this.addAll(id, rooms);
  }

  delSockets(opts: BroadcastOptions, rooms: Room[]): void {
    for (const id of this.matching(opts)) for (const room of rooms) this.del(id, room);
  }

  disconnectSockets(opts: BroadcastOptions, close: boolean): void {
    for (const id of this.matching(opts)) this.nsp.disconnectSocket(id, close);
  }

  /**
   * With a single server there is no other server to reach (see `serverSideEmitAlone`). Socket.IO 4.8's
   * in-memory adapter only warns and never calls the callback, so `serverSideEmitWithAck` would hang there.
   */
  serverSideEmit(packet: unknown[]): void {
    serverSideEmitAlone(packet);
  }

  persistSession(session: PersistedSession): void {
    if (!this.store) return;
    adapterLog('%s: session of %s kept for recovery, in %d room(s)', this.nsp.name, session.sid, session.rooms.length);
    this.store.persist(session);
  }

  restoreSession(pid: string, offset: string): RestoredSession | null {
    const session = this.store?.restore(pid, offset) ?? null;
    if (adapterLog.enabled) adapterLog('%s: session lookup %s', this.nsp.name, session ? `found ${session.sid}` : 'missed (unknown, expired or offset too old)');
    return session;
  }

  /** Appends the packet's offset as its last argument, encodes it once and logs it for recovery. */
  private logged(packet: SocketPacket, opts: BroadcastOptions, store: SessionStore): EncodedPacket {
    const data = packet.data as unknown[];
    return store.record(opts, (offset) => encodeSocketPacket({ ...packet, nsp: this.nsp.name, data: [...data, offset] }));
  }

  private leaveRoom(id: SocketId, room: Room): void {
    const members = this.rooms.get(room);
    if (!members?.delete(id)) return;
    this.emitReserved('leave-room', room, id);
    if (members.size) return;
    this.rooms.delete(room);
    if (adapterLog.enabled && room !== id) adapterLog('%s: room %s deleted', this.nsp.name, room);
    this.emitReserved('delete-room', room);
  }

  /**
   * While a socket is in its own room only (the usual idle socket), one Set `{id}` is both its list of rooms
   * (`sids`) and the member list of room `id` (`rooms`), which saves a Set (~150 bytes) per connection. Always
   * of size 1; `split` gives the socket its own copy before either side changes.
   */
  private shared(id: SocketId, set: Set<string>): boolean {
    return set.size === 1 && this.sids.get(id) === set && this.rooms.get(id) === set;
  }

  /** Ends the sharing for socket `id`: its list of rooms becomes a copy; the room's member Set stays as it is. */
  private split(id: SocketId): Set<Room> {
    const own = new Set(this.sids.get(id));
    this.sids.set(id, own);
    return own;
  }

  /** Ids in any of `opts.rooms` (all when empty) and in none of `opts.except`, each once; a snapshot. */
  private matching(opts: Pick<BroadcastOptions, 'rooms'> & { except?: ReadonlySet<Room> }): SocketId[] {
    const except = this.excluded(opts.except);
    const ids: SocketId[] = [];
    if (!opts.rooms.size) {
      for (const id of this.sids.keys()) if (!except?.has(id)) ids.push(id);
      return ids;
    }
    const seen = opts.rooms.size > 1 ? new Set<SocketId>() : undefined;
    for (const room of opts.rooms) {
      const members = this.rooms.get(room);
      if (!members) continue;
      for (const id of members) {
        if (except?.has(id) || seen?.has(id)) continue;
        seen?.add(id);
        ids.push(id);
      }
    }
    return ids;
  }

  private excluded(except: ReadonlySet<Room> | undefined): Set<SocketId> | undefined {
    if (!except?.size) return undefined;
    const ids = new Set<SocketId>();
    for (const room of except) {
      const members = this.rooms.get(room);
      if (members) for (const id of members) ids.add(id);
    }
    return ids;
  }
}
