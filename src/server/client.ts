import { isProtocolError } from '../protocol/protocol-error.js';
import { SocketDecoder } from '../protocol/socket-decoder.js';
import { encodeSocketPacket } from '../protocol/socket-encoder.js';
import { SocketPacketType, type SocketPacket } from '../protocol/socket-packet.js';
import type { BroadcastFlags, EncodedPacket } from './adapter/adapter.js';
import type { Connection, EngineCloseReason } from './engine/connection.js';
import { PreparedMessage } from './engine/prepared-message.js';
import type { Namespace } from './namespace.js';
import type { DisconnectReason, Socket } from './socket.js';

/** Finds the namespace a CONNECT asks for (creating a dynamic one), or false when there is none. */
export type NamespaceResolver = (name: string, auth: Record<string, unknown>, done: (nsp: Namespace | false) => void) => void;

const NO_COMPRESS = Object.freeze({ compress: false });

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
 * The client of each connection. A connection calls its listeners with itself as `this`, so these
 * module-level listeners serve every client instead of two closures per connection.
 */
const clients = new WeakMap<Connection, Client>();

function onMessage(this: Connection, data: string | Uint8Array): void {
  clients.get(this)?._onMessage(data);
}

function onClose(this: Connection, reason: EngineCloseReason, description?: unknown): void {
  clients.get(this)?._onClose(reason, description);
}

function onConnectTimeout(client: Client): void {
  client._onConnectTimeout();
}

/**
 * One engine connection, multiplexed over namespaces: decodes its messages, routes packets to the
 * socket of their namespace, and closes a connection that joins no namespace within `connectTimeout`.
 */
export class Client {
  /** The socket of each namespace this connection joined. */
  private readonly sockets = new Map<string, Socket>();
  /** Namespaces whose CONNECT is still in its middlewares: a repeated CONNECT must not create a second socket. */
  private pending: Set<string> | undefined;
  private readonly decoder = new SocketDecoder();
  private connectTimer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;

  constructor(
    readonly conn: Connection,
    private readonly resolve: NamespaceResolver,
    connectTimeout: number,
  ) {
    this.connectTimer = setTimeout(onConnectTimeout, connectTimeout, this);
    clients.set(conn, this);
    conn.on('message', onMessage);
    conn.on('close', onClose);
  }

  /** @internal */
  _onConnectTimeout(): void {
    this.connectTimer = undefined;
    if (!this.sockets.size) this._close();
  }

  /** @internal Writes an encoded packet; false when the connection is not open (or, volatile, not writable now). */
  _write(packet: EncodedPacket, flags: BroadcastFlags): boolean {
    const conn = this.conn;
    if (conn.readyState !== 'open') return false;
    if (flags.volatile && !conn.writable) return false;
    conn.sendPrepared(prepare(packet), flags.compress === false ? NO_COMPRESS : undefined);
    return true;
  }

  /** @internal */
  _remove(socket: Socket): void {
    if (this.sockets.get(socket.nsp.name) === socket) this.sockets.delete(socket.nsp.name);
  }

  /** @internal Disconnects every namespace, then closes the connection (`socket.disconnect(true)`). */
  _disconnect(): void {
    for (const socket of [...this.sockets.values()]) socket.disconnect();
    this._close();
  }

  /** @internal Closes the connection on the server's initiative. */
  _close(): void {
    if (this.conn.readyState === 'open') this.conn.close();
    this._onClose('forced server close');
  }

  /** @internal */
  _onMessage(data: string | Uint8Array): void {
    const packet = this.decoder.add(data);
    if (packet === null || this.closed) return;
    if (isProtocolError(packet)) {
      // Close the sockets first, so they report 'parse error' rather than the engine's 'forced close'.
      this._onClose('parse error', packet);
      this.conn.close();
      return;
    }
    if (packet.type === SocketPacketType.CONNECT) this.connect(packet);
    else this.sockets.get(packet.nsp)?._onpacket(packet);
  }

  private connect(packet: SocketPacket): void {
    const auth = (packet.data ?? {}) as Record<string, unknown>;
    // A second CONNECT to a namespace this connection joined (or is joining) is ignored.
    const name = packet.nsp;
    if (this.sockets.has(name) || this.pending?.has(name)) return;
    (this.pending ??= new Set()).add(name);
    this.resolve(name, auth, (nsp) => {
      if (this.closed) return;
      if (!nsp) {
        this.settle(name);
        return this._refuse(name, 'Invalid namespace');
      }
      nsp._add(this, auth, (socket) => {
        this.settle(name);
        if (!socket) return;
        this.sockets.set(name, socket);
        if (this.connectTimer) clearTimeout(this.connectTimer);
        this.connectTimer = undefined;
      });
    });
  }

  /** The CONNECT to `name` went through its middlewares; an idle client keeps no empty Set. */
  private settle(name: string): void {
    this.pending?.delete(name);
    if (!this.pending?.size) this.pending = undefined;
  }

  /** @internal Answers a CONNECT with CONNECT_ERROR. */
  _refuse(nsp: string, message: string, data?: unknown): void {
    const payload = data === undefined ? { message } : { message, data };
    this._write(encodeSocketPacket({ type: SocketPacketType.CONNECT_ERROR, nsp, data: payload }), {});
  }

  /** @internal */
  _onClose(reason: EngineCloseReason | DisconnectReason, description?: unknown): void {
    if (this.closed) return;
    this.closed = true;
    if (this.connectTimer) clearTimeout(this.connectTimer);
    this.connectTimer = undefined;
    for (const socket of [...this.sockets.values()]) socket._onclose(reason, description);
    this.sockets.clear();
    this.decoder.reset();
    this.conn.off('message', onMessage);
    this.conn.off('close', onClose);
  }

  /** @internal Whether the connection is still usable (a middleware may finish after it closed). */
  get _open(): boolean {
    return !this.closed && this.conn.readyState === 'open';
  }
}
