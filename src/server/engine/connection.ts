import type { IncomingMessage, ServerResponse } from 'node:http';
import { encodeClosePayload, isApplicationCloseCode, MAX_CLOSE_REASON_BYTES } from '../../protocol/close-payload.js';
import { EnginePacketType } from '../../protocol/engine-packet.js';
import { SockjetError } from '../../shared/sockjet-error.js';
import type { BinaryInput, EnginePacket, OutgoingEnginePacket } from '../../protocol/engine-packet.js';
import type { EngineOptions } from './engine-options.js';
import { PollingTransport } from './polling-transport.js';
import type { DeadlineQueue, Queued } from './deadline-queue.js';
import { PreparedMessage } from './prepared-message.js';
import { NodeStyleEmitter } from '../../shared/node-style-emitter.js';
import type { Transport, TransportFailure } from './transport.js';
import { fitsQueue, packetBytes, preparedBytes } from './write-limit.js';
import { describeFailure, engineLog } from '../observability/debug-log.js';
import { badInputKind, count, type EngineStats } from '../observability/engine-stats.js';

export type EngineCloseReason =
  | 'transport close'
  | 'transport error'
  | 'ping timeout'
  | 'parse error'
  | 'forced close'
  | 'server shutting down'
  /** More than `maxWriteBufferSize` bytes waited for a peer that does not read (see `Connection#bufferedAmount`). */
  | 'slow consumer';

/** What a connection tells about its transport. */
export interface TransportInfo {
  readonly name: 'polling' | 'websocket';
}

export type ConnectionState = 'opening' | 'open' | 'closing' | 'closed';

/** Engine.IO packet type names, as engine.io's `packet` and `packetCreate` events give them. */
export type EnginePacketName = 'open' | 'close' | 'ping' | 'pong' | 'message' | 'upgrade' | 'noop';
const PACKET_NAMES: readonly EnginePacketName[] = ['open', 'close', 'ping', 'pong', 'message', 'upgrade', 'noop'];

/** A packet as the `packet` and `packetCreate` events report it (engine.io's shape). */
export interface PacketEvent {
  type: EnginePacketName;
  data?: string | BinaryInput;
  /** Outgoing packets only: whether the packet may be compressed. */
  options?: { compress: boolean };
}

export type ConnectionEvents = {
  message: [data: string | Buffer];
  close: [reason: EngineCloseReason, description?: unknown];
  upgrade: [transport: TransportInfo];
  /** A WebSocket sent the upgrade probe: the upgrade to it is under way. */
  upgrading: [transport: TransportInfo];
  drain: [];
  /** The client answered a ping: the connection is alive. */
  heartbeat: [];
  packet: [packet: PacketEvent];
  packetCreate: [packet: PacketEvent];
};

const packetEvent = (packet: OutgoingEnginePacket, compress?: boolean): PacketEvent => {
  const event: PacketEvent = { type: PACKET_NAMES[packet.type]! };
  if (packet.data !== undefined) event.data = packet.data;
  if (compress !== undefined) event.options = { compress };
  return event;
};

/**
 * The layer above a connection (the Socket.IO client on it): told of each message and of the close before the
 * listeners are, through one field instead of two listeners and a lookup table per connection.
 */
export interface ConnectionOwner {
  // @internal members, like those of the classes that implement them (stripped from the published declarations).
  /** @internal */
  _onMessage(data: string | Buffer): void;
  /** @internal */
  _onClose(reason: EngineCloseReason, description?: unknown): void;
}

/** What a connection needs from its engine. */
export interface ConnectionHost {
  readonly options: Readonly<EngineOptions>;
  /** @internal Connections waiting to send their next ping (pingInterval); `_pongs`, those waiting for a pong. */
  readonly _pings: DeadlineQueue<Connection>;
  /** @internal */
  readonly _pongs: DeadlineQueue<Connection>;
  /** @internal Protocol v3 sessions waiting for the client's next ping (pingInterval + pingTimeout). */
  readonly _idle: DeadlineQueue<Connection>;
  /** @internal Running totals (packets, bytes, closes); plain integer bumps. */
  readonly _stats: EngineStats;
  /** @internal */
  _forget(conn: Connection): void;
}

/** An upgrade in flight: the probe transport, its deadline, and whether the `2probe` ping arrived. */
interface Upgrade {
  transport: Transport;
  timer: NodeJS.Timeout;
  probed: boolean;
}

