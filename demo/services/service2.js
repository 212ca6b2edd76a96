// Service 2: a server for service 3 and, at the same time, a client of service 1.
// A hello that reaches it is passed upstream, and the answer travels back down.
import { io as connect, SockjetError } from 'sockjet';
import { Server } from 'sockjet/server';
import { logger } from './log.js';
/** @import { AddressInfo } from 'node:net' */

const log = logger('service 2');
const upstream = connect(process.env.SERVICE1_URL ?? 'http://localhost:4001', { auth: { service: 'service 2' } });
upstream.on('connect', () => log('connected to service 1'));

const io = new Server(Number(process.env.PORT ?? 4002));
io.on('connection', (socket) => {
  log(`connection from ${socket.handshake.auth.service ?? 'a client'}`);
  socket.on('hello', async (from, reply) => {
    log(`hello from ${from}, passing it on`);
    try {
      // emitWithAck waits while service 1 is unreachable (the emit is buffered), up to the timeout.
      const answer = await upstream.timeout(5000).emitWithAck('hello', `${from} via service 2`);
      log(`service 1 says: ${answer}`);
      reply(answer);
    } catch (err) {
      // Every error sockjet hands out is a SockjetError with a stable code: here ERR_ACK_TIMEOUT.
      reply(`service 1 did not answer (${err instanceof SockjetError ? err.code : String(err)})`);
    }
  });
});

io.httpServer.on('listening', () => log(`listening on ${/** @type {AddressInfo} */ (io.httpServer.address()).port}`));
process.on('SIGTERM', () => {
  upstream.disconnect();
  io.close();
});
