import type { DecorateAcknowledgements, DefaultEventsMap, EventNames, EventParams, EventsMap } from '../shared/typed-events.js';
import type { Room, SocketDetails, SocketId } from './adapter/adapter.js';
// A type only: the operator is handed in, so this module and broadcast-operator.ts (which makes remote
// sockets in fetchSockets) do not import each other.
import type { BroadcastOperator } from './broadcast-operator.js';
import type { Handshake } from './handshake.js';

type SingleAck = (err: Error | null, response?: unknown) => void;

/**
 * A socket that lives on another server, as returned by `fetchSockets()` with a cluster adapter.
 * Every action goes through `operator`: a broadcast operator addressed to the socket's own room.
 *
 * @example
 *   for (const s of await io.fetchSockets()) s.emit('hello');
 */
export class RemoteSocket<EmitEvents extends EventsMap = DefaultEventsMap, SocketData = any> implements SocketDetails {
  readonly id: SocketId;
  readonly handshake: Handshake;
  readonly rooms: ReadonlySet<Room>;
  readonly data: SocketData;

  /** @internal `fetchSockets()` makes remote sockets; `operator` targets the socket's own room (`to(details.id)`). */
  constructor(
    details: SocketDetails,
    private readonly operator: BroadcastOperator,
  ) {
    this.id = details.id;
    this.handshake = details.handshake as Handshake;
    this.rooms = new Set(details.rooms);
    this.data = details.data as SocketData;
  }

  /** Waits `ms` for the ack of the next `emit`. */
  timeout(ms: number): RemoteSocket<DecorateAcknowledgements<EmitEvents>, SocketData>;
  timeout(ms: number): RemoteSocket<EmitEvents, SocketData> {
    return new RemoteSocket(this, this.operator.timeout(ms));
  }

  /** Emits to this socket; a trailing callback (after `timeout`) gets `(err, response)` like `socket.emit`. */
  emit<Ev extends EventNames<EmitEvents>>(event: Ev, ...args: EventParams<EmitEvents, Ev>): boolean;
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
