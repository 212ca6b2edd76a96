/**
 * Typed events the way Socket.IO types them, so a program written from Socket.IO's TypeScript guide compiles
 * against sockjet unchanged: an events map names each event and gives the type of its listener, and the other
 * side's `emit` takes that listener's arguments. An acknowledgement is a function as the last argument.
 *
 * @example
 *   interface ServerToClientEvents {
 *     basicEmit: (a: number, b: string) => void;
 *     withAck: (d: string, callback: (e: number) => void) => void;
 *   }
 *   const io = new Server<ClientToServerEvents, ServerToClientEvents>();
 *   io.on('connection', (socket) => socket.emit('withAck', '4', (e) => e.toFixed()));
 *
 * Types only: nothing here exists at run time.
 */

/** Event names to listener types. `any`, as in Socket.IO: a map is an interface the user writes. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface EventsMap { [event: string]: any }

/** The map of an untyped socket: any name, any arguments. */
export interface DefaultEventsMap {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [event: string]: (...args: any[]) => void;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyFunction = (...args: any[]) => any;
type IsAny<T> = 0 extends 1 & T ? true : false;

export type EventNames<M extends EventsMap> = keyof M & string;

/** The arguments of an event: its listener's parameters. */
export type EventParams<M extends EventsMap, Ev extends EventNames<M>> = Parameters<M[Ev]>;

/** A listener of the local events (`disconnect`, ...) or of the user's; untyped for a name it cannot know. */
export type ReservedOrUserEventNames<R extends EventsMap, U extends EventsMap> = EventNames<R> | EventNames<U>;

export type ReservedOrUserListener<R extends EventsMap, U extends EventsMap, Ev extends string> = OrUntyped<
  Ev extends EventNames<R> ? R[Ev] : Ev extends EventNames<U> ? U[Ev] : never
>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type OrUntyped<T> = [T] extends [never] ? (...args: any[]) => void | Promise<void> : T;

/** The last element of a tuple: never for `[]`, the element type for an array. */
export type Last<T extends readonly unknown[]> = T extends readonly []
  ? never
  : T extends readonly [...unknown[], infer L]
    ? L
    : T extends readonly (infer E)[]
      ? E
      : never;

/** A tuple without its last element (the arguments of an emit whose ack becomes a promise). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AllButLast<T extends readonly unknown[]> = T extends readonly [...infer H, unknown] ? H : any[];

/** What an ack's promise resolves with: its first argument, or its second when the first is the timeout error. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type FirstNonErrorArg<F> = F extends (...args: infer P) => any ? (P[0] extends Error ? P[1] : P[0]) : any;

/** Whether the event's last argument is an ack (always, for an untyped map). */
type HasAck<M extends EventsMap, K extends EventNames<M>> =
  IsAny<M[K]> extends true ? true : [Last<Parameters<M[K]>>] extends [never] ? false : Last<Parameters<M[K]>> extends AnyFunction ? true : false;

export type EventNamesWithAck<M extends EventsMap> = { [K in EventNames<M>]: HasAck<M, K> extends false ? never : K }[EventNames<M>];

export type EventNamesWithoutAck<M extends EventsMap> = {
  [K in EventNames<M>]: IsAny<Last<Parameters<M[K]>>> extends true ? K : HasAck<M, K> extends true ? never : K;
}[EventNames<M>];

/** The events of a map whose listeners take no ack (what `io.emit` may send, since it waits for no one). */
export type RemoveAcknowledgements<M extends EventsMap> = { [K in EventNamesWithoutAck<M>]: M[K] };

/** Each function argument becomes `fn(err, ...args)`: with a timeout, an ack is called with an error first. */
export type DecorateAcknowledgements<M> = {
  [K in keyof M]: M[K] extends (...args: infer P) => infer R ? (...args: PrependError<P>) => R : M[K];
};
type PrependError<P extends unknown[]> = {
  [I in keyof P]: P[I] extends (...args: infer A) => infer R ? (err: Error, ...args: A) => R : P[I];
};

/** Each function argument gets every client's answer in one array (a broadcast's ack). */
export type DecorateAcknowledgementsWithMultipleResponses<M> = {
  [K in keyof M]: M[K] extends (...args: infer P) => infer R ? (...args: AllResponses<P>) => R : M[K];
};
type AllResponses<P extends unknown[]> = {
  [I in keyof P]: P[I] extends (...args: infer A) => infer R ? (responses: A[0][]) => R : P[I];
};

/** A broadcast with a timeout (and `serverSideEmit`): `(err, responses)`. */
export type DecorateAcknowledgementsWithTimeoutAndMultipleResponses<M> = DecorateAcknowledgements<
  DecorateAcknowledgementsWithMultipleResponses<M>
>;

