import { SocketPacketType, type SocketPacket } from '../../protocol/socket-packet.js';
import type { Emitter } from '../../shared/emitter.js';
import type { AdapterHostNamespace } from './adapter-host.js';

export type SocketId = string;
export type Room = string;

/** A packet encoded once by `encodeSocketPacket`: one text chunk and its binary attachments. */
export type EncodedPacket = readonly [string, ...Uint8Array[]];

/** Per-emit flags, set by the broadcast operator's builders and read by the adapter. */
export interface BroadcastFlags {
  /** Drop the packet for a connection that cannot write right now instead of queueing it. */
  volatile?: boolean;
  /** Ask the transport to compress (default true). */
  compress?: boolean;
  /** Only this server's sockets (a cluster adapter skips publishing). */
  local?: boolean;
  /** Milliseconds to wait for acknowledgements of a broadcast with an ack callback. */
  timeout?: number;
}

/**
 * Who receives a broadcast: sockets in any of `rooms` (every socket when empty), minus those in `except`. `except` is
 * always given (maybe empty): the official adapters spread it.
 */
export interface BroadcastOptions {
  rooms: ReadonlySet<Room>;
  except: ReadonlySet<Room>;
  flags?: BroadcastFlags;
}

/** What `fetchSockets` reports about a socket, wherever it lives. A local `Socket` satisfies it. */
export interface SocketDetails {
  readonly id: SocketId;
  readonly handshake: unknown;
  readonly rooms: ReadonlySet<Room>;
  readonly data: unknown;
}

/**
 * The narrow view of a namespace an adapter gets: it writes encoded packets to socket ids and
 * never touches a socket's internals.
 */
export interface AdapterNamespace {
  readonly name: string;
  /**
   * Writes a pre-encoded packet to one local socket. With `ack`, the socket waits for an ACK with
   * id `ack.id` and hands its first argument to `ack.fn`. Returns false when the socket is gone or
   * (volatile) could not write right now, so nothing was sent.
   */
  writeTo(id: SocketId, packet: EncodedPacket, flags: BroadcastFlags, ack?: AckRequest): boolean;
  /** A fresh ack id for a broadcast that expects acknowledgements. */
  nextAckId(): number;
  /** Details of a local socket, or undefined when it is not connected here. */
  socketDetails(id: SocketId): SocketDetails | undefined;
  /** Disconnects a local socket (`close`: also close its underlying connection). */
  disconnectSocket(id: SocketId, close: boolean): void;
  /**
   * Set when the server enables connection state recovery: the adapter then appends an offset to every EVENT
   * it broadcasts without an ack id and without the volatile flag, logs it, and keeps persisted sessions, for
   * `maxDisconnectionDuration`. Read once, when the adapter is built.
   */
  readonly recovery?: AdapterRecoveryOptions;
  /**
   * Delivers an event another server sent with `serverSideEmit`: `args` is the event name, its arguments and,
   * when the sender wants answers, a callback for this server's one response.
   */
  serverSideEmitted(args: unknown[]): void;
}

/** What the adapter keeps of a socket that disconnected, for connection state recovery. */
export interface PersistedSession {
  /** The socket's public id, given back to it when it recovers. */
  readonly sid: SocketId;
  /** The private session id the client presents to recover (never shown to other clients). */
  readonly pid: string;
  readonly rooms: readonly Room[];
  readonly data: unknown;
}

/**
 * A session taken back by `restoreSession`, with the packets its socket missed, oldest first, in one of two forms:
 * sockjet's adapters hand them over encoded (`encodedPackets`, written as they are), the official adapter packages
 * (socket.io-adapter) as each EVENT's arguments with the offset last (`missedPackets`, encoded by the namespace).
 */
export interface RestoredSession extends PersistedSession {
  readonly encodedPackets?: readonly EncodedPacket[];
  readonly missedPackets?: readonly unknown[][];
}

/** The namespace's connection state recovery settings, as the adapter sees them. */
export interface AdapterRecoveryOptions {
  /** Milliseconds a disconnected session, and the packets it may have missed, must be kept. */
  readonly maxDisconnectionDuration: number;
}

/**
 * The callback a `serverSideEmit` may end with: called once, with one response per other server, or an error
 * (with the responses so far) when some did not answer in time.
 */
export type ServerSideAck = (err: Error | null, responses: unknown[]) => void;

export interface AckRequest {
  id: number;
  fn: (response: unknown) => void;
}

export type AdapterEvents = {
  'create-room': [room: Room];
  'delete-room': [room: Room];
  'join-room': [room: Room, id: SocketId];
  'leave-room': [room: Room, id: SocketId];
};

/**
 * Keeps rooms and delivers broadcasts for one namespace. `MemoryAdapter` is the default; a
 * cluster adapter (Redis...) implements the same contract (see test/server/adapter/adapter-contract.ts).
 */
