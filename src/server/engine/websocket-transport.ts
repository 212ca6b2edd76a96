import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { RawData, WebSocket } from 'ws';
import { decodePacket, encodePacket, EnginePacketType } from '../../protocol/engine-packet.js';
import type { EnginePacket, OutgoingEnginePacket } from '../../protocol/engine-packet.js';
import { isProtocolError, type ProtocolError } from '../../protocol/protocol-error.js';
import { abortRequest, EngineErrorCode } from './engine-error.js';
import type { TransportName } from './engine-options.js';
import type { PreparedMessage } from './prepared-message.js';
import { batchUntilTickEnd } from './tick-batch.js';
import { frameMessage } from './websocket-frame.js';
import { DETACHED_SINK } from './transport.js';
import type { Transport, TransportSink } from './transport.js';
import type { EngineStats } from '../observability/engine-stats.js';

// Shared option objects: ws reads them, never keeps them, so one allocation serves every send.
const COMPRESSED = Object.freeze({ compress: true });
const UNCOMPRESSED = Object.freeze({ compress: false });
const OPEN = 1;
const NO_UPGRADES: readonly TransportName[] = Object.freeze([]);

/**
 * The transport of each `ws` socket. `ws` calls a listener with its socket as `this`, so one set of
 * module-level listeners serves every connection instead of three closures per connection.
 */
const transports = new WeakMap<WebSocket, WebSocketTransport>();
const bySocket = new WeakMap<Duplex, WebSocketTransport>();

function onMessage(this: WebSocket, data: RawData, isBinary: boolean): void {
  transports.get(this)?._onMessage(data, isBinary);
}

function onError(this: WebSocket, err: Error): void {
  transports.get(this)?._onError(err);
}

/** Node emits 'drain' on the TCP socket once writes that backed up are flushed. */
function onDrain(this: Duplex): void {
  const transport = bySocket.get(this);
  if (transport) transport.sink._onDrain(transport);
}

function onClose(this: WebSocket): void {
  this.off('message', onMessage);
  transports.get(this)?._onClose();
}

/**
 * The WebSocket transport on a `ws` socket: one Engine.IO packet per frame, binary messages as binary
 * frames. `ws` reads and enforces maxPayload itself (close 1009) and buffers writes, so this is always writable.
 *
 * Writing is ours when no extension was negotiated: a data frame is then plain bytes (see `frameMessage`),
 * so it goes straight to the TCP socket `ws` was handed, which lets a broadcast reuse one frame for every
 * recipient. Writes are held until the end of the tick, so a burst costs one syscall per socket. With
 * permessage-deflate, `ws` compresses and frames every message itself.
 */
export class WebSocketTransport implements Transport {
  readonly name = 'websocket' as const;
  sink: TransportSink = DETACHED_SINK;
  protected readonly _deflate: boolean;

  /** `socket` is the connection `ws` runs on (the upgrade's socket); frames we write go there. */
  constructor(
    protected readonly _ws: WebSocket,
    protected readonly _socket: Duplex,
    protected readonly _stats: EngineStats,
  ) {
    this._deflate = _ws.extensions !== '';
    transports.set(_ws, this);
    bySocket.set(_socket, this);
    _socket.on('drain', onDrain);
    _ws.on('message', onMessage);
    _ws.on('error', onError);
    _ws.on('close', onClose);
  }

  get writable(): boolean {
    return this._ws.readyState === OPEN;
  }

  get protocol(): 3 | 4 {
    return 4;
  }

  /** Every packet travels in the socket's frames: HTTP requests for the session are refused. */
  get handlesRequests(): boolean {
    return false;
  }

  /** A WebSocket is where upgrades lead; a session on one stays on it. */
  get upgradesTo(): readonly TransportName[] {
    return NO_UPGRADES;
  }

  /** Bytes still queued in `ws` or in the socket (held until the tick ends, or waiting for the kernel). */
  get busy(): boolean {
    return this._ws.bufferedAmount > 0;
  }

  /** The socket's unflushed writes (ours and, with permessage-deflate, those `ws` still compresses). */
  get bufferedAmount(): number {
    return this._ws.bufferedAmount;
  }

  /** The engine never routes a request here (see `handlesRequests`); one that came anyway is refused. */
  onRequest(_req: IncomingMessage, res: ServerResponse): void {
    abortRequest(res, EngineErrorCode.BAD_REQUEST);
  }

  /** Writes go out unasked: what is pending and the close packet leave at once, in order. */
  canCloseNow(_pending: boolean): boolean {
    return true;
  }

  /** @internal */
  _onMessage(data: RawData, isBinary: boolean): void {
    // binaryType is 'nodebuffer': `data` is one Buffer.
    this._stats.bytesIn += (data as Buffer).length;
    let packet: EnginePacket | ProtocolError;
    if (isBinary) {
      // binaryType is 'nodebuffer', so `data` is one Buffer (fragments already joined): no copy.
      packet = { type: EnginePacketType.MESSAGE, data: data as Buffer };
    } else {
      packet = decodePacket((data as Buffer).toString());
    }
    this._deliver(packet);
  }

  protected _deliver(packet: EnginePacket | ProtocolError): void {
    if (isProtocolError(packet)) this.sink._onFailure(this, 'parse error', packet);
    else if (packet.type === EnginePacketType.CLOSE) this.sink._onTransportClose(this);
    else this.sink._onPacket(this, packet);
  }

  /** @internal */
  _onError(err: Error): void {
    this.sink._onFailure(this, 'transport error', err);
  }

  /** @internal */
  _onClose(): void {
    this.sink._onTransportClose(this);
  }

  sendPacket(packet: OutgoingEnginePacket, compress: boolean): void {
    batchUntilTickEnd(this._socket);
    const data = encodePacket(packet, true);
    if (this._deflate) {
      // Counted before compression: ws compresses and frames out of our sight.
      this._stats.bytesOut += typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
      this._ws.send(data, compress ? COMPRESSED : UNCOMPRESSED);
      return;
    }
    const frame = frameMessage(data);
    this._stats.bytesOut += frame.length;
    this._socket.write(frame);
  }

  send(packets: readonly OutgoingEnginePacket[], compress: boolean): void {
    for (let i = 0; i < packets.length; i++) this.sendPacket(packets[i]!, compress);
  }

  sendPrepared(messages: readonly PreparedMessage[], compress: boolean): void {
    if (this._deflate) return this.send(messages.map((m) => m.packet), compress);
    batchUntilTickEnd(this._socket);
    for (let i = 0; i < messages.length; i++) {
      const frame = messages[i]!.frame;
      this._stats.bytesOut += frame.length;
      this._socket.write(frame);
    }
  }

  /** Starts the closing handshake; a peer that never answers is cut off by `ws` after its close timeout. */
  close(code?: number, reason?: string): void {
    this.sink = DETACHED_SINK;
    // A late 'error' from a released socket must not become an uncaught exception: keep our handler.
    this._ws.close(code, reason);
  }

  terminate(): void {
    this.sink = DETACHED_SINK;
    this._socket.off('drain', onDrain);
    this._ws.terminate();
  }
}
