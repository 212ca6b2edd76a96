export { createTestServer } from './test-server.js';
export type { SetupContext, SocketInfo, TestServer, TestServerOptions, TestServerSetup } from './test-server.js';
export { sockjetServerPlugin } from './server-plugin.js';
export type {
  CommandPayloads,
  SockjetServerPlugin,
  SockjetServerPluginOptions,
  StartedServer,
  StartPayload,
} from './server-plugin.js';
export { waitFor } from './wait-for.js';
export type { EventSource, WaitForOptions } from './wait-for.js';
export { TestingError } from './testing-error.js';
export type { TestingErrorCode } from './testing-error.js';
