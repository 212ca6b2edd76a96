// Namespaces guarded by connection middleware (auth), packet middleware that filters and logs, and events
// routed to controller functions.
import { pathToFileURL } from 'node:url';
import { createServer } from 'node:http';
import { Server } from 'sockjet/server';
/** @import { AddressInfo } from 'node:net' */
/** @import { Middleware, Socket } from 'sockjet/server' */
/** @typedef {{ name: string, admin: boolean }} User */
/**
 * A controller: one function per event, given the user, the event's first argument (as the client sent it) and
 * the server; what it returns is the ack.
 * @typedef {Record<string, (user: User, args: any, io: Server) => unknown>} Controller
 */

// A stand-in for a real token check (a JWT verification, a session lookup...).
const USERS = new Map([
  ['token-alice', { name: 'alice', admin: true }],
  ['token-bob', { name: 'bob', admin: false }],
]);

/**
 * Connection middleware: a known token, or the connection is refused with a reason the client can show.
 * @type {Middleware}
 */
export function authenticate(socket, next) {
  const user = USERS.get(socket.handshake.auth?.token);
  if (!user) return next(Object.assign(new Error('invalid token'), { data: { code: 'AUTH' } }));
  socket.data.user = user;
  next();
}

/**
 * Connection middleware for /admin, after authenticate.
 * @type {Middleware}
 */
export function requireAdmin(socket, next) {
  if (socket.data.user.admin) return next();
  next(Object.assign(new Error('admins only'), { data: { code: 'FORBIDDEN' } }));
}

/** @type {{ id: number, title: string, by: string }[]} */
const todos = [];

/** @type {Controller} */
export const todoController = {
  'todo:create'(user, { title } = {}) {
    if (typeof title !== 'string' || !title.trim()) return { error: 'a title is required' };
    const todo = { id: todos.length + 1, title: title.trim(), by: user.name };
    todos.push(todo);
    return { ok: true, todo };
  },
  'todo:list'() {
    return { ok: true, todos };
  },
};

/** @type {Controller} */
export const adminController = {
  'admin:stats'(_user, _args, io) {
    return { ok: true, clients: io.engine.clientsCount };
  },
};

/**
 * Routes every event of a socket to its controller, answering through the ack.
 * @param {Server} io
 * @param {Socket} socket
 * @param {Controller} controller
 * @param {(line: string) => void} log
 */
function route(io, socket, controller, log) {
  // Packet middleware: drop events no controller handles, and log the rest.
  socket.use(([event], next) => {
    if (typeof controller[event] !== 'function') return next(new Error(`unknown event "${event}"`));
    log(`${socket.data.user.name} -> ${event}`);
    next();
  });
  socket.on('error', (err) => socket.emit('rejected', err.message));
  socket.onAny((event, ...args) => {
    const ack = typeof args.at(-1) === 'function' ? args.pop() : undefined;
    ack?.(controller[event](socket.data.user, args[0], io));
  });
}

export function createApp({ log = console.log } = {}) {
  const http = createServer((_req, res) => res.writeHead(404).end());
  const io = new Server(http);
  io.use(authenticate);
  io.on('connection', (socket) => route(io, socket, todoController, log));
  const admin = io.of('/admin');
  admin.use(authenticate);
  admin.use(requireAdmin);
  admin.on('connection', (socket) => route(io, socket, adminController, log));
  return { http, io };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { http } = createApp();
  http.listen(Number(process.env.PORT ?? 3002), () => {
    const { port } = /** @type {AddressInfo} */ (http.address());
    console.log(`middleware demo on http://localhost:${port}`);
  });
}
