/**
 * Type tests for the server, from Socket.IO's TypeScript guide: this file must compile (`npm run typecheck`),
 * and each `@ts-expect-error` line must be an error. Never run.
 */
import {
  BroadcastOperator,
  Namespace,
  RemoteSocket,
  Server,
  Socket,
  type DefaultEventsMap,
  type DisconnectReason,
} from '../../src/server/index.js';
import type { AddressInfo } from 'node:net';
import type { ClientToServerEvents, Equal, InterServerEvents, ServerToClientEvents, SocketData } from './events.js';
import { expectType } from './events.js';

type TypedServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export function emitting(io: TypedServer): void {
  io.on('connection', (socket) => {
    expectType<Equal<typeof socket, Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>>>();
    socket.emit('noArg');
    socket.emit('basicEmit', 1, '2', Buffer.from([3]));
    socket.emit('withAck', '4', (e) => {
      expectType<Equal<typeof e, number>>();
    });
    // @ts-expect-error: no such event
    socket.emit('nope');
    // @ts-expect-error: a string where a number goes
    socket.emit('basicEmit', '1', '2', Buffer.from([3]));
    // @ts-expect-error: an argument missing
    socket.emit('basicEmit', 1, '2');
    // @ts-expect-error: emitting a reserved event is refused (and throws at run time)
    socket.emit('disconnect');

    // Broadcasts: to everyone, to a room, and from a socket to the others.
    io.emit('noArg');
    io.to('room1').emit('basicEmit', 1, '2', Buffer.from([3]));
    io.except('room2').volatile.compress(false).local.emit('noArg');
    socket.broadcast.emit('basicEmit', 1, '2', Buffer.from([3]));
    socket.to('room1').except('room2').emit('noArg');
    // @ts-expect-error: io.emit waits for no ack
    io.emit('withAck', '4', () => {});
    // @ts-expect-error: wrong argument
    io.to('room1').emit('basicEmit', 1, 2, Buffer.from([3]));
  });
}

export function listening(io: TypedServer): void {
  io.on('connection', (socket) => {
    socket.on('hello', () => {});
    socket.on('join', (room, callback) => {
      expectType<Equal<typeof room, string>>();
      callback(true, 3);
      // @ts-expect-error: the ack takes (boolean, number)
      callback('yes');
    });
    // @ts-expect-error: the client never sends it
    socket.on('basicEmit', () => {});
    // @ts-expect-error: wrong listener arguments
    socket.on('join', (room: number) => room);
    // Reserved events.
    socket.on('disconnect', (reason, description) => {
      expectType<Equal<typeof reason, DisconnectReason>>();
      return description;
    });
    socket.on('disconnecting', () => socket.rooms.size);
    socket.on('error', (err) => err.message);
    socket.once('hello', () => {});
    socket.off('hello');
  });
  // @ts-expect-error: not a server event
  io.on('hello', () => {});
  io.on('new_namespace', (nsp) => nsp.name);
}

export async function acks(io: TypedServer): Promise<void> {
  // timeout() makes a socket's ack error-first; emitWithAck resolves with the answer.
  io.on('connection', async (socket) => {
    socket.timeout(5000).emit('withAck', '4', (err, e) => {
      expectType<Equal<typeof err, Error>>();
      expectType<Equal<typeof e, number>>();
    });
    // @ts-expect-error: with a timeout the error comes first
    socket.timeout(5000).emit('withAck', '4', (e: number) => e);
    const e = await socket.emitWithAck('withAck', '4');
    expectType<Equal<typeof e, number>>();
    const late = await socket.timeout(100).emitWithAck('withAck', '4');
    expectType<Equal<typeof late, number>>();
    // @ts-expect-error: noArg has no ack
    await socket.emitWithAck('noArg');
  });
  // A broadcast's ack gets every client's answer.
  io.timeout(1000).emit('withAck', '4', (err, responses) => {
    expectType<Equal<typeof err, Error>>();
    expectType<Equal<typeof responses, number[]>>();
  });
  io.to('room1').timeout(1000).emit('withAck', '4', (err, responses) => {
    expectType<Equal<typeof responses, number[]>>();
    return err;
  });
  const all = await io.timeout(1000).emitWithAck('withAck', '4');
  expectType<Equal<typeof all, number[]>>();
  const inRoom = await io.to('room1').timeout(1000).emitWithAck('withAck', '4');
  expectType<Equal<typeof inRoom, number[]>>();
}

