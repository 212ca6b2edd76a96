import { encodeSocketPacket } from '../../protocol/socket-encoder.js';
import type { SocketPacket } from '../../protocol/socket-packet.js';
import { Emitter } from '../../shared/emitter.js';
import type {
  Adapter,
  AdapterEvents,
  AdapterNamespace,
  BroadcastOptions,
  Room,
  SocketDetails,
  SocketId,
} from './adapter.js';

/**
 * The default adapter: rooms kept in this process's memory.
 *
 * @example
 *   const io = new Server({ adapter: MemoryAdapter });
 */
export class MemoryAdapter extends Emitter<AdapterEvents> implements Adapter {
  readonly rooms = new Map<Room, Set<SocketId>>();
  readonly sids = new Map<SocketId, Set<Room>>();

  constructor(readonly nsp: AdapterNamespace) {
    super();
  }

  init(): void {}

  close(): void {}

  serverCount(): Promise<number> {
    return Promise.resolve(1);
  }

  addAll(id: SocketId, rooms: Iterable<Room>): void {
    let own = this.sids.get(id);
    if (!own) this.sids.set(id, (own = new Set()));
    for (const room of rooms) {
      if (own.has(room)) continue;
      own.add(room);
      let members = this.rooms.get(room);
      if (!members) {
        this.rooms.set(room, (members = new Set()));
        this.emitReserved('create-room', room);
      }
      members.add(id);
      this.emitReserved('join-room', room, id);
    }
  }

  del(id: SocketId, room: Room): void {
    const own = this.sids.get(id);
    if (!own?.delete(room)) return;
    this.leaveRoom(id, room);
  }

  delAll(id: SocketId): void {
    const own = this.sids.get(id);
    if (!own) return;
    this.sids.delete(id);
    for (const room of own) this.leaveRoom(id, room);
  }

  broadcast(packet: SocketPacket, opts: BroadcastOptions): void {
    const flags = opts.flags ?? {};
    const encoded = encodeSocketPacket({ ...packet, nsp: this.nsp.name });
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

  private leaveRoom(id: SocketId, room: Room): void {
    const members = this.rooms.get(room);
    if (!members?.delete(id)) return;
    this.emitReserved('leave-room', room, id);
    if (members.size) return;
    this.rooms.delete(room);
    this.emitReserved('delete-room', room);
  }

  /** Ids in any of `opts.rooms` (all when empty) and in none of `opts.except`, each once; a snapshot. */
  private matching(opts: BroadcastOptions): SocketId[] {
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
