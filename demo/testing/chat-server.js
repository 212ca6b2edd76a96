// The chat's server code, written once and used three ways: by server.js (the running app), by the browser
// tests (through sockjetServerPlugin in web-test-runner.config.mjs) and by the Node test (createTestServer).
/** @import { Server } from 'sockjet/server' */
const MAX_TEXT = 500;

/**
 * Installs the chat on a sockjet `Server`: a name is required, and every message goes to everyone.
 * @param {Server} io
 */
export function installChat(io) {
  io.use((socket, next) => {
    const name = String(socket.handshake.auth?.name ?? '').trim();
    if (!name) return next(new Error('a name is required'));
    socket.data.name = name;
    next();
  });
  io.on('connection', (socket) => {
    socket.on('message', (text, ack) => {
      if (typeof text !== 'string' || !text.trim() || text.length > MAX_TEXT) return ack?.({ error: 'not sent' });
      io.emit('message', { from: socket.data.name, text });
      ack?.({ ok: true });
    });
  });
}
