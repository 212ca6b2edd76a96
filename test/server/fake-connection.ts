import type { IncomingMessage } from 'node:http';
import type { Connection, ConnectionOwner, EngineCloseReason } from '../../src/server/engine/connection.js';
import type { PreparedMessage } from '../../src/server/engine/prepared-message.js';
import type { Server } from '../../src/server/server.js';
import type { Socket } from '../../src/server/socket.js';
import { Emitter } from '../../src/shared/emitter.js';
import { SocketPacketType, type SocketPacket } from '../../src/protocol/socket-packet.js';
import { decodeAll } from './adapter/decode-all.js';
import { encodeSocketPacket } from '../../src/protocol/socket-encoder.js';

type Chunk = string | Uint8Array;

/**
 * An engine connection without a network: what the server writes is recorded, what the "client" sends
 * is fed in with `receive`. Lets the Socket.IO layer be tested deterministically.
 */
export class FakeConnection extends Emitter<{
  message: [data: string | Buffer];
  close: [reason: EngineCloseReason, description?: unknown];
}> {
  static count = 0;
  readonly id = `conn${FakeConnection.count++}`;
  readonly protocol = 4 as const;
  /** The shape of `Connection#transport` (`conn.transport.name`, as in Socket.IO). */
  readonly transport = { name: 'websocket' } as const;
  readyState: 'opening' | 'open' | 'closing' | 'closed' = 'open';
  writable = true;
  readonly sent: { chunks: Chunk[]; compress: boolean }[] = [];
  /** Every prepared message handed to `sendPrepared`, as given (a broadcast hands the same ones to everyone). */
  readonly prepared: PreparedMessage[] = [];
  closeCalls = 0;
  readonly request: IncomingMessage;
  readonly remoteAddress = '127.0.0.9';
  /** The Socket.IO client on this connection, as on a real one. */
  private _owner: ConnectionOwner | null = null;

  constructor(url = '/socket.io/?EIO=4&transport=websocket&foo=bar', headers: Record<string, string> = {}) {
    super();
    this.request = { url, headers, socket: { remoteAddress: '127.0.0.9' } } as unknown as IncomingMessage;
  }

  setOwner(owner: ConnectionOwner | null): void {
    this._owner = owner;
  }

  send(data: Chunk, options?: { compress?: boolean }): this {
    return this.sendMany([data], options);
  }

  sendMany(data: readonly Chunk[], options?: { compress?: boolean }): this {
    this.sent.push({ chunks: [...data], compress: options?.compress !== false });
    return this;
  }

  sendPrepared(messages: PreparedMessage | readonly PreparedMessage[], options?: { compress?: boolean }): this {
    const list = Array.isArray(messages) ? messages : [messages as PreparedMessage];
    this.prepared.push(...list);
    return this.sendMany(list.map((m: PreparedMessage) => m.packet.data as Chunk), options);
  }

  close(): void {
    this.closeCalls++;
    this.end('forced close');
  }

  /** The peer's side went away (or the engine gave up) with `reason`. */
  end(reason: EngineCloseReason): void {
    if (this.readyState === 'closed') return;
    this.readyState = 'closed';
    const owner = this._owner;
    this._owner = null;
    owner?._onClose(reason);
    this.emitReserved('close', reason);
  }

  /** Feeds a packet as the client would send it. */
  receive(packet: SocketPacket): void {
    for (const chunk of encodeSocketPacket(packet)) this.receiveRaw(chunk);
  }

  receiveRaw(chunk: Chunk): void {
    const data = typeof chunk === 'string' ? chunk : Buffer.from(chunk);
    this._owner?._onMessage(data);
    this.emitReserved('message', data);
  }

  /** Every packet written so far, decoded; `take` empties the record. */
  packets(): SocketPacket[] {
    return this.sent.map((s) => decodeAll(s.chunks));
  }

  take(): SocketPacket[] {
    const packets = this.packets();
    this.sent.length = 0;
    return packets;
  }

  asConnection(): Connection {
    return this as unknown as Connection;
  }
}

/** Hands a fake connection to the server as if its engine had accepted it. */
export function connectFake(io: Server, conn = new FakeConnection()): FakeConnection {
  io.engine.emitReserved('connection', conn.asConnection());
  return conn;
}

/** Connects a fake client to `nsp` and returns both ends. */
export function join(io: Server, nsp = '/', conn = connectFake(io)): { conn: FakeConnection; socket: Socket } {
  const before = conn.sent.length;
  conn.receive({ type: SocketPacketType.CONNECT, nsp, data: { token: 't' } });
  const answer = conn.packets()[before];
  const sid = (answer?.data as { sid?: string } | undefined)?.sid;
  const socket = sid ? io._nsps.get(nsp)?.sockets.get(sid) : undefined;
  if (!socket) throw new Error(`not connected: ${JSON.stringify(answer)}`);
  return { conn, socket };
}


