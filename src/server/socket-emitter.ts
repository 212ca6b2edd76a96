import type {
  AllButLast,
  DecorateAcknowledgements,
  DecorateAcknowledgementsWithMultipleResponses as MultipleResponses,
  DefaultEventsMap,
  EventNames,
  EventNamesWithAck,
  EventParams,
  EventsMap,
  FirstNonErrorArg,
  Last,
} from '../shared/typed-events.js';
import type { BroadcastFlags, Room } from './adapter/adapter.js';
import type { BroadcastOperator } from './broadcast-operator.js';
import type { Socket } from './socket.js';

/**
 * A socket seen through emit flags (`socket.timeout(ms)`, `socket.volatile`, `socket.compress(false)`,
 * `socket.local`). Each builder returns a new view, so flags never stick to the socket.
 *
 * @example
 *   socket.timeout(1000).emit('question', (err, answer) => {});
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export class SocketEmitter<EmitEvents extends EventsMap = DefaultEventsMap, SocketData = any> {
  constructor(
    private readonly socket: Socket,
    private readonly flags: Readonly<BroadcastFlags>,
  ) {}

  timeout(ms: number): SocketEmitter<DecorateAcknowledgements<EmitEvents>, SocketData>;
  timeout(ms: number): SocketEmitter<EmitEvents, SocketData> {
    return this.with({ timeout: ms });
  }

  get volatile(): SocketEmitter<EmitEvents, SocketData> {
    return this.with({ volatile: true });
  }

  compress(compress: boolean): SocketEmitter<EmitEvents, SocketData> {
    return this.with({ compress });
  }

  get local(): SocketEmitter<EmitEvents, SocketData> {
    return this.with({ local: true });
  }

  /** Everyone in the namespace but this socket, with these flags. */
  get broadcast(): BroadcastOperator<MultipleResponses<EmitEvents>, SocketData> {
    return this.socket.broadcastWith(this.flags);
  }

  to(room: Room | readonly Room[]): BroadcastOperator<MultipleResponses<EmitEvents>, SocketData> {
    return this.broadcast.to(room);
  }

  in(room: Room | readonly Room[]): BroadcastOperator<MultipleResponses<EmitEvents>, SocketData> {
    return this.broadcast.to(room);
  }

  except(room: Room | readonly Room[]): BroadcastOperator<MultipleResponses<EmitEvents>, SocketData> {
    return this.broadcast.except(room);
  }

  emit<Ev extends EventNames<EmitEvents>>(event: Ev, ...args: EventParams<EmitEvents, Ev>): boolean;
  emit(event: string, ...args: unknown[]): boolean {
    return this.socket.emitWith(this.flags, event, args);
  }

  /**
   * Resolves with the client's first answer. With `timeout`, rejects with ERR_ACK_TIMEOUT when no
   * answer came in time.
   */
  emitWithAck<Ev extends EventNamesWithAck<EmitEvents>>(
    event: Ev,
    ...args: AllButLast<EventParams<EmitEvents, Ev>>
  ): Promise<FirstNonErrorArg<Last<EventParams<EmitEvents, Ev>>>>;
  emitWithAck(event: string, ...args: unknown[]): Promise<unknown> {
    const withError = this.flags.timeout !== undefined;
    return new Promise((resolve, reject) => {
      const answer = withError ? (err: Error | null, value: unknown) => (err ? reject(err) : resolve(value)) : (value: unknown) => resolve(value);
      // Data that cannot be encoded rejects the promise (see Socket#_encodeFailed).
      args.push(Object.assign(answer, { reject }));
      this.socket.emitWith(this.flags, event, args);
    });
  }

  private with(extra: BroadcastFlags): SocketEmitter<EmitEvents, SocketData> {
    return new SocketEmitter(this.socket, { ...this.flags, ...extra });
  }
}
