import type { Adapter, Room, SocketDetails, SocketId } from './adapter/adapter.js';
import { BroadcastOperator } from './broadcast-operator.js';

type SingleAck = (err: Error | null, response?: unknown) => void;

/**
 * A socket that lives on another server, as returned by `fetchSockets()` with a cluster adapter.
 * Every action goes through the adapter, addressed to the socket's own room.
 *
 * @example
 *   for (const s of await io.fetchSockets()) s.emit('hello');
 */
export class RemoteSocket implements SocketDetails {
  readonly id: SocketId;
  readonly handshake: unknown;
  readonly rooms: ReadonlySet<Room>;
  readonly data: unknown;
  private readonly operator: BroadcastOperator;

  constructor(
    private readonly adapter: Adapter,
    details: SocketDetails,
    operator?: BroadcastOperator,
  ) {
    this.id = details.id;
    this.handshake = details.handshake;
    this.rooms = new Set(details.rooms);
    this.data = details.data;
    this.operator = operator ?? new BroadcastOperator(adapter).to(this.id);
  }

  /** Waits `ms` for the ack of the next `emit`. */
  timeout(ms: number): RemoteSocket {
    return new RemoteSocket(this.adapter, this, this.operator.timeout(ms));
  }

  /** Emits to this socket; a trailing callback (after `timeout`) gets `(err, response)` like `socket.emit`. */
  emit(event: string, ...args: unknown[]): boolean {
    const last = args[args.length - 1];
    if (typeof last !== 'function') return this.operator.emit(event, ...args);
    const ack = last as SingleAck;
    return this.operator.emit(event, ...args.slice(0, -1), (err: Error | null, responses: unknown[]) =>
      ack(err, responses[0]),
    );
  }

  join(room: Room | readonly Room[]): void {
    this.operator.socketsJoin(room);
  }

  leave(room: Room | readonly Room[]): void {
    this.operator.socketsLeave(room);
  }

  disconnect(close = false): this {
    this.operator.disconnectSockets(close);
    return this;
  }
}
