// Reconnection with backoff, and emits buffered while the server is away. Prints and exits.
import { createServer } from 'node:http';
import { Server } from 'sockjet/server';
import { io } from 'sockjet';
/** @import { AddressInfo } from 'node:net' */

/**
 * A server on `port` (0: any free one), once it listens.
 * @param {number} port
 * @returns {Promise<Server>}
 */
function startServer(port) {
  const http = createServer();
  const server = new Server(http);
  server.on('connection', (socket) => {
    socket.on('note', (text, ack) => {
      console.log('server got:', text);
      ack?.();
    });
  });
  return new Promise((resolve) => http.listen(port, () => resolve(server)));
}

let server = await startServer(0);
const { port } = /** @type {AddressInfo} */ (server.httpServer.address());

const socket = io(`http://localhost:${port}`, {
  reconnectionDelay: 100, // first retry after about 100 ms...
  reconnectionDelayMax: 1000, // ...doubling up to 1 s, each delay drawn with jitter
  randomizationFactor: 0.5,
});
socket.io.on('reconnect_attempt', (attempt) => console.log('reconnect attempt', attempt));
socket.io.on('reconnect', () => console.log('reconnected'));
// Past maxBufferedPackets (1000) an emit is refused: its ack gets the error first, and this event says so.
socket.on('buffer_full', (err, event, ...args) => console.warn(`offline buffer full: ${event} dropped`, err.code));

socket.once('connect', async () => {
  await socket.emitWithAck('note', 'before the restart');
  await server.close(); // the client sees 'transport close' and starts reconnecting
});
socket.once('disconnect', async (reason) => {
  console.log('disconnected:', reason);
  // Emitted while disconnected: buffered, and sent in order once connected again.
  socket.emit('note', 'written while the server was down');
  socket.emit('note', 'and this one too');
  server = await startServer(port);
  socket.once('connect', async () => {
    await socket.timeout(2000).emitWithAck('note', 'after the restart');
    socket.disconnect();
    await server.close();
  });
});