// Timer callbacks take the connection as an argument: no closure per connection or per tick.
export const onPingDue = (c: Connection): void => c._ping();
export const onPingTimeout = (c: Connection): void => c._finish('ping timeout');
const onCloseTimeout = (c: Connection): void => c._finish('forced close');
const onUpgradeTimeout = (c: Connection): void => c._abortUpgrade();

const asBuffer = (data: string | Uint8Array): string | Buffer =>
  typeof data === 'string' || Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);

/**
 * One Engine.IO session (https://socket.io/docs/v4/engine-io-protocol/): handshake, heartbeat, buffering,
 * and the polling → WebSocket upgrade. Its state is a handful of fields so that idle connections stay cheap.
 *
 * @example
 *   engine.on('connection', (conn) => {
 *     conn.on('message', (data) => conn.send(data));
 *     conn.on('close', (reason) => console.log(conn.id, reason));
 *   });
 */
export class Connection extends NodeStyleEmitter<ConnectionEvents> implements Queued {
  private _state: ConnectionState = 'opening';
  private _buf: OutgoingEnginePacket[] | null = null;
  /** What `_buf` weighs (see `packetBytes`). */
  private _bufBytes = 0;
  private _bufCompress = false;
  /** The deadline of a pending close (long-polling); the heartbeat is kept by the engine's queues. */
  private _timer: NodeJS.Timeout | null = null;
  /** The layer above, told of messages and of the close first (see `setOwner`). */
  private _owner: ConnectionOwner | null = null;
  /** @internal The heartbeat: this connection's place in the engine's ping or pong queue (see DeadlineQueue). */
  _qPrev: Queued | null = null;
  /** @internal */
  _qNext: Queued | null = null;
  /** @internal */
  _qAt = 0;
  /** @internal */
  _qIn: DeadlineQueue<Connection> | null = null;
  private _upgrade: Upgrade | null = null;
  /** The code and reason given to `close()`, for the close packet and the WebSocket close frame. */
  private _bye: { code: number; reason: string } | undefined = undefined;
  /**
   * The peer's address, read when the connection was accepted: over long-polling the socket of the first request
   * may be gone (its `remoteAddress` then reads undefined) while the session lives on.
   */
  readonly remoteAddress: string | undefined;

  /** @internal The engine creates connections. */
  constructor(
    readonly id: string,
    readonly request: IncomingMessage,
    private _transport: Transport,
    private readonly _host: ConnectionHost,
  ) {
    super();
    _transport.sink = this;
    this.remoteAddress = request.socket?.remoteAddress;
  }

  /** The Engine.IO protocol revision: 4, or 3 for a Socket.IO v2 client (`allowEIO3`); its transport knows it. */
  get protocol(): 3 | 4 {
    return this._transport.protocol;
  }

  /** The transport in use; `conn.transport.name` is 'polling' or 'websocket', as in Socket.IO. */
  get transport(): TransportInfo {
    return this._transport;
  }

  get readyState(): ConnectionState {
    return this._state;
  }

  /**
   * True when a packet sent now goes out at once, with no earlier write still in flight (Socket.IO's `volatile`
   * asks: `s.emit('a'); s.volatile.emit('b')` in one tick delivers only 'a', as with engine.io).
   */
  get writable(): boolean {
    return this._state === 'open' && !this._buf && this._canWrite() && !this._transport.busy;
  }

  /**
   * Bytes written to this connection and not yet handed to the network: packets waiting for the next long-polling
   * GET (or for an upgrade to finish) plus what the WebSocket has not flushed. Past `maxWriteBufferSize` the
   * connection closes with reason 'slow consumer'; 'drain' tells when it emptied.
   * @example if (socket.conn.bufferedAmount > 1e6) await once(socket.conn, 'drain');
   */
  get bufferedAmount(): number {
    return this._bufBytes + this._transport.bufferedAmount;
  }

  /** @internal The send queue, for metrics: packets waiting in the session, and bytes waiting in the transport. */
  get _sendQueue(): { packets: number; bytes: number } {
    return { packets: this._buf?.length ?? 0, bytes: this.bufferedAmount };
  }

  /** Sends one message packet; text stays text, binary goes as a binary frame (or base64 over polling). */
  send(data: string | BinaryInput, options?: { compress?: boolean }): this {
    this._sendPacket({ type: EnginePacketType.MESSAGE, data }, options?.compress !== false);
    return this;
  }

