/** Socket.IO v5 packet types (https://socket.io/docs/v4/socket-io-protocol/#packet-format). */
export const SocketPacketType = {
  CONNECT: 0,
  DISCONNECT: 1,
  EVENT: 2,
  ACK: 3,
  CONNECT_ERROR: 4,
  BINARY_EVENT: 5,
  BINARY_ACK: 6,
} as const;
export type SocketPacketType = (typeof SocketPacketType)[keyof typeof SocketPacketType];

export interface SocketPacket {
  type: SocketPacketType;
  /** The namespace, `/` when absent on the wire. */
  nsp: string;
  /** CONNECT: an object or absent; CONNECT_ERROR: an object with `message` (or a string); EVENT/ACK: an array. */
  data?: unknown;
  /** The ack id of an EVENT that wants an answer, or of the ACK that answers it. */
  id?: number;
}

/** Event names that are local lifecycle events and may never travel in an EVENT packet. */
export const RESERVED_EVENTS: ReadonlySet<string> = new Set([
  'connect',
  'connect_error',
  'disconnect',
  'disconnecting',
  'newListener',
  'removeListener',
]);
