/**
 * The event maps of Socket.IO's TypeScript guide (https://socket.io/docs/v4/typescript/), shared by the type
 * tests. Types only.
 */
export interface ServerToClientEvents {
  noArg: () => void;
  basicEmit: (a: number, b: string, c: Buffer) => void;
  withAck: (d: string, callback: (e: number) => void) => void;
}

export interface ClientToServerEvents {
  hello: () => void;
  join: (room: string, callback: (ok: boolean, members: number) => void) => void;
}

export interface InterServerEvents {
  ping: () => void;
  count: (callback: (n: number) => void) => void;
}

export interface SocketData {
  name: string;
  age: number;
}

/** Asserts at compile time that `T` is exactly `U` (not just assignable). */
export type Equal<T, U> = (<G>() => G extends T ? 1 : 2) extends <G>() => G extends U ? 1 : 2 ? true : false;
export function expectType<T extends true>(_check?: T): void {}
