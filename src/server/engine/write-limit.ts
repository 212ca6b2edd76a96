import type { OutgoingEnginePacket } from '../../protocol/engine-packet.js';
import type { PreparedMessage } from './prepared-message.js';

/**
 * What a packet weighs in a connection's write queue: its data's length (a string by its UTF-16 length, which
 * is what it holds in memory; bytes by their byteLength) plus one for the type. Cheap on purpose: it is counted
 * on every write, and the limit is a memory bound, not an exact wire size.
 */
export function packetBytes(packet: OutgoingEnginePacket): number {
  const data = packet.data;
  return 1 + (data === undefined ? 0 : typeof data === 'string' ? data.length : data.byteLength);
}

export function preparedBytes(messages: readonly PreparedMessage[]): number {
  let n = 0;
  for (let i = 0; i < messages.length; i++) n += packetBytes(messages[i]!.packet);
  return n;
}

/**
 * Whether `bytes` more may join a queue already holding `queued` bytes under `max`. An empty queue always takes
 * the next write, so one message larger than the limit still goes to a client that keeps up; what a stalled
 * reader cannot take piles up behind it and crosses the limit on the next write.
 */
export const fitsQueue = (queued: number, bytes: number, max: number): boolean => queued === 0 || queued + bytes <= max;