  /** Sends several messages at once: one polling response, or back-to-back WebSocket frames. */
  sendMany(data: readonly (string | BinaryInput)[], options?: { compress?: boolean }): this {
    return this.sendPrepared(data.map((item) => new PreparedMessage(item)), options);
  }

  /**
   * Sends messages encoded once for many connections (see `PreparedMessage`): a broadcast builds its
   * WebSocket frame once and every connection writes that same frame.
   */
  sendPrepared(messages: PreparedMessage | readonly PreparedMessage[], options?: { compress?: boolean }): this {
    const list: readonly PreparedMessage[] = Array.isArray(messages) ? messages : [messages as PreparedMessage];
    if ((this._state !== 'open' && this._state !== 'opening') || !list.length) return this;
    const compress = options?.compress !== false;
    this._host._stats.packetsOut += list.length;
    if (this.hasListeners('packetCreate')) for (const m of list) this.emitReserved('packetCreate', packetEvent(m.packet, compress));
    const bytes = preparedBytes(list);
    if (!this._admits(bytes)) return this;
    if (!this._buf && this._canWrite()) {
      this._transport.sendPrepared(list, compress);
      return this;
    }
    const buf = (this._buf ??= []);
    for (const m of list) buf.push(m.packet);
    this._bufBytes += bytes;
    this._bufCompress ||= compress;
    this._flush();
    return this;
  }

  /**
   * Closes the session with reason 'forced close', after writing what is already buffered. With a `code`
   * (1000 or 3000-4999) and a `reason` (at most 123 UTF-8 bytes), the close packet carries
   * `{"code":...,"reason":...}` (a sockjet extension: Engine.IO clients ignore a close packet's payload) and a
   * WebSocket transport is closed with that code and reason; sockjet's `WebSocket` class reports them.
   * A bad code or reason throws a SockjetError with code 'ERR_INVALID_CLOSE_CODE' or 'ERR_INVALID_CLOSE_REASON'.
   * @example conn.close(4001, 'unauthorized');
   */
  close(code?: number, reason = ''): void {
    if (code !== undefined && !(isApplicationCloseCode(code) && Number.isInteger(code)))
      throw new SockjetError('ERR_INVALID_CLOSE_CODE', `invalid close code ${code}: use 1000 or 3000-4999`);
    if (Buffer.byteLength(reason) > MAX_CLOSE_REASON_BYTES)
      throw new SockjetError('ERR_INVALID_CLOSE_REASON', 'close reason over 123 bytes');
    if (this._state !== 'open') return;
    if (code !== undefined) this._bye = { code, reason };
    this._state = 'closing';
    this._clearTimer();
    if (this._transport.name !== 'polling' || (this._transport.writable && !this._buf)) {
      this._finish('forced close');
      return;
    }
    // Long-polling: what is buffered goes out first and the close packet in a later response, so the client has
    // read the packets (a DISCONNECT, say) before it sees the session end; an upgrade in flight may finish, and
    // the session closes on the new transport. As engine.io, which waits for its buffer to drain.
    this._flush();
    const { pingInterval, pingTimeout } = this._host.options;
    this._timer = setTimeout(onCloseTimeout, pingInterval + pingTimeout, this);
  }

  /**
   * @internal The Socket.IO layer's client on this connection: it gets each message and the close before any
   * listener does (null lets go of it). The connection drops it when it closes.
   */
  setOwner(owner: ConnectionOwner | null): void {
    this._owner = owner;
  }

  /** @internal Sends the open packet and starts the heartbeat. */
  _open(upgrades: readonly string[]): void {
    const { pingInterval, pingTimeout, maxHttpBufferSize, initialPacket } = this._host.options;
    // Written out rather than JSON.stringify'd from an object: it is on every handshake's path. The id is
    // base64url and the numbers are integers, so only the names need JSON's quoting.
    const open =
      `{"sid":"${this.id}","upgrades":${JSON.stringify(upgrades)},"pingInterval":${pingInterval},` +
      `"pingTimeout":${pingTimeout},"maxPayload":${maxHttpBufferSize}}`;
    this._state = 'open';
    this._sendPacket({ type: EnginePacketType.OPEN, data: open }, false);
    if (initialPacket !== undefined) this.send(initialPacket);
    // In protocol v3 the client pings and the server answers; in v4 the server pings.
    (this.protocol === 3 ? this._host._idle : this._host._pings).add(this);
  }

  /** @internal A long-polling request for this session. */
  _onPollRequest(req: IncomingMessage, res: ServerResponse): void {
    (this._transport as PollingTransport).onRequest(req, res);
  }

