import { deconstructPacket, hasBinary } from './binary.js';
import { SocketPacketType, type SocketPacket } from './socket-packet.js';

/**
 * Encodes a Socket.IO packet as `<type>[<attachments>-][<nsp>,][<ack id>][JSON]`
 * (https://socket.io/docs/v4/socket-io-protocol/#packet-format). EVENT/ACK packets whose data holds binary
 * (any ArrayBufferView, a Node Buffer included, or an ArrayBuffer) go out as BINARY_EVENT/BINARY_ACK: each
 * binary value becomes `{"_placeholder":true,"num":i}` and its bytes follow as attachment `i`. A BINARY_*
 * packet without binary goes out as plain EVENT/ACK, since zero attachments is not valid on the wire.
 *
 * Data is trusted (it is ours): like JSON.stringify, this throws on cyclic data, BigInt, or nesting deeper
 * than the engine's JSON.stringify supports.
 * @example encodeSocketPacket({ type: 2, nsp: '/chat', id: 7, data: ['msg', 'hi'] }) // ['2/chat,7["msg","hi"]']
 */
export function encodeSocketPacket(packet: SocketPacket): [string, ...Uint8Array[]] {
  let type: number = packet.type;
  let data = packet.data;
  let attachments: Uint8Array[] | undefined;
  if (type >= SocketPacketType.BINARY_EVENT) type -= 3;
  if ((type === SocketPacketType.EVENT || type === SocketPacketType.ACK) && hasBinary(data)) {
    attachments = [];
    data = deconstructPacket(data, attachments);
    // Binary hidden behind a toJSON is serialized by it, so it may leave nothing to attach.
    if (attachments.length) type += 3;
    else attachments = undefined;
  }
  let text = attachments ? type + '' + attachments.length + '-' : '' + type;
  if (packet.nsp && packet.nsp !== '/') text += packet.nsp + ',';
  if (packet.id != null) text += packet.id;
  if (data !== undefined) text += JSON.stringify(data);
  return attachments ? [text, ...attachments] : [text];
}
