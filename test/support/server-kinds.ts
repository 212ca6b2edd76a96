import { startSocketIoServer, startSockjetServer } from './socket-test-server.js';
import type { TestServerFactory } from './test-server.js';
import { startWsEchoServer } from './ws-echo-server.js';
import { startEngineEchoServer } from './engine-echo-server.js';

/** Every server kind a browser test can ask for by name. */
export const SERVER_KINDS: Record<string, TestServerFactory> = {
  'ws-echo': startWsEchoServer,
  'engine-echo': startEngineEchoServer,
  sockjet: startSockjetServer,
  'socket.io': startSocketIoServer,
};
