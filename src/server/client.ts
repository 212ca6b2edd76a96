import { isProtocolError } from '../protocol/protocol-error.js';
import { SocketDecoder } from '../protocol/socket-decoder.js';
import { encodeSocketPacket } from '../protocol/socket-encoder.js';
import { SocketPacketType, type SocketPacket } from '../protocol/socket-packet.js';
import type { BroadcastFlags, EncodedPacket } from './adapter/adapter.js';
import type { AdapterHostClient, EngineWriteOptions } from './adapter/adapter-host.js';
import type { Connection, ConnectionOwner, EngineCloseReason } from './engine/connection.js';
import { PreparedMessage } from './engine/prepared-message.js';
import type { Namespace } from './namespace.js';
import type { PendingHandshakes } from './pending-handshakes.js';
import type { DisconnectReason, Socket } from './socket.js';
import { socketLog } from './observability/debug-log.js';
import { count } from './observability/engine-stats.js';
import type { ServerStats } from './observability/server-stats.js';

/** Finds the namespace a CONNECT asks for (creating a dynamic one), or false when there is none. */
export type NamespaceResolver = (name: string, auth: Record<string, unknown> | undefined, done: (nsp: Namespace | false) => void) => void;

const NO_COMPRESS = Object.freeze({ compress: false });
/** The empty list every client starts with; lists are replaced, never changed, so one serves all. */
const NONE: readonly never[] = Object.freeze([]);

/**
 * The last packet prepared, and its messages. A broadcast writes one encoded packet to every recipient in a
 * row, within one tick, so remembering only the last one until the tick ends is enough for it to be encoded
 * and framed once (and a large payload is not kept alive afterwards).
 */
let lastPacket: EncodedPacket | undefined;
let lastPrepared: readonly PreparedMessage[] = [];

const forgetLast = (): void => {
  lastPacket = undefined;
  lastPrepared = [];
};

function prepare(packet: EncodedPacket): readonly PreparedMessage[] {
  if (packet !== lastPacket) {
    if (lastPacket === undefined) process.nextTick(forgetLast);
    lastPacket = packet;
    lastPrepared = packet.map((part) => new PreparedMessage(part));
  }
  return lastPrepared;
}

/**
 * A decoder keeps state only while a binary packet waits for its attachments. Clients share this one for
 * everything else; one that starts a binary packet takes it over (and a new shared one is made), and gives
 * its own up once the packet is complete. An idle client then holds no decoder at all.
 */
let sharedDecoder = new SocketDecoder();

const forgetLeft = (client: Client): void => client._forgetLeft();

/**
 * A Socket.IO v2 client writes a namespace's query into the namespace (`/chat?token=abc`): the path is the
 * namespace and the query is the auth, as Socket.IO reads them.
 */
function parseV2Namespace(packet: SocketPacket): { name: string; auth: Record<string, unknown> } {
  const url = new URL(packet.nsp, 'https://socket.io');
  return { name: url.pathname, auth: Object.fromEntries(url.searchParams) };
}

function onConnectTimeout(client: Client): void {
  client._onConnectTimeout();
}

/**
 * Clients made during this tick, with their connectTimeout: the timer is armed at the end of the tick, and only
 * for those not connected by then. A client that names its namespace in the handshake is usually connected
 * within the tick it was made in, and skips making and clearing a timer.
 */
let unarmed: [Client, number][] = [];

function armConnectTimers(): void {
  const list = unarmed;
  unarmed = [];
  for (const [client, ms] of list) client._armConnectTimer(ms);
}

/**
 * One engine connection, multiplexed over namespaces: decodes its messages, routes packets to the
 * socket of their namespace, and closes a connection that joins no namespace within `connectTimeout`.
 */
