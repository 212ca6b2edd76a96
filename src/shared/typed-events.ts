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

/**
 * The arguments `emit` takes for an event: its listener's parameters. For an untyped event (`...args: any[]`), any
 * values, where a callback's parameters are `any` rather than implicitly so: `socket.emit('q', (answer) => {})`
 * compiles under `strict` (with Socket.IO's types it is error TS7006).
 */
export type EventParams<M extends EventsMap, Ev extends EventNames<M>> =
  IsUntyped<Parameters<M[Ev]>> extends true ? UntypedArgs<AnyCallback> : Parameters<M[Ev]>;

/** `any[]` itself, not a tuple that happens to hold an `any`. */
type IsUntyped<P extends unknown[]> = number extends P['length'] ? IsAny<P[number]> : false;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyCallback = (...args: any[]) => void;
/**
 * Any values (`{} | null | undefined` takes `unknown` too), where a function is contextually typed as `Callback`:
 * `{}` has no call signature, so the union's only one is the callback's.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
type UntypedArgs<Callback> = Array<{} | null | undefined | Callback>;

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

/**
 * Whether the event's last argument is an ack: for a fixed list, whether it is a function; a variadic list (an
 * untyped event) may end with one or not, so it counts both with and without.
 */
type AckKind<P extends unknown[]> = number extends P['length']
  ? 'maybe'
  : [Last<P>] extends [never]
    ? 'no'
    : Last<P> extends AnyFunction
      ? 'yes'
      : 'no';

export type EventNamesWithAck<M extends EventsMap> = {
  [K in EventNames<M>]: IsAny<M[K]> extends true ? K : AckKind<Parameters<M[K]>> extends 'no' ? never : K;
}[EventNames<M>];

export type EventNamesWithoutAck<M extends EventsMap> = {
  [K in EventNames<M>]: IsAny<M[K]> extends true ? K : AckKind<Parameters<M[K]>> extends 'yes' ? never : K;
}[EventNames<M>];

/** The events of a map whose listeners take no ack (what `io.emit` may send, since it waits for no one). */
export type RemoveAcknowledgements<M extends EventsMap> = { [K in EventNamesWithoutAck<M>]: M[K] };

/** Each function argument becomes `fn(err, ...args)`: with a timeout, an ack is called with an error first. */
export type DecorateAcknowledgements<M> = {
  [K in keyof M]: M[K] extends (...args: infer P) => infer R
    ? IsUntyped<P> extends true
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      ? (...args: UntypedArgs<(err: Error, ...args: any[]) => void>) => R
      : (...args: { [I in keyof P]: PrependError<P[I]> }) => R
    : M[K];
};
/** Distributes over a union, so the callback among untyped arguments gets its error too. */
type PrependError<T> = T extends (...args: infer A) => infer R ? (err: Error, ...args: A) => R : T;

/** Each function argument gets every client's answer in one array (a broadcast's ack). */
export type DecorateAcknowledgementsWithMultipleResponses<M> = {
  [K in keyof M]: M[K] extends (...args: infer P) => infer R
    ? IsUntyped<P> extends true
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      ? (...args: UntypedArgs<(responses: any[]) => void>) => R
      : (...args: { [I in keyof P]: AllResponses<P[I]> }) => R
    : M[K];
};
type AllResponses<T> = T extends (...args: infer A) => infer R ? (responses: A[0][]) => R : T;

/** A broadcast with a timeout (and `serverSideEmit`): `(err, responses)`. */
export type DecorateAcknowledgementsWithTimeoutAndMultipleResponses<M> = DecorateAcknowledgements<
  DecorateAcknowledgementsWithMultipleResponses<M>
>;