  /** @internal The engine closes every connection on shutdown without waiting for buffered packets. */
  _shutdown(): void {
    if (this._state !== 'closed') this._finish('server shutting down');
  }

  /** @internal */
  _ping(): void {
    this._sendPacket({ type: EnginePacketType.PING }, false);
    // A `packetCreate` listener may have closed the connection on the way.
    if (this._state === 'open') this._host._pongs.add(this);
  }

  private _sendPacket(packet: OutgoingEnginePacket, compress: boolean): void {
    if (this._state !== 'open' && this._state !== 'opening') return;
    this._host._stats.packetsOut++;
    if (this.hasListeners('packetCreate')) this.emitReserved('packetCreate', packetEvent(packet, compress));
    const bytes = packetBytes(packet);
    if (!this._admits(bytes)) return;
    if (!this._buf && this._canWrite()) {
      this._transport.sendPacket(packet, compress);
      return;
    }
    (this._buf ??= []).push(packet);
    this._bufBytes += bytes;
    this._bufCompress ||= compress;
    this._flush();
  }

  /**
   * Whether `bytes` more may be queued. A peer that leaves more than `maxWriteBufferSize` bytes unread is cut off
   * (issue 13): holding everything for it would grow memory without bound until the heartbeat noticed.
   */
  private _admits(bytes: number): boolean {
    if (fitsQueue(this.bufferedAmount, bytes, this._host.options.maxWriteBufferSize)) return true;
    this._finish('slow consumer');
    return false;
  }

  /** While a probed upgrade is in flight, packets wait for the new transport (unless the session is closing). */
  private _canWrite(): boolean {
    return this._transport.writable && (!this._upgrade?.probed || this._state === 'closing');
  }

  private _flush(): void {
    const buf = this._buf;
    if (!buf || !this._canWrite()) return;
    this._buf = null;
    this._bufBytes = 0;
    this._transport.send(buf, this._bufCompress);
    this._bufCompress = false;
    this.emitReserved('drain');
  }

  private _clearTimer(): void {
    if (this._timer) clearTimeout(this._timer);
    this._timer = null;
    this._qIn?.remove(this);
  }

  /** @internal Ends the session: buffered packets and a close packet go out if the transport can still write. */
  _finish(reason: EngineCloseReason, description?: unknown): void {
    if (this._state === 'closed') return;
    this._state = 'closed';
    this._count(reason, description);
    this._clearTimer();
    this._abortUpgrade();
    const transport = this._transport;
    // A slow consumer is cut at once: writing a close packet behind what it does not read would keep it all.
    const cut = reason === 'slow consumer';
    // A peer that closed (its close packet, or the WebSocket's close) reads nothing more: no close packet back.
    if (!cut && transport.writable && reason !== 'transport close') {
      const out = this._buf ?? [];
      const bye = this._bye;
      out.push(bye ? { type: EnginePacketType.CLOSE, data: encodeClosePayload(bye.code, bye.reason) } : { type: EnginePacketType.CLOSE });
      transport.send(out, false);
    }
    this._buf = null;
    this._bufBytes = 0;
    if (cut) transport.terminate();
    else transport.close(this._bye?.code, this._bye?.reason);
    this._host._forget(this);
    const owner = this._owner;
    this._owner = null;
    owner?._onClose(reason, description);
    this.emitReserved('close', reason, description);
  }

  /** Counts the close (and the bad input behind it, if any) and tells the debug log why. */
  private _count(reason: EngineCloseReason, description: unknown): void {
    const stats = this._host._stats;
    count(stats.closes, reason);
    if (reason === 'ping timeout') stats.heartbeatFailures++;
    const bad = badInputKind(reason, description);
    if (bad !== undefined) count(stats.refused, bad);
    if (engineLog.enabled)
      engineLog('close %s (%s): %s%s', this.id, this._transport.name, reason, description === undefined ? '' : `, ${describeFailure(description)}`);
  }

  /** @internal A WebSocket opened with this session's id: probe it (https://socket.io/docs/v4/engine-io-protocol/#upgrade). */
  _probe(transport: Transport): void {
    if (this._state !== 'open' || this._upgrade || this._transport.name !== 'polling') {
      engineLog('upgrade of %s refused: session %s, transport %s%s', this.id, this._state, this._transport.name, this._upgrade ? ', an upgrade in flight' : '');
      transport.close();
      return;
    }
    if (engineLog.enabled) engineLog('upgrade of %s: probing websocket', this.id);
    transport.sink = this;
    this._upgrade = { transport, timer: setTimeout(onUpgradeTimeout, this._host.options.upgradeTimeout, this), probed: false };
  }

