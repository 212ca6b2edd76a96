import type { RawData } from 'ws';
import type { EnginePacket, OutgoingEnginePacket } from '../../protocol/engine-packet.js';
import {
  decodeBinaryPayloadV3,
  decodePacketV3,
  decodePayloadV3,
  encodePacketV3,
  encodePayloadV3,
} from '../../protocol/engine-payload-v3.js';
import type { ProtocolError } from '../../protocol/protocol-error.js';
import { PollingTransport } from './polling-transport.js';
import type { PreparedMessage } from './prepared-message.js';
import { batchUntilTickEnd } from './tick-batch.js';
import { frameMessage } from './websocket-frame.js';
import { WebSocketTransport } from './websocket-transport.js';

/*
 * The transports of an Engine.IO v3 session (a Socket.IO v2 client, with `allowEIO3`): the same transports with
 * v3's framing (see protocol/engine-payload-v3.ts). The session above differs only in its heartbeat.
 */

/** Long-polling in protocol v3: `<length>:<packet>` payloads, and binary POSTs from clients that send bytes. */
export class PollingTransportV3 extends PollingTransport {
  override get protocol(): 3 {
    return 3;
  }

  protected override get acceptsBinary(): boolean {
    return true;
  }

  protected override encode(packets: readonly OutgoingEnginePacket[]): string {
    return encodePayloadV3(packets);
  }

  protected override decode(body: Buffer, binary: boolean): EnginePacket[] | ProtocolError {
    return binary ? decodeBinaryPayloadV3(body) : decodePayloadV3(body.toString('utf8'));
  }
}

/** WebSocket in protocol v3: a binary frame carries its packet type in its first byte. */
export class WebSocketTransportV3 extends WebSocketTransport {
  override get protocol(): 3 {
    return 3;
  }

  /** @internal */
  override _onMessage(data: RawData, isBinary: boolean): void {
    this._stats.bytesIn += (data as Buffer).length;
    const packet = isBinary ? decodePacketV3(data as Buffer) : decodePacketV3((data as Buffer).toString());
    this._deliver(packet);
  }

  override sendPacket(packet: OutgoingEnginePacket, compress: boolean): void {
    const data = encodePacketV3(packet);
    if (this._deflate) {
      this._stats.bytesOut += typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
      return void this._ws.send(data, { compress });
    }
    batchUntilTickEnd(this._socket);
    const frame = frameMessage(data);
    this._stats.bytesOut += frame.length;
    this._socket.write(frame);
  }

  /** A prepared frame is v4's: each message is framed again here (v2 clients are the rare case). */
  override sendPrepared(messages: readonly PreparedMessage[], compress: boolean): void {
    this.send(
      messages.map((m) => m.packet),
      compress,
    );
  }
}
