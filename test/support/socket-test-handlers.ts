/**
 * The server side of the browser client tests, written once against the Socket.IO server API so it runs
 * unchanged on sockjet's `Server` and on the official `socket.io` server.
 */

/** The slice of a server-side socket the handlers use; both servers' sockets have it. */
export interface HandlerSocket {
  id: string;
  handshake: { auth: unknown };
  on(event: string, listener: (...args: any[]) => void): unknown;
  emit(event: string, ...args: unknown[]): unknown;
  join(room: string): unknown;
  to(room: string): { emit(event: string, ...args: unknown[]): unknown };
  timeout(ms: number): { emit(event: string, ...args: unknown[]): unknown };
  disconnect(close?: boolean): unknown;
}

export interface HandlerNamespace {
  on(event: 'connection', listener: (socket: any) => void): unknown;
  use(fn: (socket: any, next: (err?: Error) => void) => void): unknown;
  emit(event: string, ...args: unknown[]): unknown;
  disconnectSockets(close?: boolean): unknown;
}

export interface HandlerServer {
  of(name: string): HandlerNamespace;
}

/** Installs the standard test handlers on every namespace the tests use. */
export function installHandlers(io: HandlerServer): void {
  for (const name of ['/', '/admin', '/chat']) {
    const nsp = io.of(name);
    nsp.on('connection', (socket: HandlerSocket) => handle(socket, name));
  }
  // A namespace guarded by middleware: the token must be "letmein".
  const guarded = io.of('/guarded');
  guarded.use((socket: HandlerSocket, next) => {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    if (token === 'letmein') return next();
    next(Object.assign(new Error('invalid token'), { data: { reason: 'token' } }));
  });
  guarded.on('connection', (socket: HandlerSocket) => handle(socket, '/guarded'));
}

function handle(socket: HandlerSocket, nsp: string): void {
  socket.emit('welcome', { nsp, id: socket.id, auth: socket.handshake.auth });
  // Echoes every argument back as the same event.
  socket.on('echo', (...args: unknown[]) => socket.emit('echo', ...args));
  // Answers with every argument it received.
  socket.on('ack', (...args: unknown[]) => {
    const ack = args.pop() as (...res: unknown[]) => void;
    ack(...args);
  });
  // Asks the client for an ack and reports the answer back.
  socket.on('ask', (question: unknown) => {
    socket.timeout(5000).emit('question', question, (err: Error | null, answer: unknown) => {
      socket.emit('answer', err ? { error: err.message } : answer);
    });
  });
  socket.on('join', (room: string, ack?: () => void) => {
    socket.join(room);
    ack?.();
  });
  socket.on('to-room', (room: string, ...args: unknown[]) => socket.to(room).emit('room', ...args));
  socket.on('server-disconnect', () => socket.disconnect());
}