export class Client implements ConnectionOwner, AdapterHostClient {
  /**
   * The socket of each namespace this connection joined. A connection joins one or a few namespaces, so an
   * exact-size array searched by name costs a fraction of a Map (whose table alone is ~270 bytes), per client.
   */
  private sockets: readonly Socket[] = NONE;
  /** Namespaces whose CONNECT is still in its middlewares: a repeated CONNECT must not create a second socket. */
  private pending: readonly string[] = NONE;
  /**
   * Namespaces left during this tick. socket.io reads a whole payload before it hands the packets over, so a packet
   * after a DISCONNECT in the same payload still finds its socket (and is ignored) instead of closing the connection.
   */
  private left: readonly string[] = NONE;
  /** Its own decoder, only while a binary packet of this client waits for its attachments. */
  private decoder: SocketDecoder | undefined = undefined;
  private connectTimer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;

  constructor(
    readonly conn: Connection,
    private readonly resolve: NamespaceResolver,
    connectTimeout: number,
    /** @internal The server's running totals, which this connection's sockets count into (disconnects, refusals). */
    readonly stats: ServerStats,
    /** Counts this connection against its address until it joins a namespace (`maxPendingHandshakesPerIp`). */
    private readonly pendingCount?: PendingHandshakes,
  ) {
    conn.setOwner(this);
    // A Socket.IO v2 client (Engine.IO v3) is in the main namespace without asking, as Socket.IO does it.
    if (conn.protocol === 3) this.connect({ type: SocketPacketType.CONNECT, nsp: '/' });
    else if (unarmed.push([this, connectTimeout]) === 1) process.nextTick(armConnectTimers);
  }

  /** The engine session's id (Socket.IO's `client.id`; the Admin UI shows it). */
  get id(): string {
    return this.conn.id;
  }

  /** @internal */
  _armConnectTimer(ms: number): void {
    if (!this.closed && !this.sockets.length) this.connectTimer = setTimeout(onConnectTimeout, ms, this);
  }

  /** @internal */
  _onConnectTimeout(): void {
    this.connectTimer = undefined;
    if (this.sockets.length) return;
    socketLog('client %s joined no namespace within connectTimeout: closing', this.conn.id);
    this.close();
  }

  /** @internal Writes an encoded packet; false when the connection is not open (or, volatile, not writable now). */
  write(packet: EncodedPacket, flags: BroadcastFlags): boolean {
    const conn = this.conn;
    if (conn.readyState !== 'open') return false;
    if (flags.volatile && !conn.writable) return false;
    conn.sendPrepared(prepare(packet), flags.compress === false ? NO_COMPRESS : undefined);
    return true;
  }

  /**
   * Writes chunks encoded by `server.encoder`, as the official adapters do for each socket a broadcast reaches (see
   * adapter/adapter-host.ts). The same array handed to many clients in a row is framed once, like sockjet's own
   * broadcasts; `preEncoded` and `wsPreEncodedFrame` are not needed for that and are ignored.
   */
  writeToEngine(encoded: EncodedPacket | string, opts: EngineWriteOptions): void {
    this.write(typeof encoded === 'string' ? [encoded] : encoded, opts);
  }

  /** @internal `socket` left its namespace. */
  remove(socket: Socket): void {
    if (!this.sockets.includes(socket)) return;
    const rest = this.sockets.filter((s) => s !== socket);
    this.sockets = rest.length ? rest : NONE;
    if (this.left === NONE) process.nextTick(forgetLeft, this);
    this.left = this.left.concat(socket.nsp.name);
  }

  /** @internal */
  _forgetLeft(): void {
    this.left = NONE;
  }

  /** @internal Disconnects every namespace, then closes the connection (`socket.disconnect(true)`). */
  disconnect(): void {
    for (const socket of this.sockets) socket.disconnect();
    this.close();
  }

  /** @internal Closes the connection on the server's initiative. */
  close(): void {
    if (this.conn.readyState === 'open') this.conn.close();
    this._onClose('forced server close');
  }