  /** @internal Drops the probe transport; the session carries on over polling. */
  _abortUpgrade(): void {
    const upgrade = this._upgrade;
    if (!upgrade) return;
    if (engineLog.enabled) engineLog('upgrade of %s aborted (%s)', this.id, this._state === 'open' ? 'probe failed or timed out' : 'session closing');
    this._upgrade = null;
    clearTimeout(upgrade.timer);
    upgrade.transport.close();
    if (this._state !== 'closed') this._flush();
  }

  private _onProbePacket(upgrade: Upgrade, packet: EnginePacket): void {
    const { transport } = upgrade;
    if (packet.type === EnginePacketType.PING && packet.data === 'probe' && !upgrade.probed) {
      transport.sendPacket({ type: EnginePacketType.PONG, data: 'probe' }, false);
      upgrade.probed = true;
      this.emitReserved('upgrading', transport);
      // Answer the waiting GET so the client can pause polling and send the upgrade packet.
      if (this._transport.writable && upgrade === this._upgrade) this._transport.sendPacket({ type: EnginePacketType.NOOP }, false);
    } else if (packet.type === EnginePacketType.UPGRADE && upgrade.probed) {
      clearTimeout(upgrade.timer);
      this._upgrade = null;
      const old = this._transport;
      this._transport = transport;
      old.close();
      this._host._stats.upgrades++;
      if (engineLog.enabled) engineLog('upgrade of %s: now on %s', this.id, transport.name);
      this.emitReserved('upgrade', transport);
      if (this._state === 'closing') this._finish('forced close');
      else this._flush();
    } else {
      this._abortUpgrade();
    }
  }

  /** @internal */
  _onPacket(transport: Transport, packet: EnginePacket): void {
    if (transport !== this._transport) {
      if (this._upgrade?.transport === transport) this._onProbePacket(this._upgrade, packet);
      return;
    }
    if (this._state !== 'open') return;
    this._host._stats.packetsIn++;
    if (this.hasListeners('packet')) this.emitReserved('packet', packetEvent(packet));
    switch (packet.type) {
      case EnginePacketType.MESSAGE: {
        const data = asBuffer(packet.data ?? '');
        this._owner?._onMessage(data);
        this.emitReserved('message', data);
        break;
      }
      case EnginePacketType.PONG:
        if (this.protocol === 3) {
          this._finish('transport error', 'invalid heartbeat direction');
          break;
        }
        // Only the pong we wait for re-arms the heartbeat; a stray one changes nothing.
        if (this._qIn !== this._host._pongs) break;
        this._host._pings.add(this);
        this.emitReserved('heartbeat');
        break;
      case EnginePacketType.PING:
        // In protocol v4 only the server pings; engine.io closes such a session as a transport error too.
        if (this.protocol !== 3) {
          this._finish('transport error', 'invalid heartbeat direction');
          break;
        }
        this._host._idle.add(this);
        this._sendPacket({ type: EnginePacketType.PONG }, false);
        this.emitReserved('heartbeat');
        break;
      default:
        // open, upgrade and noop from the client carry nothing for us (engine.io ignores them as well).
        break;
    }
  }

  /** @internal */
  _onReady(transport: Transport): void {
    if (transport !== this._transport) return;
    if (this._state === 'closing') {
      // Buffered packets in this response, the close packet in the next one (see `close`).
      if (this._buf) this._flush();
      else this._finish('forced close');
      return;
    }
    if (this._upgrade?.probed) {
      transport.sendPacket({ type: EnginePacketType.NOOP }, false);
      return;
    }
    this._flush();
  }

  /** @internal The transport flushed what it held (a WebSocket's 'drain'): an app pacing itself may write again. */
  _onDrain(transport: Transport): void {
    if (transport === this._transport && !this._buf && this._state === 'open') this.emitReserved('drain');
  }

  /** @internal */
  _onFailure(transport: Transport, reason: TransportFailure, description: unknown): void {
    if (transport === this._transport) this._finish(reason, description);
    else if (this._upgrade?.transport === transport) this._abortUpgrade();
  }

  /** @internal */
  _onTransportClose(transport: Transport): void {
    if (transport === this._transport) this._finish('transport close');
    else if (this._upgrade?.transport === transport) this._abortUpgrade();
  }
}
