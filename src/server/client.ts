import { isProtocolError } from '../protocol/protocol-error.js';
import { SocketDecoder } from '../protocol/socket-decoder.js';
import { encodeSocketPacket } from '../protocol/socket-encoder.js';
import { SocketPacketType, type SocketPacket } from '../protocol/socket-packet.js';
import type { BroadcastFlags, EncodedPacket } from './adapter/adapter.js';
import type { Connection, EngineCloseReason } from './engine/connection.js';
import type { Namespace } from './namespace.js';
import type { DisconnectReason, Socket } from './socket.js';

/** Finds the namespace a CONNECT asks for (creating a dynamic one), or false when there is none. */
export type NamespaceResolver = (name: string, auth: Record<string, unknown>, done: (nsp: Namespace | false) => void) => void;

const NO_COMPRESS = Object.freeze({ compress: false });

/**
 * One engine connection, multiplexed over namespaces: decodes its messages, routes packets to the
 * socket of their namespace, and closes a connection that joins no namespace within `connectTimeout`.
 */
export class Client {
  /** The socket of each namespace this connection joined. */
  private readonly sockets = new Map<string, Socket>();
  /** Namespaces whose CONNECT is still in its middlewares: a repeated CONNECT must not create a second socket. */
  private readonly pending = new Set<string>();
  private readonly decoder = new SocketDecoder();
  private connectTimer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;

  constructor(
    readonly conn: Connection,
    private readonly resolve: NamespaceResolver,
    connectTimeout: number,
  ) {
    this.connectTimer = setTimeout(() => {
      this.connectTimer = undefined;
      if (!this.sockets.size) this._close();
    }, connectTimeout);
    conn.on('message', this.onMessage);
    conn.on('close', this.onClose);
  }

  /** @internal Writes an encoded packet; false when the connection is not open (or, volatile, not writable now). */
  _write(packet: EncodedPacket, flags: BroadcastFlags): boolean {
    const conn = this.conn;
    if (conn.readyState !== 'open') return false;
    if (flags.volatile && !conn.writable) return false;
    const options = flags.compress === false ? NO_COMPRESS : undefined;
    if (packet.length === 1) conn.send(packet[0], options);
    else conn.sendMany(packet, options);
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
    this.onClose('forced server close');
  }

  private readonly onMessage = (data: string | Uint8Array): void => {
    const packet = this.decoder.add(data);
    if (packet === null || this.closed) return;
    if (isProtocolError(packet)) {
      // Close the sockets first, so they report 'parse error' rather than the engine's 'forced close'.
      this.onClose('parse error', packet);
      this.conn.close();
      return;
    }
    if (packet.type === SocketPacketType.CONNECT) this.connect(packet);
    else this.sockets.get(packet.nsp)?._onpacket(packet);
  };

  private connect(packet: SocketPacket): void {
    const auth = (packet.data ?? {}) as Record<string, unknown>;
    // A second CONNECT to a namespace this connection joined (or is joining) is ignored.
    const name = packet.nsp;
    if (this.sockets.has(name) || this.pending.has(name)) return;
    this.pending.add(name);
    this.resolve(name, auth, (nsp) => {
      if (this.closed) return;
      if (!nsp) {
        this.pending.delete(name);
        return this._refuse(name, 'Invalid namespace');
      }
      nsp._add(this, auth, (socket) => {
        this.pending.delete(name);
        if (!socket) return;
        this.sockets.set(name, socket);
        if (this.connectTimer) clearTimeout(this.connectTimer);
        this.connectTimer = undefined;
      });
    });
  }

  /** @internal Answers a CONNECT with CONNECT_ERROR. */
  _refuse(nsp: string, message: string, data?: unknown): void {
    const payload = data === undefined ? { message } : { message, data };
    this._write(encodeSocketPacket({ type: SocketPacketType.CONNECT_ERROR, nsp, data: payload }), {});
  }

  private readonly onClose = (reason: EngineCloseReason | DisconnectReason, description?: unknown): void => {
    if (this.closed) return;
    this.closed = true;
    if (this.connectTimer) clearTimeout(this.connectTimer);
    this.connectTimer = undefined;
    for (const socket of [...this.sockets.values()]) socket._onclose(reason, description);
    this.sockets.clear();
    this.decoder.reset();
    this.conn.off('message', this.onMessage);
    this.conn.off('close', this.onClose);
  };

  /** @internal Whether the connection is still usable (a middleware may finish after it closed). */
  get _open(): boolean {
    return !this.closed && this.conn.readyState === 'open';
  }
}
