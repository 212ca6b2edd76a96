export { Engine } from './engine.js';
export type { AttachOptions, EngineConnectionError, EngineEvents } from './engine.js';
export { Connection } from './connection.js';
export { PreparedMessage } from './prepared-message.js';
export type { ConnectionEvents, ConnectionState, EngineCloseReason, TransportInfo } from './connection.js';
export { ENGINE_DEFAULTS } from './engine-options.js';
export type { CookieOptions, CorsOptions, CorsOrigin, EngineOptionError, EngineOptions, TransportName } from './engine-options.js';
export { ENGINE_ERROR_MESSAGES, EngineErrorCode } from './engine-error.js';
