export { Server } from './server.js';
export { Namespace } from './namespace.js';
export type { Middleware, MiddlewareError } from './admission.js';
export type { NamespaceEventMap, NamespaceEvents } from './namespace.js';
export { ParentNamespace } from './parent-namespace.js';
export type { NamespaceMatcher } from './parent-namespace.js';
export { Socket } from './socket.js';
export type { DisconnectReason } from './socket.js';
export type { Handshake } from './handshake.js';
export type { PacketMiddleware } from './packet-middleware.js';
export type { AnyListener } from './catch-all-emitter.js';
export { SocketEmitter } from './socket-emitter.js';
export { BroadcastOperator } from './broadcast-operator.js';
export { RemoteSocket } from './remote-socket.js';
export { SockjetError } from '../shared/sockjet-error.js';
export type { ServerError, ServerErrorCode } from './server-error.js';
export { RECOVERY_DEFAULTS, SERVER_DEFAULTS } from './server-options.js';
export type { ConnectionStateRecoveryOptions, EndpointOptions, ServerOptions } from './server-options.js';
export type { MetricsSnapshot, NamespaceMetrics } from './observability/metrics.js';
export { MemoryAdapter } from './adapter/memory-adapter.js';
export type { MemoryAdapterOptions } from './adapter/memory-adapter.js';
export { SessionStore } from './adapter/session-store.js';
export type { SessionStoreOptions } from './adapter/session-store.js';
export { createAdapter } from './adapter/adapter.js';
export type {
  AckRequest,
  Adapter,
  AdapterConstructor,
  AdapterEvents,
  AdapterNamespace,
  AdapterRecoveryOptions,
  BroadcastFlags,
  BroadcastOptions,
  EncodedPacket,
  PersistedSession,
  RestoredSession,
  Room,
  ServerSideAck,
  SocketDetails,
  SocketId,
} from './adapter/adapter.js';
export { Engine, Connection, PreparedMessage } from './engine/index.js';
export type {
  AllowedOrigins,
  AttachOptions,
  ConnectionEvents,
  ConnectionState,
  CookieOptions,
  CorsOptions,
  CorsOrigin,
  EngineCloseReason,
  EngineConnectionError,
  EngineEvents,
  EngineOptions,
  TransportInfo,
  TransportName,
} from './engine/index.js';
export type { SocketReservedEvents } from './socket.js';
export type { NamespaceReservedEvents } from './namespace.js';
export type {
  AllButLast,
  DecorateAcknowledgements,
  DecorateAcknowledgementsWithMultipleResponses,
  DecorateAcknowledgementsWithTimeoutAndMultipleResponses,
  DefaultEventsMap,
  EventNames,
  EventNamesWithAck,
  EventNamesWithoutAck,
  EventParams,
  EventsMap,
  FirstNonErrorArg,
  Last,
  RemoveAcknowledgements,
} from '../shared/typed-events.js';
