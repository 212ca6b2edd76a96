/**
 * The server side of the browser client tests, written once against the Socket.IO server API so it runs
 * unchanged on sockjet's `Server` and on the official `socket.io` server.
 */

/** The slice of a server-side socket the handlers use; both servers' sockets have it. */
export interface HandlerSocket {
  id: string;
  handshake: { auth: unknown; query: Record<string, unknown> };
  conn: { transport: { name: string } };
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

/** What the handlers saw, for the server's actions to report. */
export interface HandlerRecord {
  /** The arguments of every 'record' event, in arrival order, with the namespace first. */
  recorded: unknown[][];
  /** `[nsp, reason]` of every server-side 'disconnect', in order. */
  disconnects: [string, string][];
}

/** Installs the standard test handlers on every namespace the tests use. */
export function installHandlers(io: HandlerServer): HandlerRecord {
  const record: HandlerRecord = { recorded: [], disconnects: [] };
  for (const name of ['/', '/admin', '/chat']) {
    const nsp = io.of(name);
    nsp.on('connection', (socket: HandlerSocket) => handle(socket, name, record));
  }
  // A namespace guarded by middleware: the token must be "letmein".
  const guarded = io.of('/guarded');
  guarded.use((socket: HandlerSocket, next) => {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    if (token === 'letmein') return next();
    next(Object.assign(new Error('invalid token'), { data: { reason: 'token' } }));
  });
  guarded.on('connection', (socket: HandlerSocket) => handle(socket, '/guarded', record));
  return record;
}

function handle(socket: HandlerSocket, nsp: string, record: HandlerRecord): void {
  // The transport the connection had when this namespace was joined (before any upgrade).
  const transport = socket.conn.transport.name;
  // The application's query parameters, without Engine.IO's own.
  const query = { ...socket.handshake.query };
  for (const key of ['EIO', 'transport', 't', 'sid', 'j', 'b64']) delete query[key];
  socket.emit('welcome', { nsp, id: socket.id, auth: socket.handshake.auth, transport, query });
  // Echoes every argument back as the same event.
  socket.on('echo', (...args: unknown[]) => socket.emit('echo', ...args));
  // Answers with every argument it received.
  socket.on('ack', (...args: unknown[]) => {
    const ack = args.pop() as (...res: unknown[]) => void;
    ack(...args);
  });
  // Asks the client for an ack (waiting `ms`, 5 s by default) and reports the answer (or the timeout) back.
  socket.on('ask', (question: unknown, ms = 5000) => {
    socket.timeout(ms as number).emit('question', question, (err: Error | null, ...answer: unknown[]) => {
      socket.emit('answer', ...(err ? [{ error: err.message }] : answer));
    });
  });
  // The same with a plain ack (no timeout, no error first).
  socket.on('ask-plain', (question: unknown) => {
    socket.emit('question', question, (...answer: unknown[]) => socket.emit('answer', ...answer));
  });
  // Sends binary from the server: bytes at the top level and nested in objects and arrays.
  socket.on('send-binary', () => {
    const bytes = new Uint8Array([0, 1, 2, 254, 255]);
    socket.emit('binary', bytes, { nested: { deep: [bytes.subarray(1, 3)] }, text: 'ok' });
  });
  // Keeps what it is sent (see HandlerRecord); the ack, when asked for, gets the count so far.
  socket.on('record', (...args: unknown[]) => {
    const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as (n: number) => void) : undefined;
    record.recorded.push([nsp, ...args]);
    ack?.(record.recorded.length);
  });
  // Records like 'record' but never acknowledges (for ack timeouts and retries).
  socket.on('record-silent', (...args: unknown[]) => {
    if (typeof args[args.length - 1] === 'function') args.pop();
    record.recorded.push([nsp, ...args]);
  });
  socket.on('join', (room: string, ack?: () => void) => {
    socket.join(room);
    ack?.();
  });
  socket.on('to-room', (room: string, ...args: unknown[]) => socket.to(room).emit('room', ...args));
  socket.on('server-disconnect', () => socket.disconnect());
  socket.on('disconnect', (reason: string) => record.disconnects.push([nsp, reason]));
}
