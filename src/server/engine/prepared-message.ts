import { encodePacket, EnginePacketType } from '../../protocol/engine-packet.js';
import type { BinaryInput, OutgoingEnginePacket } from '../../protocol/engine-packet.js';
import { frameMessage } from './websocket-frame.js';

/**
 * A message encoded once for many connections. Each transport derives the form it writes on first use and
 * keeps it here, so a broadcast to a thousand WebSocket connections encodes and frames its data once.
 *
 * @example
 *   const message = new PreparedMessage(JSON.stringify({ news: 'hi' }));
 *   for (const conn of engine.clients.values()) conn.sendPrepared(message);
 */
export class PreparedMessage {
  /** The Engine.IO message packet; long-polling encodes it into each response's payload. */
  readonly packet: OutgoingEnginePacket;
  private _frame: Buffer | undefined;

  constructor(data: string | BinaryInput) {
    this.packet = { type: EnginePacketType.MESSAGE, data };
  }

  /** @internal The whole WebSocket frame: `4` + text as a text frame, or the bytes as a binary frame. */
  get frame(): Buffer {
    return (this._frame ??= frameMessage(encodePacket(this.packet, true)));
  }
}
