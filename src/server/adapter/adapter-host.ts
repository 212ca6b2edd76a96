import type { SocketPacket } from '../../protocol/socket-packet.js';
import type { EncodedPacket, Room, SocketId } from './adapter.js';

/**
 * # The surface the official adapter packages use (a public contract)
 *
 * `@socket.io/redis-adapter`, `@socket.io/redis-streams-adapter` and `@socket.io/cluster-adapter` are built on
 * `socket.io-adapter`'s `Adapter` / `ClusterAdapter` classes. Those classes do not go through sockjet's narrow
 * `AdapterNamespace` view: they reach into the namespace, the server, the sockets and their clients the way they do
 * in Socket.IO. sockjet's `Namespace`, `Server`, `Socket` and `Client` provide exactly the members below (checked by
 * the compiler: each class `implements` its interface here), so those packages run unchanged. Renaming or changing
 * any of them breaks every deployment on Redis: they are public API, covered by the adapter contract suite
 * (test/server/adapter/adapter-contract.ts, run against each package) and the cluster tests (test/cluster/).
 *
 * Who calls what (socket.io-adapter 2.5, the packages' dist):
 * - the constructor reads `nsp.server.encoder`; every adapter reads `nsp.name`;
 * - a broadcast encodes once with `encoder.encode(packet)`, then for each matching socket id found in `nsp.sockets`
 *   calls `socket.notifyOutgoingListeners(packet)` and `socket.client.writeToEngine(encoded, opts)`: sockjet frames
 *   that same encoded array once for all sockets (the writer remembers the last one prepared, see client.ts);
 * - a broadcast with acks takes an id with `nsp._ids++` and sets `socket.acks.set(id, ack)` on each socket;
 * - `fetchSockets` returns the local `Socket`s and, from other servers, `{ id, handshake, rooms, data }` (with
 *   `handshake` serialized: sockjet's is plain data); `addSockets` / `delSockets` / `disconnectSockets` call
 *   `socket.join(rooms)`, `socket.leave(room)`, `socket.disconnect(close)`;
 * - a `serverSideEmit` from another server arrives as `nsp._onServerSideEmit([event, ...args, ack?])`;
 * - connection state recovery: `nsp.server.opts.connectionStateRecovery` (truthy when on, with
 *   `maxDisconnectionDuration`); `persistSession({ sid, pid, rooms, data })`; `restoreSession(pid, offset)`
 *   resolves `{ sid, pid, rooms, data, missedPackets }` where each missed packet is an EVENT's arguments (offset
 *   last), or resolves null / rejects when the session cannot be restored (the socket then starts afresh);
 * - adapter events `create-room`, `delete-room`, `join-room`, `leave-room` come from the adapter's own emitter.
 *
 * sockjet calls such an adapter like Socket.IO does: `addAll(id, rooms)`, `del`, `delAll`, `broadcast(packet,
 * { rooms, except, flags })` (`except` always a Set), `broadcastWithAck`, `serverCount`, `fetchSockets`, ...
 */

/** What `writeToEngine` gets with each encoded packet (the adapter's `packetOpts`). */
export interface EngineWriteOptions {
  volatile?: boolean;
  compress?: boolean;
  /** Set by socket.io-adapter; sockjet encodes and frames per packet itself and ignores these. */
  preEncoded?: boolean;
  wsPreEncodedFrame?: unknown;
}

/** `server.encoder`: Socket.IO packet to its encoded chunks (one text chunk, then binary attachments). */
export interface PacketEncoder {
  encode(packet: SocketPacket): EncodedPacket;
}

export interface AdapterHostServer {
  readonly encoder: PacketEncoder;
  readonly opts: { readonly connectionStateRecovery?: { readonly maxDisconnectionDuration: number } };
}

export interface AdapterHostClient {
  /** Writes chunks encoded by `server.encoder`; the same array handed to many clients is framed once. */
  writeToEngine(encoded: EncodedPacket | string, opts: EngineWriteOptions): void;
}

export interface AdapterHostSocket {
  readonly id: SocketId;
  readonly handshake: unknown;
  readonly rooms: ReadonlySet<Room>;
  readonly data: unknown;
  readonly client: AdapterHostClient;
  /** Pending acknowledgements by packet id: `fn(...args)` gets the client's answer. */
  readonly acks: Map<number, (...args: unknown[]) => void>;
  /** Calls the socket's `onAnyOutgoing` listeners with the packet's data (event name first). */
  notifyOutgoingListeners(packet: SocketPacket): void;
  join(rooms: Room | readonly Room[]): unknown;
  leave(room: Room): unknown;
  disconnect(close?: boolean): unknown;
}

export interface AdapterHostNamespace {
  readonly name: string;
  readonly server: AdapterHostServer;
  /** The connected sockets by id. */
  readonly sockets: ReadonlyMap<SocketId, AdapterHostSocket>;
  /** The namespace's ack id counter, shared by sockets' emits and broadcasts with acks (so ids never clash). */
  _ids: number;
  /** An event another server sent with `serverSideEmit` (a callback last when it waits for an answer). */
  _onServerSideEmit(args: unknown[]): void;
}
