import { isProtocolError } from '../../../src/protocol/protocol-error.js';
import { SocketDecoder } from '../../../src/protocol/socket-decoder.js';
import type { SocketPacket } from '../../../src/protocol/socket-packet.js';

/** Decodes one encoded packet (its text chunk and attachments) back into a packet, for assertions. */
export function decodeAll(chunks: readonly (string | Uint8Array)[]): SocketPacket {
  const decoder = new SocketDecoder();
  let packet: ReturnType<SocketDecoder['add']> = null;
  for (const chunk of chunks) packet = decoder.add(chunk);
  if (packet === null || isProtocolError(packet)) throw new Error(`not a complete packet: ${String(packet)}`);
  return packet;
}
