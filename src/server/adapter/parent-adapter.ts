import type { SocketPacket } from '../../protocol/socket-packet.js';
import { Emitter } from '../../shared/emitter.js';
import type {
  Adapter,
  AdapterEvents,
  AdapterNamespace,
  BroadcastOptions,
  RestoredSession,
  Room,
  SocketDetails,
  SocketId,
} from './adapter.js';
import { serverSideEmitAlone } from './adapter.js';

/**
 * The adapter of a dynamic parent namespace (`io.of(/^\/room-\d+$/)`): it keeps no rooms of its own and
 * forwards every operation to the adapters of the child namespaces created so far.
 */
export class ParentAdapter extends Emitter<AdapterEvents> implements Adapter {
  readonly rooms = new Map<Room, Set<SocketId>>();
  readonly sids = new Map<SocketId, Set<Room>>();

  constructor(
    readonly nsp: AdapterNamespace,
    private readonly children: ReadonlySet<{ readonly adapter: Adapter }>,
  ) {
    super();
  }

  init(): void {}
  close(): void {}
  addAll(): void {}
  del(): void {}
  delAll(): void {}

  socketRooms(): Set<Room> | undefined {
    return undefined;
  }

  /** A parent has no sockets of its own, hence no sessions: its children's adapters keep theirs. */
  persistSession(): void {}

  restoreSession(): RestoredSession | null {
    return null;
  }

  /** Server-side events go to the children's namespaces by name; the parent reaches no other server. */
  serverSideEmit(packet: unknown[]): void {
    serverSideEmitAlone(packet);
  }

  serverCount(): Promise<number> {
    return Promise.resolve(1);
  }

  broadcast(packet: SocketPacket, opts: BroadcastOptions): void {
    for (const child of this.children) child.adapter.broadcast(packet, opts);
  }

  /** Sums what the children wrote to, so the caller sees one count for this server. */
  broadcastWithAck(
    packet: SocketPacket,
    opts: BroadcastOptions,
    clientCount: (count: number) => void,
    ack: (response: unknown) => void,
  ): void {
    let pending = this.children.size;
    let total = 0;
    if (!pending) return clientCount(0);
    for (const child of this.children) {
      child.adapter.broadcastWithAck(packet, opts, (count) => {
        total += count;
        if (--pending === 0) clientCount(total);
      }, ack);
    }
  }

  async sockets(rooms: ReadonlySet<Room>): Promise<Set<SocketId>> {
    const all = new Set<SocketId>();
    for (const child of this.children) for (const id of await child.adapter.sockets(rooms)) all.add(id);
    return all;
  }

  async fetchSockets(opts: BroadcastOptions): Promise<SocketDetails[]> {
    const lists = await Promise.all([...this.children].map((child) => child.adapter.fetchSockets(opts)));
    return lists.flat();
  }

  addSockets(opts: BroadcastOptions, rooms: Room[]): void {
    for (const child of this.children) child.adapter.addSockets(opts, rooms);
  }

  delSockets(opts: BroadcastOptions, rooms: Room[]): void {
    for (const child of this.children) child.adapter.delSockets(opts, rooms);
  }

  disconnectSockets(opts: BroadcastOptions, close: boolean): void {
    for (const child of this.children) child.adapter.disconnectSockets(opts, close);
  }
}
