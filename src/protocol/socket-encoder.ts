import { replaceAttachments, type IsAttachment } from './binary.js';
import type { SocketPacket } from './socket-packet.js';

/**
 * Encodes a Socket.IO packet as `<type>[<attachments>-][<nsp>,][<ack id>][JSON]`
 * (https://socket.io/docs/v4/socket-io-protocol/#packet-format), the text first. EVENT/ACK packets whose data
 * holds binary (any ArrayBufferView, a Node Buffer included, or an ArrayBuffer) go out as BINARY_EVENT/BINARY_ACK:
 * each binary value becomes `{"_placeholder":true,"num":i}` and its bytes follow as attachment `i` (a Uint8Array).
 * A BINARY_* packet without binary goes out as plain EVENT/ACK, since zero attachments is not valid on the wire.
 *
 * `isAttachment` widens what counts as binary: the io client passes one that also takes Blobs, which then
 * follow the text as they are (its engine reads them in turn). The server passes none.
 *
 * Data is trusted (it is ours): like JSON.stringify, this throws on cyclic data (a RangeError), BigInt, or
 * nesting deeper than the engine's JSON.stringify supports.
 * @example encodeSocketPacket({ type: 2, nsp: '/chat', id: 7, data: ['msg', 'hi'] }) // ['2/chat,7["msg","hi"]']
 */
export function encodeSocketPacket(packet: SocketPacket): [string, ...Uint8Array[]];
export function encodeSocketPacket<A extends object>(
  packet: SocketPacket,
  isAttachment: (value: object) => value is A,
): [string, ...(Uint8Array | A)[]];
export function encodeSocketPacket({ type: t, nsp, id, data }: SocketPacket, isAttachment?: IsAttachment): [string, ...unknown[]] {
  const attachments: unknown[] = [];
  const type = t > 4 ? t - 3 : t;
  // EVENT/ACK only: CONNECT data is never scanned.
  if (type == 2 || type == 3) data = replaceAttachments(data, attachments, isAttachment);
  const n = attachments.length;
  // Binary hidden behind a toJSON is serialized by it, so it may leave nothing to attach.
  attachments.unshift(
    (n ? type + 3 + '' + n + '-' : type) +
      (nsp && nsp != '/' ? nsp + ',' : '') +
      (id ?? '') +
      (data === undefined ? '' : JSON.stringify(data)),
  );
  return attachments as [string, ...unknown[]];
}
