import type { IncomingMessage, ServerResponse } from 'node:http';
import { encodeClosePayload, isApplicationCloseCode, MAX_CLOSE_REASON_BYTES } from '../../protocol/close-payload.js';
import { EnginePacketType } from '../../protocol/engine-packet.js';
import { SockjetError } from '../../shared/sockjet-error.js';
import type { BinaryInput, EnginePacket, OutgoingEnginePacket } from '../../protocol/engine-packet.js';
import { packetEvent } from './connection-events.js';
import type { ConnectionEvents, ConnectionState, EngineCloseReason, TransportInfo } from './connection-events.js';
import type { EngineOptions, TransportName } from './engine-options.js';
import type { DeadlineQueue, Queued } from './deadline-queue.js';
import type { Heartbeat, HeartbeatSession } from './heartbeat.js';
import { PreparedMessage } from './prepared-message.js';
import { SendBuffer } from './send-buffer.js';
import { NodeStyleEmitter } from '../../shared/node-style-emitter.js';
import type { Transport, TransportFailure, TransportSink } from './transport.js';
import { TransportUpgrade, type UpgradingSession } from './transport-upgrade.js';
import { fitsQueue, packetBytes, preparedBytes } from './write-limit.js';
import { describeFailure, engineLog } from '../observability/debug-log.js';
import { countClose, type EngineStats } from '../observability/engine-stats.js';

export type { ConnectionEvents, ConnectionState, EngineCloseReason, EnginePacketName, PacketEvent, TransportInfo } from './connection-events.js';

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
  /** @internal The heartbeat of every connection of the engine. */
  readonly _heartbeat: Heartbeat;
  /** @internal Running totals (packets, bytes, closes); plain integer bumps. */
  readonly _stats: EngineStats;
  /** @internal */
  _forget(conn: Connection): void;
}

