// Service 1: a server at the end of the chain. It answers every hello.
import { Server } from 'sockjet/server';
import { logger } from './log.js';
/** @import { AddressInfo } from 'node:net' */

const log = logger('service 1');
const io = new Server(Number(process.env.PORT ?? 4001));

io.on('connection', (socket) => {
  log(`connection from ${socket.handshake.auth.service ?? 'a client'} (${socket.id})`);
  socket.on('hello', (from, reply) => {
    log(`hello from ${from}`);
    reply(`hello ${from}, from service 1`);
  });
});

io.httpServer.on('listening', () => log(`listening on ${/** @type {AddressInfo} */ (io.httpServer.address()).port}`));
process.on('SIGTERM', () => io.close());
