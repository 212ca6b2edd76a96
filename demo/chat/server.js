// The chat demo: `npm start`, then open the printed URL in two windows.
// It is written as a user would write it, against the published entry `sockjet/server`.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { Server } from 'sockjet/server';

const MAX_TEXT = 2000;
const MAX_NAME = 32;
const ROOM_NAME = /^#[a-z0-9-]{1,24}$/;

const file = (name) => readFile(new URL(name, import.meta.url));
const files = new Map([
  ['/', { type: 'text/html; charset=utf-8', body: await file('./index.html') }],
  ['/chat.js', { type: 'text/javascript; charset=utf-8', body: await file('./chat.js') }],
]);
const http = createServer((req, res) => {
  const { pathname } = new URL(req.url ?? '/', 'http://localhost');
  const found = files.get(pathname);
  if (found) res.writeHead(200, { 'content-type': found.type, 'cache-control': 'no-cache' }).end(found.body);
  else res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
});

export const io = new Server(http);

/** Names of everyone connected, for the "online" list. */
function online() {
  return [...io.of('/').sockets.values()].map((s) => s.data.name).sort();
}

// Connection middleware: a nickname is required, passed as `auth`.
io.use((socket, next) => {
  const name = String(socket.handshake.auth?.name ?? '').trim();
  if (!name || name.length > MAX_NAME) {
    const err = new Error('a nickname of 1 to 32 characters is required');
    err.data = { field: 'name' };
    return next(err);
  }
  socket.data.name = name;
  next();
});

io.on('connection', (socket) => {
  socket.join('#general');
  io.emit('online', online());

  socket.on('join', (room, ack) => {
    if (typeof room !== 'string' || !ROOM_NAME.test(room)) return ack?.({ error: 'room names look like #kebab-case' });
    socket.join(room);
    socket.to(room).emit('notice', { room, text: `${socket.data.name} joined` });
    ack?.({ ok: true });
  });

  socket.on('leave', (room) => {
    if (typeof room !== 'string' || room === '#general') return;
    socket.leave(room);
    socket.to(room).emit('notice', { room, text: `${socket.data.name} left` });
  });

  // The ack is the "delivered" mark: the server has the message and has passed it on.
  socket.on('message', ({ room, text } = {}, ack) => {
    if (typeof ack !== 'function') return;
    if (!socket.rooms.has(room) || typeof text !== 'string' || !text.trim() || text.length > MAX_TEXT) {
      return ack({ error: 'not delivered' });
    }
    const message = { room, from: socket.data.name, text, at: Date.now() };
    socket.to(room).emit('message', message);
    ack({ ok: true, at: message.at });
  });

  // Typing indicators are volatile: losing one is harmless, queueing them is not.
  socket.on('typing', (room) => {
    if (socket.rooms.has(room)) socket.to(room).volatile.emit('typing', { room, from: socket.data.name });
  });

  socket.on('disconnect', () => io.emit('online', online()));
});

const port = Number(process.env.PORT ?? 3000);
http.listen(port, () => {
  const { port: actual } = http.address();
  console.log(`sockjet chat: http://localhost:${actual}/  (add ?transports=polling to force long-polling)`);
});
