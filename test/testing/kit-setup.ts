import type { Server } from '../../src/server/index.js';
import type { SetupContext } from '../../src/testing/index.js';

/**
 * The app the kit's own browser tests run against (see web-test-runner.config.mjs): greets with the restart
 * count, echoes with an ack, joins rooms, and keeps the client's `auth.name` in socket.data.
 */
export function kitSetup(io: Server, ctx: SetupContext): void {
  io.on('connection', (socket) => {
    socket.data.name = (socket.handshake.auth as { name?: string }).name ?? 'anon';
    socket.emit('hello', { restarts: ctx.restarts, options: ctx.options });
    socket.on('echo', (value: unknown, ack: (v: unknown) => void) => ack(value));
    socket.on('join', (room: string, ack: () => void) => {
      socket.join(room);
      ack();
    });
  });
}
