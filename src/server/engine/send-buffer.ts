import type { OutgoingEnginePacket } from '../../protocol/engine-packet.js';
import type { PreparedMessage } from './prepared-message.js';

/**
 * The packets a session holds while its transport cannot write them (no GET waiting, an upgrade under way), in
 * order, with what they weigh (see `packetBytes`) and whether any may be compressed. A session makes one for the
 * first packet it holds and drops it once written, so an idle session carries a null field, not three.
 */
export class SendBuffer {
  readonly packets: OutgoingEnginePacket[] = [];
  bytes = 0;
  compress = false;

  add(packet: OutgoingEnginePacket, bytes: number, compress: boolean): void {
    this.packets.push(packet);
    this.bytes += bytes;
    this.compress ||= compress;
  }

  addPrepared(messages: readonly PreparedMessage[], bytes: number, compress: boolean): void {
    for (let i = 0; i < messages.length; i++) this.packets.push(messages[i]!.packet);
    this.bytes += bytes;
    this.compress ||= compress;
  }
}
