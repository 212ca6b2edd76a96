import { Server } from 'socket.io';
import { io } from 'socket.io-client';
import { socketIoImplementation } from './socketio-api.js';
import type { IoFactory, IoServerCtor } from './socketio-api.js';
import type { Implementation } from './types.js';

/** The official socket.io server and socket.io-client, as the baseline sockjet replaces. */
export function socketIo(): Implementation {
  return socketIoImplementation('socketio', Server as unknown as IoServerCtor, io as unknown as IoFactory);
}