// A timer callback that takes the connection as an argument: no closure per connection.
const onCloseTimeout = (c: Connection): void => c._finish('forced close');

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
export class Connection extends NodeStyleEmitter<ConnectionEvents> implements HeartbeatSession, TransportSink, UpgradingSession {
  private _state: ConnectionState = 'opening';
  /** What waits for the transport, if anything does. */
  private _buf: SendBuffer | null = null;
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
  private _upgrade: TransportUpgrade | null = null;
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
    return (this._buf?.bytes ?? 0) + this._transport.bufferedAmount;
  }

  /** @internal The send queue, for metrics: packets waiting in the session, and bytes waiting in the transport. */
  get _sendQueue(): { packets: number; bytes: number } {
    return { packets: this._buf?.packets.length ?? 0, bytes: this.bufferedAmount };
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
    (this._buf ??= new SendBuffer()).addPrepared(list, bytes, compress);
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
    if (this._closeOrFlush()) return;
    // Long-polling: what is buffered goes out first and the close packet in a later response, so the client has
    // read the packets (a DISCONNECT, say) before it sees the session end; an upgrade in flight may finish, and
    // the session closes on the new transport. A client that never asks again is cut off after a heartbeat's time.
    const { pingInterval, pingTimeout } = this._host.options;
    this._timer = setTimeout(onCloseTimeout, pingInterval + pingTimeout, this);
  }

  /** A closing session: ends it if its transport can take the close now (see `canCloseNow`), else writes what waits. */
  private _closeOrFlush(): boolean {
    if (!this._transport.canCloseNow(this._buf !== null)) {
      this._flush();
      return false;
    }
    this._finish('forced close');
    return true;
  }

  /**
   * @internal The Socket.IO layer's client on this connection: it gets each message and the close before any
   * listener does (null lets go of it). The connection drops it when it closes.
   */
  setOwner(owner: ConnectionOwner | null): void {
    this._owner = owner;
  }

  /** @internal Sends the open packet and starts the heartbeat; returns the upgrades it offered. */
  _open(): readonly TransportName[] {
    const { pingInterval, pingTimeout, maxHttpBufferSize, initialPacket, allowUpgrades, transports } = this._host.options;
    const upgrades = allowUpgrades ? this._transport.upgradesTo.filter((name) => transports.includes(name)) : [];
    // Written out rather than JSON.stringify'd from an object: it is on every handshake's path. The id is
    // base64url and the numbers are integers, so only the names need JSON's quoting.
    const open =
      `{"sid":"${this.id}","upgrades":${JSON.stringify(upgrades)},"pingInterval":${pingInterval},` +
      `"pingTimeout":${pingTimeout},"maxPayload":${maxHttpBufferSize}}`;
    this._state = 'open';
    this._sendPacket({ type: EnginePacketType.OPEN, data: open }, false);
    if (initialPacket !== undefined) this.send(initialPacket);
    this._host._heartbeat.start(this);
    return upgrades;
  }

  /** @internal Whether the session's transport takes HTTP requests (see `Transport#handlesRequests`). */
  get _handlesRequests(): boolean {
    return this._transport.handlesRequests;
  }

  /** @internal Whether the session may move to the transport named `name` (its transport lists it as an upgrade). */
  _upgradesTo(name: TransportName): boolean {
    return this._transport.upgradesTo.includes(name);
  }

  /** @internal An HTTP request for this session; the engine sends one only while `_handlesRequests`. */
  _onRequest(req: IncomingMessage, res: ServerResponse): void {
    this._transport.onRequest(req, res);
  }

  /** @internal The engine closes every connection on shutdown without waiting for buffered packets. */
  _shutdown(): void {
    if (this._state !== 'closed') this._finish('server shutting down');
  }

  /** @internal */
  _ping(): void {
    this._sendPacket({ type: EnginePacketType.PING }, false);
    // A `packetCreate` listener may have closed the connection on the way.
    if (this._state === 'open') this._host._heartbeat.pinged(this);
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
    (this._buf ??= new SendBuffer()).add(packet, bytes, compress);
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
    this._transport.send(buf.packets, buf.compress);
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
    countClose(this._host._stats, reason, description);
    if (engineLog.enabled)
      engineLog('close %s (%s): %s%s', this.id, this._transport.name, reason, description === undefined ? '' : `, ${describeFailure(description)}`);
    this._clearTimer();
    this._abortUpgrade();
    const transport = this._transport;
    // A slow consumer is cut at once: writing a close packet behind what it does not read would keep it all.
    const cut = reason === 'slow consumer';
    // A peer that closed (its close packet, or the WebSocket's close) reads nothing more: no close packet back.
    if (!cut && transport.writable && reason !== 'transport close') {
      const out = this._buf?.packets ?? [];
      const bye = this._bye;
      out.push(bye ? { type: EnginePacketType.CLOSE, data: encodeClosePayload(bye.code, bye.reason) } : { type: EnginePacketType.CLOSE });
      transport.send(out, false);
    }
    this._buf = null;
    if (cut) transport.terminate();
    else {
      // A WebSocket closes with the app's code and reason, or with those of the bad input that ended the session
      // (a protocol error: 1002 and its code), so the peer reads why in the close frame.
      const err = description instanceof SockjetError && description.closeCode ? description : undefined;
      transport.close(this._bye?.code ?? err?.closeCode, this._bye?.reason ?? err?.code);
    }
    this._host._forget(this);
    const owner = this._owner;
    this._owner = null;
    owner?._onClose(reason, description);
    this.emitReserved('close', reason, description);
  }

  /** @internal A WebSocket opened with this session's id: probe it (https://socket.io/docs/v4/engine-io-protocol/#upgrade). */
  _probe(transport: Transport): void {
    if (this._state !== 'open' || this._upgrade || !this._upgradesTo(transport.name)) {
      engineLog('upgrade of %s refused: session %s, transport %s%s', this.id, this._state, this._transport.name, this._upgrade ? ', an upgrade in flight' : '');
      transport.close();
      return;
    }
    if (engineLog.enabled) engineLog('upgrade of %s: probing %s', this.id, transport.name);
    this._upgrade = new TransportUpgrade(transport, this, this._host.options.upgradeTimeout);
  }

  /** @internal Drops the probe transport; the session carries on where it is. */
  _abortUpgrade(): void {
    const upgrade = this._upgrade;
    if (!upgrade) return;
    if (engineLog.enabled) engineLog('upgrade of %s aborted (%s)', this.id, this._state === 'open' ? 'probe failed or timed out' : 'session closing');
    this._upgrade = null;
    upgrade.cancel();
    if (this._state !== 'closed') this._flush();
  }

  /** @internal */
  _onProbed(upgrade: TransportUpgrade): void {
    this.emitReserved('upgrading', upgrade.transport);
    // Answer the waiting GET so the client can pause polling and send the upgrade packet.
    if (upgrade === this._upgrade && this._transport.writable) this._transport.sendPacket({ type: EnginePacketType.NOOP }, false);
  }

  /** @internal */
  _onUpgraded(upgrade: TransportUpgrade): void {
    this._upgrade = null;
    const old = this._transport;
    const transport = (this._transport = upgrade.transport);
    transport.sink = this;
    old.close();
    this._host._stats.upgrades++;
    if (engineLog.enabled) engineLog('upgrade of %s: now on %s', this.id, transport.name);
    this.emitReserved('upgrade', transport);
    if (this._state !== 'closing') this._flush();
    else this._closeOrFlush();
  }

  /** @internal */
  _onPacket(transport: Transport, packet: EnginePacket): void {
    if (transport !== this._transport || this._state !== 'open') return;
    this._host._stats.packetsIn++;
    if (this.hasListeners('packet')) this.emitReserved('packet', packetEvent(packet));
    switch (packet.type) {
      case EnginePacketType.MESSAGE: {
        const data = asBuffer(packet.data ?? '');
        this._owner?._onMessage(data);
        this.emitReserved('message', data);
        break;
      }
      case EnginePacketType.PING:
      case EnginePacketType.PONG:
        this._onBeat(packet.type);
        break;
      default:
        // open, upgrade and noop from the client carry nothing for us (engine.io ignores them as well).
        break;
    }
  }

  /** A ping (protocol v3) or a pong (v4) from the client. */
  private _onBeat(type: typeof EnginePacketType.PING | typeof EnginePacketType.PONG): void {
    const beat = this._host._heartbeat.received(this, type);
    if (beat === undefined) return this._finish('transport error', 'invalid heartbeat direction');
    if (!beat) return;
    // In protocol v3 the server answers the client's ping.
    if (type === EnginePacketType.PING) this._sendPacket({ type: EnginePacketType.PONG }, false);
    this.emitReserved('heartbeat');
  }

  /** @internal */
  _onReady(transport: Transport): void {
    if (transport !== this._transport) return;
    if (this._state === 'closing') {
      // Buffered packets in this response, the close packet in the next one (see `close`).
      this._closeOrFlush();
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
  }

  /** @internal */
  _onTransportClose(transport: Transport): void {
    if (transport === this._transport) this._finish('transport close');
  }
}
