export { io } from './io.js';
export { Manager, type ManagerOptions, type ManagerEvents } from './manager.js';
export { Socket, type SocketOptions } from './socket.js';
export type { IoOptions } from './io.js';
export { SockjetError } from '../shared/sockjet-error.js';
export type { ClientErrorCode } from './client-error.js';
export type { TransportFactory } from './engine/transport.js';
export type { SocketReservedEvents } from './socket.js';
export type { DecorateAcknowledgements, DefaultEventsMap, EventNames, EventParams, EventsMap } from '../shared/typed-events.js';
