/** FIN bit set and the opcode of a text or a binary data frame (RFC 6455 §5.2). */
const FINAL_TEXT = 0x81;
const FINAL_BINARY = 0x82;

/**
 * One complete, unmasked, uncompressed WebSocket data frame, the way a server sends it (RFC 6455 §5.2): a text
 * frame for a string, a binary frame for bytes. Header and payload share one buffer, so a frame built once for a
 * broadcast is a single write for every recipient.
 */
export function frameMessage(payload: string | Uint8Array): Buffer {
  const text = typeof payload === 'string';
  const length = text ? Buffer.byteLength(payload) : payload.byteLength;
  // The length takes 7 bits, or the marker 126 and 16 bits, or the marker 127 and 64 bits.
  const header = length < 126 ? 2 : length < 0x10000 ? 4 : 10;
  const frame = Buffer.allocUnsafe(header + length);
  frame[0] = text ? FINAL_TEXT : FINAL_BINARY;
  if (header === 2) {
    frame[1] = length;
  } else if (header === 4) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeUInt16BE(0, 2); // buffers stay far below 2^48 bytes
    frame.writeUIntBE(length, 4, 6);
  }
  if (text) frame.write(payload, header);
  else frame.set(payload, header);
  return frame;
}
