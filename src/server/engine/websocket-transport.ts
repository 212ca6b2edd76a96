import type { RawData, WebSocket } from 'ws';
import { decodePacket, encodePacket, EnginePacketType } from '../../protocol/engine-packet.js';
import type { EnginePacket, OutgoingEnginePacket } from '../../protocol/engine-packet.js';
import { ProtocolError } from '../../protocol/protocol-error.js';
import { DETACHED_SINK } from './transport.js';
import type { Transport, TransportSink } from './transport.js';

// Shared option objects: ws reads them, never keeps them, so one allocation serves every send.
const COMPRESSED = Object.freeze({ compress: true });
const UNCOMPRESSED = Object.freeze({ compress: false });
const OPEN = 1;

/**
 * The WebSocket transport on a `ws` socket: one Engine.IO packet per frame, binary messages as binary
 * frames. `ws` enforces maxPayload itself (close 1009) and buffers writes, so this is always writable.
 */
export class WebSocketTransport implements Transport {
  readonly name = 'websocket' as const;
  sink: TransportSink = DETACHED_SINK;

  constructor(private readonly _ws: WebSocket) {
    _ws.on('message', this._onMessage);
    _ws.on('error', this._onError);
    _ws.once('close', this._onClose);
  }

  get writable(): boolean {
    return this._ws.readyState === OPEN;
  }

  private readonly _onMessage = (data: RawData, isBinary: boolean): void => {
    let packet: EnginePacket | ProtocolError;
    if (isBinary) {
      // binaryType is 'nodebuffer', so `data` is one Buffer (fragments already joined): no copy.
      packet = { type: EnginePacketType.MESSAGE, data: data as Buffer };
    } else {
      packet = decodePacket((data as Buffer).toString());
    }
    if (packet instanceof ProtocolError) this.sink._onFailure(this, 'parse error', packet);
    else if (packet.type === EnginePacketType.CLOSE) this.sink._onTransportClose(this);
    else this.sink._onPacket(this, packet);
  };

  private readonly _onError = (err: Error): void => {
    this.sink._onFailure(this, 'transport error', err);
  };

  private readonly _onClose = (): void => {
    this._ws.off('message', this._onMessage);
    this.sink._onTransportClose(this);
  };

  sendPacket(packet: OutgoingEnginePacket, compress: boolean): void {
    this._ws.send(encodePacket(packet, true), compress ? COMPRESSED : UNCOMPRESSED);
  }

  send(packets: readonly OutgoingEnginePacket[], compress: boolean): void {
    const opts = compress ? COMPRESSED : UNCOMPRESSED;
    for (let i = 0; i < packets.length; i++) this._ws.send(encodePacket(packets[i]!, true), opts);
  }

  /** Starts the closing handshake; a peer that never answers is cut off by `ws` after its close timeout. */
  close(): void {
    this.sink = DETACHED_SINK;
    // A late 'error' from a released socket must not become an uncaught exception: keep our handler.
    this._ws.close();
  }
}
