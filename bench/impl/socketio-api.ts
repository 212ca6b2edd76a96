import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Ack, BenchClient, BenchServer, BenchServerSocket, Implementation, ImplName, Strategy } from './types.js';

/**
 * Adapts anything with Socket.IO's API (the official packages, or sockjet) to the bench shapes, so each scenario
 * is written once. Only the public Socket.IO API is used here: whatever works with socket.io must work with
 * sockjet too.
 */

interface IoSocketLike {
  on(event: string, handler: (...args: never[]) => void): unknown;
  emit(event: string, ...args: unknown[]): unknown;
  join(room: string): unknown;
}

interface IoServerLike {
  on(event: 'connection', handler: (socket: IoSocketLike) => void): unknown;
  to(room: string): { emit(event: string, ...args: unknown[]): unknown };
  close(callback?: (err?: Error) => void): unknown;
}

export type IoServerCtor = new (httpServer: ReturnType<typeof createServer>, opts?: object) => IoServerLike;

interface IoClientSocketLike {
  on(event: string, handler: (...args: never[]) => void): unknown;
  once(event: string, handler: (...args: never[]) => void): unknown;
  emit(event: string, ...args: unknown[]): unknown;
  disconnect(): unknown;
}

export type IoFactory = (url: string, opts: Record<string, unknown>) => IoClientSocketLike;

const CONNECT_TIMEOUT_MS = 15_000;

export function socketIoImplementation(
  name: ImplName,
  Server: IoServerCtor,
  io: IoFactory,
  clientExtras: Record<string, unknown> = {},
  serverOptions: Record<string, unknown> = {},
): Implementation {
  return {
    name,
    listen: () => listenIo(Server, serverOptions),
    connect: (port, strategy) => connectIo(io, port, strategy, clientExtras),
  };
}

async function listenIo(Server: IoServerCtor, options: Record<string, unknown>): Promise<BenchServer> {
  const http = createServer();
  const io = new Server(http, options);
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(0, '127.0.0.1', resolve);
  });
  let count = 0;
  io.on('connection', (socket) => {
    count++;
    socket.on('disconnect', () => count--);
  });
  return {
    port: (http.address() as AddressInfo).port,
    onConnection(handler) {
      io.on('connection', (socket) => handler(wrapServerSocket(socket)));
    },
    broadcast(room, event, data) {
      io.to(room).emit(event, data);
    },
    connectionCount: () => count,
    close: () => closeWithin(io, http, 2_000),
  };
}

function wrapServerSocket(socket: IoSocketLike): BenchServerSocket {
  return {
    on: (event, handler) => socket.on(event, handler as (...args: never[]) => void),
    emit: (event, data) => socket.emit(event, data),
    join: (room) => socket.join(room),
  };
}

function closeWithin(io: IoServerLike, http: ReturnType<typeof createServer>, ms: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    const done = () => { clearTimeout(timer); resolve(); };
    const result = io.close(() => done());
    if (result instanceof Promise) result.then(done, done);
    http.close(() => done());
  });
}

function connectIo(
  io: IoFactory, port: number, strategy: Strategy, extras: Record<string, unknown>,
): Promise<BenchClient> {
  const opts: Record<string, unknown> = { forceNew: true, reconnection: false, ...extras };
  if (strategy === 'websocket') opts.transports = ['websocket'];
  const socket = io(`http://127.0.0.1:${port}`, opts);
  return new Promise<BenchClient>((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.disconnect();
      reject(new Error(`no connect event within ${CONNECT_TIMEOUT_MS} ms`));
    }, CONNECT_TIMEOUT_MS);
    socket.once('connect_error', ((err: Error) => {
      clearTimeout(timer);
      socket.disconnect();
      reject(err);
    }) as (...args: never[]) => void);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve({
        emit: (event: string, data: unknown, ack?: Ack) =>
          ack ? socket.emit(event, data, ack) : socket.emit(event, data),
        on: (event, handler) => socket.on(event, handler as (...args: never[]) => void),
        close: () => socket.disconnect(),
      });
    });
  });
}
