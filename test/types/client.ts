/**
 * Type tests for the client, from Socket.IO's TypeScript guide: this file must compile (`npm run typecheck`),
 * and each `@ts-expect-error` line must be an error. Never run.
 */
import { io, Manager, Socket } from '../../src/client/index.js';
import type { ClientToServerEvents, Equal, ServerToClientEvents } from './events.js';
import { expectType } from './events.js';

export function typedClient(): void {
  // The guide's form: a typed socket from the untyped io().
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io();
  socket.emit('hello');
  // @ts-expect-error: no such event
  socket.emit('helo');
  // @ts-expect-error: hello takes no argument
  socket.emit('hello', 1);

  socket.on('noArg', () => {});
  socket.on('basicEmit', (a, b, c) => {
    expectType<Equal<typeof a, number>>();
    expectType<Equal<typeof b, string>>();
    expectType<Equal<typeof c, Buffer>>();
  });
  socket.on('withAck', (d, callback) => {
    expectType<Equal<typeof d, string>>();
    callback(1);
    // @ts-expect-error: the ack takes a number
    callback('1');
  });
  // @ts-expect-error: a listener for an event the server does not send
  socket.on('hello', () => {});
  // @ts-expect-error: wrong argument type
  socket.on('basicEmit', (a: string) => a);

  // Reserved (local) events are typed too.
  socket.on('connect', () => {});
  socket.on('disconnect', (reason, description) => {
    expectType<Equal<typeof reason, string>>();
    return description;
  });
  socket.on('connect_error', (err) => err.message + String(err.data));
  socket.once('connect', () => {});
  socket.off('basicEmit');
  // @ts-expect-error: emitting a reserved event is refused (and throws at run time)
  socket.emit('connect');

  // Acknowledgements.
  socket.emit('join', 'room', (ok, members) => {
    expectType<Equal<typeof ok, boolean>>();
    expectType<Equal<typeof members, number>>();
  });
  // timeout() makes the ack error-first.
  socket.timeout(1000).emit('join', 'room', (err, ok) => {
    expectType<Equal<typeof err, Error>>();
    expectType<Equal<typeof ok, boolean>>();
  });
  // @ts-expect-error: with a timeout, the first argument is the error
  socket.timeout(1000).emit('join', 'room', (ok: boolean) => ok);
}

export async function acks(socket: Socket<ServerToClientEvents, ClientToServerEvents>): Promise<void> {
  const ok = await socket.emitWithAck('join', 'room');
  expectType<Equal<typeof ok, boolean>>();
  const late = await socket.timeout(500).emitWithAck('join', 'room');
  expectType<Equal<typeof late, boolean>>();
  // @ts-expect-error: hello has no ack to wait for
  await socket.emitWithAck('hello');
  // @ts-expect-error: the ack is the promise; no callback argument
  await socket.emitWithAck('join', 'room', () => {});
  socket.volatile.emit('hello');
  socket.compress(false).emit('hello');
}

export function untyped(): void {
  // Without maps every event name and argument is accepted, as in Socket.IO.
  const socket = io('http://localhost:3000', { auth: { token: 'x' } });
  socket.emit('anything', 1, { a: [2] }, (answer: unknown) => answer);
  socket.on('whatever', (a, b) => [a, b]);
  void socket.emitWithAck('question').then((answer) => answer);
  const manager = new Manager('http://localhost:3000');
  const admin: Socket<ServerToClientEvents, ClientToServerEvents> = manager.socket('/admin');
  admin.emit('hello');
  socket.onAny((event, ...args) => [event, args]);
}

export function untypedAcks(): void {
  // Untyped acks are typed `any`, not implicitly so: these compile under strict (Socket.IO's types reject them).
  const socket = io();
  socket.emit('question', 1, (answer) => answer);
  socket.timeout(1000).emit('question', (err, answer) => {
    expectType<Equal<typeof err, Error>>();
    return answer;
  });
}

export function engine(): void {
  // socket.io-client's types: the engine and its transport are always there, and any transport name is accepted.
  const socket = io({ transports: new URLSearchParams(location.search).get('transports')?.split(',') });
  socket.io.engine.on('upgrade', (transport) => transport.name);
  void socket.io.engine.transport.name;
  // @ts-expect-error: a transport is a name or a factory
  io({ transports: [1] });
  // A refusal's data is what the server's middleware put there: `any`, as in socket.io-client.
  socket.on('connect_error', (err) => err.data?.field === 'name');
}