export interface Adapter extends Emitter<AdapterEvents> {
  readonly nsp: AdapterNamespace;
  readonly rooms: Map<Room, Set<SocketId>>;
  readonly sids: Map<SocketId, Set<Room>>;
  init(): Promise<void> | void;
  close(): Promise<void> | void;
  /** How many servers share this namespace (1 for a single process). */
  serverCount(): Promise<number>;
  addAll(id: SocketId, rooms: Iterable<Room>): Promise<void> | void;
  del(id: SocketId, room: Room): Promise<void> | void;
  delAll(id: SocketId): void;
  /** Encodes `packet` once and writes it to every matching socket. */
  broadcast(packet: SocketPacket, opts: BroadcastOptions): void;
  /**
   * Like `broadcast`, with an ack id set on the packet: `clientCount` is called (once per server)
   * with how many sockets were written to, `ack` once per client response.
   */
  broadcastWithAck(
    packet: SocketPacket,
    opts: BroadcastOptions,
    clientCount: (count: number) => void,
    ack: (response: unknown) => void,
  ): void;
  /** Ids of the sockets in any of `rooms` (all sockets when empty). */
  sockets(rooms: ReadonlySet<Room>): Promise<Set<SocketId>>;
  socketRooms(id: SocketId): Set<Room> | undefined;
  fetchSockets(opts: BroadcastOptions): Promise<SocketDetails[]>;
  addSockets(opts: BroadcastOptions, rooms: Room[]): void;
  delSockets(opts: BroadcastOptions, rooms: Room[]): void;
  disconnectSockets(opts: BroadcastOptions, close: boolean): void;
  /**
   * Sends `[event, ...args]` to this namespace on every other server, whose adapter hands it to
   * `nsp.serverSideEmitted`. When the last element is a `ServerSideAck`, it is called once with every other
   * server's response (each receiver gets a callback in its place).
   */
  serverSideEmit(packet: unknown[]): void;
  /**
   * Keeps a disconnected socket's session for `nsp.recovery.maxDisconnectionDuration` (a no-op without recovery).
   */
  persistSession(session: PersistedSession): Promise<void> | void;
  /**
   * Takes back the session `pid` with the packets sent after `offset` that its rooms would have received, or null
   * when the session is unknown or expired or the offset is unknown or too old (the socket then starts afresh).
   * A session is restored at most once. An adapter that answers synchronously lets the socket rejoin its rooms
   * in the same tick, so no broadcast falls between the missed packets and the live ones.
   */
  restoreSession(pid: string, offset: string): Promise<RestoredSession | null> | RestoredSession | null;
}

/**
 * The `adapter` option: a class (`new Adapter(nsp)`) or a factory function, of sockjet's own adapters or of the
 * official packages built on socket.io-adapter (`createAdapter(...)` of `@socket.io/redis-adapter`,
 * `@socket.io/redis-streams-adapter`, `@socket.io/cluster-adapter`), which get the namespace itself (see
 * adapter-host.ts for what they use of it).
 */
export type AdapterConstructor =
  | (new (nsp: AdapterNamespace & AdapterHostNamespace) => Adapter)
  | ((nsp: AdapterNamespace & AdapterHostNamespace) => Adapter)
  // The official packages' factories (and socket.io-adapter's classes) are typed with socket.io's own classes (their
  // parameter is `any`) and make a socket.io-adapter `Adapter`: the methods sockjet calls, not sockjet's emitter type.
  | ((nsp: AdapterNamespace & AdapterHostNamespace) => object)
  | (new (nsp: AdapterNamespace & AdapterHostNamespace) => object);

/** Builds an adapter from either form of the `adapter` option. */
export function createAdapter(make: AdapterConstructor, nsp: AdapterNamespace & AdapterHostNamespace): Adapter {
  // Arrow functions and methods have no prototype: those are factories. A `function` factory (the official
  // packages' `createAdapter` returns one) may be called with `new` too: the object it returns is the result.
  return Object.prototype.hasOwnProperty.call(make, 'prototype')
    ? new (make as new (nsp: AdapterNamespace) => Adapter)(nsp)
    : (make as (nsp: AdapterNamespace) => Adapter)(nsp);
}

/**
 * Whether connection state recovery logs `packet` (with its offset appended): an EVENT without an ack id and
 * without the volatile flag, as in Socket.IO. An adapter with recovery logs these; a socket sends these through
 * its adapter then, so that its own emits are logged too.
 */
export const isRecoverable = (packet: SocketPacket, flags: BroadcastFlags): boolean =>
  packet.type === SocketPacketType.EVENT && packet.id === undefined && !flags.volatile;

/**
 * `serverSideEmit` for an adapter that reaches no other server: nothing is sent, and a trailing `ServerSideAck`
 * is called (on the next microtask) with no error and no responses, since every other server (none) answered.
 */
export function serverSideEmitAlone(packet: unknown[]): void {
  const ack = packet[packet.length - 1];
  if (typeof ack === 'function') queueMicrotask(() => (ack as ServerSideAck)(null, []));
}