  /** @internal */
  _onMessage(data: string | Uint8Array): void {
    const decoder = this.decoder ?? sharedDecoder;
    const packet = decoder.add(data);
    if (packet === null && decoder === sharedDecoder) {
      this.decoder = decoder;
      sharedDecoder = new SocketDecoder();
    } else if (packet !== null) {
      this.decoder = undefined;
    }
    if (packet === null || this.closed) return;
    if (isProtocolError(packet)) {
      count(this.stats.refused, packet.code);
      socketLog('client %s sent an undecodable packet (%s): closing', this.conn.id, packet.code);
      // Close the sockets first, so they report 'parse error' rather than the engine's 'forced close'.
      this._onClose('parse error', packet);
      this.conn.close();
      return;
    }
    const { type } = packet;
    const nsp = this.conn.protocol === 3 ? parseV2Namespace(packet).name : packet.nsp;
    const socket = this.socketOf(nsp);
    const joined = socket !== undefined || this.left.includes(nsp);
    if (type === SocketPacketType.CONNECT && !joined) this.connect(packet);
    else if (joined && type !== SocketPacketType.CONNECT && type !== SocketPacketType.CONNECT_ERROR) socket?.handlePacket(packet);
    // A second CONNECT, a packet for a namespace never joined, a CONNECT_ERROR from the client: socket.io closes
    // the connection ("invalid state"), and so do we.
    else {
      count(this.stats.refused, 'invalid_state');
      socketLog('client %s sent packet type %d for namespace %s in a state that does not allow it: closing', this.conn.id, type, nsp);
      this.close();
    }
  }

  private connect(packet: SocketPacket): void {
    // No payload (the usual case) stays undefined: `socket.handshake` makes the empty object if it is ever read.
    const { name, auth } = this.conn.protocol === 3 ? parseV2Namespace(packet) : { name: packet.nsp, auth: packet.data as Record<string, unknown> | undefined };
    // A second CONNECT to a namespace this connection is joining is ignored.
    if (this.socketOf(name) || this.pending.includes(name)) return;
    this.pending = this.pending.concat(name);
    this.resolve(name, auth, (nsp) => {
      if (this.closed) return;
      if (!nsp) {
        this.settle(name);
        count(this.stats.refused, 'invalid_namespace');
        socketLog('client %s refused: no namespace %s', this.conn.id, name);
        return this.writeConnectError(name, { message: 'Invalid namespace' });
      }
      nsp.admit(this, auth, (socket) => {
        this.settle(name);
        if (!socket) return;
        this.sockets = this.sockets.concat(socket);
        this.pendingCount?.settle(this);
        if (this.connectTimer) clearTimeout(this.connectTimer);
        this.connectTimer = undefined;
      });
    });
  }

  /** The CONNECT to `name` went through its middlewares. */
  private settle(name: string): void {
    const rest = this.pending.filter((n) => n !== name);
    this.pending = rest.length ? rest : NONE;
  }

  private socketOf(nsp: string): Socket | undefined {
    const sockets = this.sockets;
    for (let i = 0; i < sockets.length; i++) if (sockets[i]!.nsp.name === nsp) return sockets[i];
    return undefined;
  }

  private writeConnectError(nsp: string, payload: unknown): void {
    this.write(encodeSocketPacket({ type: SocketPacketType.CONNECT_ERROR, nsp, data: payload }), {});
  }

  /** @internal */
  _onClose(reason: EngineCloseReason | DisconnectReason, description?: unknown): void {
    if (this.closed) return;
    this.closed = true;
    this.pendingCount?.settle(this);
    if (this.connectTimer) clearTimeout(this.connectTimer);
    this.connectTimer = undefined;
    // Each socket removes itself from the list (a new array), so this loop walks the list as it was.
    for (const socket of this.sockets) socket.handleClose(reason, description);
    this.sockets = NONE;
    this.decoder = undefined;
    this.conn.setOwner(null);
  }

  /** @internal Whether the connection is still usable (a middleware may finish after it closed). */
  get open(): boolean {
    return !this.closed && this.conn.readyState === 'open';
  }
}
