import type { Engine } from '../engine/engine.js';
import type { Namespace } from '../namespace.js';
import type { Tally } from './engine-stats.js';
import type { ServerStats } from './server-stats.js';

/** One namespace in a metrics snapshot. */
export interface NamespaceMetrics {
  name: string;
  sockets: number;
  /** Rooms joined on purpose: a socket's own room (named after its id) is not counted. */
  rooms: number;
}

/**
 * What `io.metrics()` returns: gauges read at the moment of the call, and totals since the server started.
 * Reasons and kinds are fixed strings from the code (Socket.IO's disconnect reasons, protocol error codes).
 */
export interface MetricsSnapshot {
  /** When the snapshot was taken, and seconds since the server was created. */
  time: number;
  uptime: number;
  /** Open Engine.IO connections, by the transport they are on now. */
  connections: { total: number; polling: number; websocket: number };
  namespaces: NamespaceMetrics[];
  sockets: number;
  rooms: number;
  /** Engine.IO packets and bytes received and sent (bytes as they cross the transport). */
  packets: { in: number; out: number };
  bytes: { in: number; out: number };
  handshakes: number;
  upgrades: number;
  /** Sockets that left a namespace, by Socket.IO's disconnect reason. */
  disconnects: Tally;
  /** Engine.IO sessions that ended, by the engine's close reason. */
  closes: Tally;
  /** Requests and input refused, by kind: handshake errors, protocol error codes, limits, middlewares. */
  refused: Tally;
  /** Sessions closed because a ping went unanswered. */
  heartbeatFailures: number;
  /** What waits to be sent, over all connections: packets queued in sessions, bytes buffered in transports. */
  sendQueue: { packets: number; bytes: number };
}

/** What the metrics are read from: the server's engine, namespaces and Socket.IO-layer totals. */
export interface MetricsSource {
  readonly engine: Engine;
  readonly _nsps: ReadonlyMap<string, Namespace>;
  readonly _stats: ServerStats;
}

/** Rooms of a namespace other than its sockets' own rooms. */
function* namedRooms(nsp: Namespace): Generator<[string, number]> {
  const { rooms, sids } = nsp.adapter;
  for (const [room, members] of rooms) if (!(members.size === 1 && sids.has(room) && members.has(room))) yield [room, members.size];
}

function merged(a: Tally, b: Tally): Tally {
  const out: Tally = { ...a };
  for (const [key, n] of Object.entries(b)) out[key] = (out[key] ?? 0) + n;
  return out;
}

/** Reads a snapshot. O(connections + rooms): meant for a scrape every few seconds, not per message. */
export function collectMetrics(io: MetricsSource): MetricsSnapshot {
  const engine = io.engine;
  const stats = engine._stats;
  const connections = { total: 0, polling: 0, websocket: 0 };
  const sendQueue = { packets: 0, bytes: 0 };
  for (const conn of engine.clients.values()) {
    connections.total++;
    connections[conn.transport.name]++;
    const queued = conn._sendQueue;
    sendQueue.packets += queued.packets;
    sendQueue.bytes += queued.bytes;
  }
  const namespaces: NamespaceMetrics[] = [];
  for (const nsp of io._nsps.values()) {
    let rooms = 0;
    for (const _ of namedRooms(nsp)) rooms++;
    namespaces.push({ name: nsp.name, sockets: nsp.sockets.size, rooms });
  }
  const now = Date.now();
  return {
    time: now,
    uptime: (now - io._stats.startedAt) / 1000,
    connections,
    namespaces,
    sockets: namespaces.reduce((n, nsp) => n + nsp.sockets, 0),
    rooms: namespaces.reduce((n, nsp) => n + nsp.rooms, 0),
    packets: { in: stats.packetsIn, out: stats.packetsOut },
    bytes: { in: stats.bytesIn, out: stats.bytesOut },
    handshakes: stats.handshakes,
    upgrades: stats.upgrades,
    disconnects: { ...io._stats.disconnects },
    closes: { ...stats.closes },
    refused: merged(stats.refused, io._stats.refused),
    heartbeatFailures: stats.heartbeatFailures,
    sendQueue,
  };
}

/** The `n` rooms with the most members, over every namespace (sockets' own rooms left out). */
export function busiestRooms(io: MetricsSource, n: number): { namespace: string; room: string; sockets: number }[] {
  const all: { namespace: string; room: string; sockets: number }[] = [];
  for (const nsp of io._nsps.values()) for (const [room, sockets] of namedRooms(nsp)) all.push({ namespace: nsp.name, room, sockets });
  return all.sort((a, b) => b.sockets - a.sockets).slice(0, n);
}

/** The `n` connections with the most waiting to be sent: the clients that read slowest. */
export function slowestConsumers(io: MetricsSource, n: number): { id: string; transport: string; packets: number; bytes: number }[] {
  const all: { id: string; transport: string; packets: number; bytes: number }[] = [];
  for (const conn of io.engine.clients.values()) {
    const { packets, bytes } = conn._sendQueue;
    if (packets || bytes) all.push({ id: conn.id, transport: conn.transport.name, packets, bytes });
  }
  return all.sort((a, b) => b.bytes - a.bytes || b.packets - a.packets).slice(0, n);
}
