import { RESERVED_EVENTS, SocketPacketType } from '../protocol/socket-packet.js';
import type { Adapter, BroadcastFlags, BroadcastOptions, Room, SocketId } from './adapter/adapter.js';
import type {
  AllButLast,
  DecorateAcknowledgements,
  DefaultEventsMap,
  EventNames,
  EventNamesWithAck,
  EventParams,
  EventsMap,
  FirstNonErrorArg,
  Last,
} from '../shared/typed-events.js';
import { RemoteSocket } from './remote-socket.js';
import { assertEmittable, serverError } from './server-error.js';
import { encodeError, isEncodeFailure, warnUnheard } from './encode-failure.js';
import type { Socket } from './socket.js';

/** Finds the local socket object for an id, so `fetchSockets` hands back the real `Socket` when it can. */
export type SocketLookup = (id: SocketId) => Socket | undefined;

type BroadcastAck = (err: Error | null, responses: unknown[]) => void;

const EMPTY: ReadonlySet<Room> = new Set();

/**
 * An immutable description of "who gets this emit": every builder returns a new operator, so no
 * flag leaks into the next emit.
 *
 * Typed like Socket.IO's: `EmitEvents` are the events it may send (their acks get every client's answer in an
 * array), `SocketData` the type of `socket.data` in `fetchSockets()`.
 *
 * @example
 *   io.to('room1').except('room2').timeout(1000).emit('hello', (err, responses) => {});
 */
export class BroadcastOperator<EmitEvents extends EventsMap = DefaultEventsMap, SocketData = any> {
  constructor(
    private readonly adapter: Adapter,
    private readonly lookup: SocketLookup = () => undefined,
    private readonly rooms: ReadonlySet<Room> = EMPTY,
    private readonly exceptRooms: ReadonlySet<Room> = EMPTY,
    private readonly flags: Readonly<BroadcastFlags> = {},
  ) {}

  /** Targets sockets in `room` (or any of `rooms`), on top of rooms already targeted. */
  to(room: Room | readonly Room[]): BroadcastOperator<EmitEvents, SocketData> {
    return new BroadcastOperator(this.adapter, this.lookup, union(this.rooms, room), this.exceptRooms, this.flags);
  }

  /** Same as `to`. */
  in(room: Room | readonly Room[]): BroadcastOperator<EmitEvents, SocketData> {
    return this.to(room);
  }

  /** Leaves out sockets in `room` (or any of `rooms`). */
  except(room: Room | readonly Room[]): BroadcastOperator<EmitEvents, SocketData> {
    return new BroadcastOperator(this.adapter, this.lookup, this.rooms, union(this.exceptRooms, room), this.flags);
  }

  /** Whether the payload should be compressed (default true). */
  compress(compress: boolean): BroadcastOperator<EmitEvents, SocketData> {
    return this.withFlags({ compress });
  }

  /** Drops the packet for clients that cannot receive it right now, instead of queueing it. */
  get volatile(): BroadcastOperator<EmitEvents, SocketData> {
    return this.withFlags({ volatile: true });
  }

  /** Only sockets connected to this server (meaningful with a cluster adapter). */
  get local(): BroadcastOperator<EmitEvents, SocketData> {
    return this.withFlags({ local: true });
  }

  /** Waits `ms` for every client's ack; see `emit`. */
  timeout(ms: number): BroadcastOperator<DecorateAcknowledgements<EmitEvents>, SocketData>;
  timeout(ms: number): BroadcastOperator<EmitEvents, SocketData> {
    return this.withFlags({ timeout: ms });
  }

  /**
   * Emits to every targeted socket. With a trailing callback (needs `timeout`), it is called once with
   * `(err, responses)`: `err` is set when some client did not answer in time.
   */
  emit<Ev extends EventNames<EmitEvents>>(event: Ev, ...args: EventParams<EmitEvents, Ev>): boolean;
  emit(event: string, ...args: unknown[]): boolean {
    assertEmittable(event, RESERVED_EVENTS);
    const last = args[args.length - 1];
    if (typeof last !== 'function') {
      // Data that cannot be encoded fails this emit, loudly, instead of throwing into the app (issue 13).
      try {
        this.adapter.broadcast({ type: SocketPacketType.EVENT, nsp: this.adapter.nsp.name, data: [event, ...args] }, this.options());
      } catch (err) {
        if (!isEncodeFailure(err)) throw err;
        warnUnheard(encodeError(err));
        return false;
      }
      return true;
    }
    this.emitCollecting([event, ...args.slice(0, -1)], last as BroadcastAck);
    return true;
  }

