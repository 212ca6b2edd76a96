import { encodeSocketPacket } from '../../../src/protocol/socket-encoder.js';
import type {
  AckRequest,
  Adapter,
  AdapterNamespace,
  AdapterRecoveryOptions,
  BroadcastFlags,
  EncodedPacket,
  SocketDetails,
} from '../../../src/server/adapter/adapter.js';
import type {
  AdapterHostClient,
  AdapterHostNamespace,
  AdapterHostServer,
  AdapterHostSocket,
  EngineWriteOptions,
} from '../../../src/server/adapter/adapter-host.js';
import { decodeAll } from './decode-all.js';

/** A write the adapter made, through the namespace view (sockjet's adapters) or a socket's writer (official ones). */
export interface RecordedWrite {
  id: string;
  packet: EncodedPacket;
  flags: BroadcastFlags;
  ack?: AckRequest;
}

/**
 * A socket as the official adapters see it (adapter-host.ts): its writes are recorded by the namespace; `acks`
 * is where a broadcast with acks leaves its callback.
 */
class FakeSocket implements AdapterHostSocket {
  readonly acks = new Map<number, (...args: unknown[]) => void>();
  readonly client: AdapterHostClient;
  readonly handshake = { issued: 1 };
  readonly data: unknown;

  constructor(
    readonly id: string,
    private readonly nsp: FakeNamespace,
  ) {
    this.data = { who: id };
    this.client = { writeToEngine: (encoded, opts) => nsp.record(this, encoded, opts) };
  }

  get rooms(): Set<string> {
    return new Set(this.nsp.adapter().socketRooms(this.id));
  }

  notifyOutgoingListeners(): void {}

  join(rooms: string | readonly string[]): unknown {
    return this.nsp.adapter().addAll(this.id, typeof rooms === 'string' ? [rooms] : rooms);
  }

  leave(room: string): unknown {
    return this.nsp.adapter().del(this.id, room);
  }

  disconnect(close = false): unknown {
    this.nsp.disconnectSocket(this.id, close);
    return this;
  }
}

/**
 * A namespace that records writes, with both surfaces an adapter may use: sockjet's `AdapterNamespace`, and the
 * members the official adapter packages reach for (`AdapterHostNamespace`). Ids in `unwritable` refuse writes (and
 * are missing from `sockets`), as a gone socket would. With `recovery`, the adapter built over it keeps sessions and
 * logs packets.
 */
export class FakeNamespace implements AdapterNamespace, AdapterHostNamespace {
  readonly writes: RecordedWrite[] = [];
  readonly disconnected: { id: string; close: boolean }[] = [];
  readonly unwritable = new Set<string>();
  /** What other servers sent with `serverSideEmit`. */
  readonly serverSide: unknown[][] = [];
  readonly server: AdapterHostServer;
  _ids = 0;
  private readonly fakes = new Map<string, FakeSocket>();

  constructor(
    readonly name: string,
    readonly adapter: () => Adapter,
    readonly recovery?: AdapterRecoveryOptions,
  ) {
    this.server = { encoder: { encode: encodeSocketPacket }, opts: { connectionStateRecovery: recovery } };
  }

  /** The sockets the adapter knows of (every id it has rooms for), minus the unwritable ones. */
  get sockets(): ReadonlyMap<string, AdapterHostSocket> {
    const map = new Map<string, AdapterHostSocket>();
    for (const id of this.adapter().sids.keys()) {
      if (this.unwritable.has(id)) continue;
      let fake = this.fakes.get(id);
      if (!fake) this.fakes.set(id, (fake = new FakeSocket(id, this)));
      map.set(id, fake);
    }
    return map;
  }

  serverSideEmitted(args: unknown[]): void {
    this.serverSide.push(args);
  }

  _onServerSideEmit(args: unknown[]): void {
    this.serverSideEmitted(args);
  }

  writeTo(id: string, packet: EncodedPacket, flags: BroadcastFlags, ack?: AckRequest): boolean {
    if (this.unwritable.has(id)) return false;
    this.writes.push(ack ? { id, packet, flags, ack } : { id, packet, flags });
    return true;
  }

  /** A write through a socket's `client.writeToEngine`: the flags kept as sockjet's, the ack found by packet id. */
  record(socket: FakeSocket, encoded: EncodedPacket | string, opts: EngineWriteOptions): void {
    const packet: EncodedPacket = typeof encoded === 'string' ? [encoded] : encoded;
    const flags: BroadcastFlags = {};
    if (opts.volatile !== undefined) flags.volatile = opts.volatile;
    if (opts.compress !== undefined) flags.compress = opts.compress;
    const id = decodeAll(packet).id;
    const fn = id === undefined ? undefined : socket.acks.get(id);
    this.writes.push(fn ? { id: socket.id, packet, flags, ack: { id: id!, fn } } : { id: socket.id, packet, flags });
  }

  nextAckId(): number {
    return this._ids++;
  }

  socketDetails(id: string): SocketDetails | undefined {
    const rooms = this.adapter().socketRooms(id);
    return rooms ? { id, handshake: { issued: 1 }, rooms, data: { who: id } } : undefined;
  }

  disconnectSocket(id: string, close: boolean): void {
    this.disconnected.push({ id, close });
    this.adapter().delAll(id);
  }

  writtenTo(): string[] {
    return this.writes.map((w) => w.id).sort();
  }
}
