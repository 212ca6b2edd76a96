// The chat demo: `npm start`, then open the printed URL in two windows.
// It is written as a user would write it, against the published entry `sockjet/server`.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { Server } from 'sockjet/server';
import { History } from './history.js';
import { Presence } from './presence.js';
/** @import { AddressInfo } from 'node:net' */
/** @import { Socket } from 'sockjet/server' */

const MAX_TEXT = 2000;
const MAX_NAME = 32;
const ROOM_NAME = /^#[a-z0-9-]{1,24}$/;
const CLIENT_ID = /^[\w-]{1,64}$/;
const MAX_JOINED = 20; // channels per connection
const RECOVERY_MS = 2 * 60 * 1000;

const STATIC = {
  '/': ['index.html', 'text/html; charset=utf-8'],
  '/chat.js': ['chat.js', 'text/javascript; charset=utf-8'],
  '/view.js': ['view.js', 'text/javascript; charset=utf-8'],
  '/chat.css': ['chat.css', 'text/css; charset=utf-8'],
  '/favicon.svg': ['favicon.svg', 'image/svg+xml'],
  '/favicon.ico': ['favicon.svg', 'image/svg+xml'], // for tools that ask for it without reading the page
};
const files = new Map();
for (const [path, [name, type]] of Object.entries(STATIC)) {
  files.set(path, { type, body: await readFile(new URL(name, import.meta.url)) });
}
const http = createServer((req, res) => {
  const { pathname } = new URL(req.url ?? '/', 'http://localhost');
  const found = files.get(pathname);
  if (found) res.writeHead(200, { 'content-type': found.type, 'cache-control': 'no-cache' }).end(found.body);
  else res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
});

// Recovery on: a client that loses its connection for up to 2 minutes gets its session back (same socket,
// rooms and data) and every event it missed, so nobody misses a message sent during their reconnect.
export const io = new Server(http, {
  connectionStateRecovery: { maxDisconnectionDuration: RECOVERY_MS, skipMiddlewares: true },
});

// Scaled out (`npm run demo:cluster`): with REDIS_URL set, this server shares its rooms and broadcasts with the
// other chat servers on that Redis, through the official @socket.io/redis-adapter, used as it is with socket.io.
// (The channel history and the online list below stay per server: a small app keeps them in memory.)
if (process.env.REDIS_URL) {
  const { createClient } = await import('redis');
  const { createAdapter } = await import('@socket.io/redis-adapter');
  const pub = createClient({ url: process.env.REDIS_URL });
  const sub = pub.duplicate();
  for (const client of [pub, sub]) client.on('error', (err) => console.error('redis:', err.message));
  await Promise.all([pub.connect(), sub.connect()]);
  io.adapter(createAdapter(pub, sub));
}

const history = new History({ perChannel: 50, maxChannels: 200 });
const presence = new Presence({ graceMs: RECOVERY_MS, quickMs: 3000, onChange: (names) => io.emit('online', names) });

// Connection middleware: a nickname is required, passed as `auth`.
io.use((socket, next) => {
  const name = String(socket.handshake.auth?.name ?? '').trim();
  if (!name || name.length > MAX_NAME) {
    return next(Object.assign(new Error('a nickname of 1 to 32 characters is required'), { data: { field: 'name' } }));
  }
  socket.data.name = name;
  next();
});

/**
 * Whether another socket of the same person is in `room` (a second tab): then joining or leaving is news to no one.
 * @param {string} room
 * @param {Socket} socket
 */
function alsoIn(room, socket) {
  for (const id of io.of('/').adapter.rooms.get(room) ?? []) {
    if (id !== socket.id && io.of('/').sockets.get(id)?.data.name === socket.data.name) return true;
  }
  return false;
}

/**
 * Tells a room that someone joined or left (`what`), and keeps the line in its history.
 * @param {Socket} socket
 * @param {string} room
 * @param {'joined' | 'left'} what
 */
function notice(socket, room, what) {
  socket.to(room).emit('notice', history.add(room, { notice: what, from: socket.data.name }));
}

io.on('connection', (socket) => {
  const { name } = socket.data;
  // A recovered socket is still in its rooms; a new one starts in #general (a reconnect that could not recover
  // rejoins its other channels itself, quietly).
  if (!socket.recovered) socket.join('#general');
  if (!presence.add(name)) socket.emit('online', presence.names());

  socket.on('join', (room, options, ack) => {
    if (typeof ack !== 'function') return;
    const quiet = options?.quiet === true;
    if (typeof room !== 'string' || !ROOM_NAME.test(room)) return ack({ error: 'channel names look like #kebab-case' });
    if (!socket.rooms.has(room) && socket.rooms.size > MAX_JOINED) return ack({ error: `at most ${MAX_JOINED} channels at a time` });
    if (!history.accepts(room)) return ack({ error: 'too many channels on this server' });
    const news = !quiet && !socket.rooms.has(room) && !alsoIn(room, socket);
    socket.join(room);
    if (news) notice(socket, room, 'joined');
    ack({ ok: true, history: history.of(room) });
  });

  socket.on('leave', (room) => {
    if (typeof room !== 'string' || room === '#general' || !socket.rooms.has(room)) return;
    socket.leave(room);
    if (!alsoIn(room, socket)) notice(socket, room, 'left');
  });

  // The ack is the "delivered" mark: it comes once the server has stored the message (and passed it on).
  // `cid` is the sender's own id for it: a resend after a lost ack gets the stored message back, not a copy.
  socket.on('message', (message, ack) => {
    if (typeof ack !== 'function') return;
    const { room, text, cid } = message ?? {};
    const valid = typeof room === 'string' && ROOM_NAME.test(room) && socket.rooms.has(room);
    if (!valid || typeof text !== 'string' || !text.trim() || text.length > MAX_TEXT) {
      return ack({ error: 'not delivered' });
    }
    if (cid !== undefined && (typeof cid !== 'string' || !CLIENT_ID.test(cid))) return ack({ error: 'bad message id' });
    const stored = history.find(room, name, cid);
    if (stored) return ack({ ok: true, message: stored });
    const entry = history.add(room, { from: name, text, cid });
    socket.to(room).emit('message', entry);
    ack({ ok: true, message: entry });
  });

  // Typing indicators are volatile: losing one is harmless, queueing them is not.
  socket.on('typing', (room) => {
    if (socket.rooms.has(room)) socket.to(room).volatile.emit('typing', { room, from: socket.data.name });
  });

  socket.on('disconnect', (reason) => presence.remove(name, reason));
});

const port = Number(process.env.PORT ?? 3000);
http.listen(port, () => {
  const { port: actual } = /** @type {AddressInfo} */ (http.address());
  console.log(`sockjet chat: http://localhost:${actual}/  (add ?transports=polling to force long-polling)`);
});