export async function serverSide(io: TypedServer): Promise<void> {
  io.serverSideEmit('ping');
  io.on('ping', () => {});
  // @ts-expect-error: not an inter-server event
  io.serverSideEmit('pong');
  io.serverSideEmit('count', (err, responses) => {
    expectType<Equal<typeof err, Error>>();
    expectType<Equal<typeof responses, number[]>>();
  });
  const counts = await io.serverSideEmitWithAck('count');
  expectType<Equal<typeof counts, number[]>>();
  io.on('count', (callback) => callback(1));
}

export async function data(io: TypedServer): Promise<void> {
  io.on('connection', (socket) => {
    socket.data.name = 'john';
    socket.data.age = 42;
    // @ts-expect-error: age is a number
    socket.data.age = '42';
  });
  io.use((socket, next) => {
    expectType<Equal<typeof socket.data, SocketData>>();
    next();
  });
  const sockets = await io.fetchSockets();
  for (const socket of sockets) {
    expectType<Equal<typeof socket.data, SocketData>>();
    socket.emit('basicEmit', 1, '2', Buffer.from([3]));
    // @ts-expect-error: typed for remote sockets too
    socket.emit('basicEmit', 1);
  }
  const remote = sockets[0] as RemoteSocket<ServerToClientEvents, SocketData>;
  remote.timeout(100).emit('withAck', '4', (err, e) => {
    expectType<Equal<typeof e, number>>();
    return err;
  });
  remote.join('room1');
  // As Socket.IO types it: what the client sent, values `any`.
  expectType<Equal<typeof remote.handshake.auth, Record<string, any>>>();
}

export function namespaces(io: TypedServer): void {
  // A namespace has the server's types, or its own.
  const chat = io.of('/chat');
  expectType<Equal<typeof chat, Namespace<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>>>();
  chat.on('connection', (socket) => socket.emit('noArg'));
  chat.use((socket, next) => next(socket.data.age > 0 ? undefined : new Error('too young')));
  interface AdminEvents {
    kick: (id: string) => void;
  }
  const admin: Namespace<AdminEvents, AdminEvents> = io.of('/admin') as unknown as Namespace<AdminEvents, AdminEvents>;
  admin.emit('kick', 'abc');
  // @ts-expect-error: not an admin event
  admin.emit('noArg');
  const op: BroadcastOperator<ServerToClientEvents, SocketData> = io.to('room');
  op.emit('noArg');
}

export function untyped(): void {
  // Without type arguments everything is accepted, as in Socket.IO.
  const io = new Server();
  io.on('connection', (socket) => {
    socket.on('anything', (a, b, ack) => ack(a, b));
    socket.emit('whatever', 1, 'two', { three: 3 });
    socket.data.anything = true;
    socket.timeout(10).emit('question', (err: Error | null, answer: unknown) => [err, answer]);
  });
  io.emit('hello', 1);
  io.to('room').emit('hello', { a: 1 });
  io.serverSideEmit('hello', 'world');
  io.on('hello', (arg) => arg);
  const map: DefaultEventsMap = {};
  void map;
}

export function untypedAcks(io: Server): void {
  // Untyped acks are typed `any`, not implicitly so: these compile under strict (Socket.IO's types reject them).
  io.on('connection', (socket) => {
    socket.emit('question', (answer) => answer);
    socket.timeout(1000).emit('question', (err, answer) => {
      expectType<Equal<typeof err, Error>>();
      return answer;
    });
    socket.broadcast.timeout(1000).emit('question', (err, responses) => {
      expectType<Equal<typeof err, Error>>();
      expectType<Equal<typeof responses, any[]>>();
    });
  });
  io.timeout(1000).emit('question', 1, 'two', (err, responses) => [err, responses.length]);
  io.serverSideEmit('uptime', (err, responses) => [err.message, responses.length]);
}

export function httpServer(io: Server): void {
  // Typed as always there, as Socket.IO types it: what compiles against socket.io compiles here.
  io.httpServer.on('listening', () => {
    const address = io.httpServer.address();
    expectType<Equal<typeof address, string | AddressInfo | null>>();
  });
}

export function untypedInput(io: Server): void {
  // What the client sent is `any`, as in Socket.IO: auth values and a catch-all listener's arguments.
  const users = new Map([['token', { name: 'ada' }]]);
  io.use((socket, next) => {
    socket.data.user = users.get(socket.handshake.auth.token);
    next();
  });
  io.on('connection', (socket) => {
    socket.onAny((event, ...args) => {
      const ack = typeof args.at(-1) === 'function' ? args.pop() : undefined;
      ack?.(event);
    });
  });
}