  /** `emit` with acknowledgements, as a promise of every client's response. */
  emitWithAck<Ev extends EventNamesWithAck<EmitEvents>>(
    event: Ev,
    ...args: AllButLast<EventParams<EmitEvents, Ev>>
  ): Promise<FirstNonErrorArg<Last<EventParams<EmitEvents, Ev>>>>;
  emitWithAck(event: string, ...args: unknown[]): Promise<unknown[]> {
    return new Promise((resolve, reject) => {
      // As Socket.IO, a timeout's error carries the responses that did arrive.
      (this as BroadcastOperator).emit(event, ...args, (err: Error | null, responses: unknown[]) =>
        err ? reject(Object.assign(err, { responses })) : resolve(responses),
      );
    });
  }

  /** Local sockets as `Socket` objects, remote ones as `RemoteSocket`. */
  async fetchSockets(): Promise<(Socket<DefaultEventsMap, EmitEvents, DefaultEventsMap, SocketData> | RemoteSocket<EmitEvents, SocketData>)[]> {
    const found = await this.adapter.fetchSockets(this.options());
    return found.map(
      (details) => this.lookup(details.id) ?? new RemoteSocket(details, new BroadcastOperator(this.adapter).to(details.id)),
    );
  }

  /**
   * The ids of the targeted sockets, on every server of a cluster (as Socket.IO, `except` is not applied).
   * @example const ids = await io.in('room1').allSockets();
   */
  async allSockets(): Promise<Set<SocketId>> {
    return new Set(await this.adapter.sockets(this.rooms));
  }

  socketsJoin(room: Room | readonly Room[]): void {
    this.adapter.addSockets(this.options(), toArray(room));
  }

  socketsLeave(room: Room | readonly Room[]): void {
    this.adapter.delSockets(this.options(), toArray(room));
  }

  /** Disconnects the targeted sockets; `close` also closes their underlying connections. */
  disconnectSockets(close = false): void {
    this.adapter.disconnectSockets(this.options(), close);
  }

  private withFlags(extra: BroadcastFlags): BroadcastOperator<EmitEvents, SocketData> {
    return new BroadcastOperator(this.adapter, this.lookup, this.rooms, this.exceptRooms, { ...this.flags, ...extra });
  }

  private options(): BroadcastOptions {
    return { rooms: this.rooms, except: this.exceptRooms, flags: this.flags };
  }

  /** Waits for every server to say how many clients it wrote to, and for that many responses. */
  private emitCollecting(data: unknown[], ack: BroadcastAck): void {
    const ms = this.flags.timeout;
    if (ms === undefined) {
      throw serverError('ERR_BROADCAST_ACK_WITHOUT_TIMEOUT', 'a broadcast with an ack callback needs .timeout(ms)');
    }
    const responses: unknown[] = [];
    let expectedServers = -1;
    let servers = 0;
    let clients = 0;
    let done = false;
    const finish = (err: Error | null) => {
      done = true;
      clearTimeout(timer);
      ack(err, responses);
    };
    const check = () => {
      if (!done && servers === expectedServers && responses.length === clients) finish(null);
    };
    const timer = setTimeout(() => finish(serverError('ERR_ACK_TIMEOUT', 'operation has timed out')), ms);
    try {
      this.adapter.broadcastWithAck(
        { type: SocketPacketType.EVENT, nsp: this.adapter.nsp.name, data },
        this.options(),
        (count) => {
          clients += count;
          servers++;
          check();
        },
        (response) => {
          if (done) return;
          responses.push(response);
          check();
        },
      );
    } catch (err) {
      if (!isEncodeFailure(err)) throw err;
      const failure = encodeError(err);
      process.nextTick(() => done || finish(failure));
      return;
    }
    void this.adapter.serverCount().then((count) => {
      expectedServers = count;
      check();
    });
  }
}

function toArray(room: Room | readonly Room[]): Room[] {
  return typeof room === 'string' ? [room] : [...room];
}

function union(base: ReadonlySet<Room>, room: Room | readonly Room[]): ReadonlySet<Room> {
  const next = new Set(base);
  for (const r of toArray(room)) next.add(r);
  return next;
}
