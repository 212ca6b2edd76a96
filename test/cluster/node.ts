/**
 * One server of a test cluster, in its own process (forked by cluster-helpers.ts): a sockjet or an official
 * socket.io server on 127.0.0.1, on Redis through one of the official adapter packages. The test drives it over IPC
 * with the commands below; both kinds share this file, since their APIs are the same.
 *
 * argv[2]: JSON `NodeConfig`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient } from 'redis';

export type NodeKind = 'sockjet' | 'socket.io';
export type AdapterKind = 'redis' | 'streams';

export interface NodeConfig {
  name: string;
  kind: NodeKind;
  adapter: AdapterKind;
  redisUrl: string;
}

/** A command from the test and its answer. */
export interface Command {
  id: number;
  cmd: string;
  arg: Record<string, unknown>;
}

export interface SocketInfo {
  id: string;
  rooms: string[];
  data: unknown;
  local: boolean;
  recovered?: boolean;
}

/** The methods a command calls, the same on both kinds of server and their broadcast operators. */
interface Target {
  to(room: string | string[]): Target;
  except(room: string | string[]): Target;
  timeout(ms: number): Target;
  emit(event: string, ...args: unknown[]): unknown;
  emitWithAck(event: string, ...args: unknown[]): Promise<unknown[]>;
  fetchSockets(): Promise<{ id: string; rooms: Set<string>; data: unknown; [action: string]: unknown }[]>;
  socketsJoin(room: string | string[]): void;
  socketsLeave(room: string | string[]): void;
  disconnectSockets(close?: boolean): void;
}

interface LocalSocket {
  id: string;
  rooms: Set<string>;
  data: Record<string, unknown>;
  recovered: boolean;
  handshake: { auth: Record<string, unknown> };
  join(room: string): unknown;
  on(event: string, fn: (...args: unknown[]) => void): unknown;
}

interface AnyServer extends Target {
  on(event: string, fn: (...args: never[]) => void): unknown;
  serverSideEmit(event: string, ...args: unknown[]): unknown;
  serverSideEmitWithAck(event: string, ...args: unknown[]): Promise<unknown[]>;
  of(name: string): { adapter: { serverCount(): Promise<number> }; sockets: Map<string, LocalSocket> };
  close(): Promise<void>;
}

const config = JSON.parse(process.argv[2]!) as NodeConfig;
const redis = createClient({ url: config.redisUrl });
// A Redis restart shows up here as connection errors, until the client reconnects by itself.
redis.on('error', () => {});
await redis.connect();
const clients = [redis];
// Only what this node uses is loaded: a process start is most of a cluster test's time.
let adapter;
if (config.adapter === 'redis') {
  const sub = redis.duplicate();
  sub.on('error', () => {});
  await sub.connect();
  clients.push(sub);
  adapter = (await import('@socket.io/redis-adapter')).createAdapter(redis, sub);
} else {
  adapter = (await import('@socket.io/redis-streams-adapter')).createAdapter(redis, { blockTimeInMs: 1000 });
}

const http = createServer();
const options = { adapter, connectionStateRecovery: { maxDisconnectionDuration: 60_000 }, pingInterval: 1000, pingTimeout: 1000 };
const ServerClass = config.kind === 'sockjet' ? (await import('../../src/server/index.js')).Server : (await import('socket.io')).Server;
const io = new ServerClass(http, options) as unknown as AnyServer;
const notes: unknown[][] = [];

io.on('connection', (socket: LocalSocket) => {
  if (!socket.recovered) socket.data = { node: config.name, user: socket.handshake.auth.user };
  socket.on('join', (room, ack) => {
    void socket.join(room as string);
    (ack as (answer: string) => void)('joined');
  });
  socket.on('whoami', (ack) => (ack as (answer: unknown) => void)({ node: config.name, data: socket.data }));
});
io.on('note', (...args: never[]) => void notes.push(args));
io.on('ping-server', (x: never, ack: never) => (ack as (answer: string) => void)(`${config.name}:${x}`));

function target(arg: Record<string, unknown>): Target {
  let t: Target = io;
  if (arg.to) t = t.to(arg.to as string[]);
  if (arg.except) t = t.except(arg.except as string[]);
  if (arg.timeout) t = t.timeout(arg.timeout as number);
  return t;
}

const commands: Record<string, (arg: Record<string, unknown>) => unknown> = {
  emit: (arg) => void target(arg).emit(arg.event as string, ...(arg.args as unknown[])),
  emitWithAck: (arg) => target(arg).emitWithAck(arg.event as string, ...(arg.args as unknown[])),
  fetchSockets: async (arg) => {
    const local = io.of('/').sockets;
    const found = await target(arg).fetchSockets();
    return found.map((s): SocketInfo => ({ id: s.id, rooms: [...s.rooms].sort(), data: s.data, local: local.has(s.id) }));
  },
  /** Acts on the socket `id` through what fetchSockets returns for it (a RemoteSocket when it lives elsewhere). */
  remote: async (arg) => {
    const [socket] = await io.to(arg.id as string).fetchSockets();
    if (!socket) throw new Error(`no socket ${String(arg.id)}`);
    const method = socket[arg.action as string] as (...args: unknown[]) => unknown;
    method.apply(socket, arg.args as unknown[]);
  },
  socketsJoin: (arg) => target(arg).socketsJoin(arg.room as string),
  socketsLeave: (arg) => target(arg).socketsLeave(arg.room as string),
  disconnectSockets: (arg) => target(arg).disconnectSockets(arg.close as boolean),
  serverSideEmit: (arg) => void io.serverSideEmit(arg.event as string, ...(arg.args as unknown[])),
  serverSideEmitWithAck: (arg) => io.serverSideEmitWithAck(arg.event as string, ...(arg.args as unknown[])),
  serverCount: () => io.of('/').adapter.serverCount(),
  notes: () => notes.splice(0),
  local: () =>
    [...io.of('/').sockets.values()].map((s): SocketInfo => ({
      id: s.id,
      rooms: [...s.rooms].sort(),
      data: s.data,
      local: true,
      recovered: s.recovered,
    })),
  /** A graceful stop: sockets disconnect ('server shutting down', so sessions are persisted), then Redis is let go. */
  close: async () => {
    await io.close();
    // quit() lets the commands in flight finish (the sessions io.close() persisted). After a Redis restart a client
    // can still be reconnecting, or the streams adapter's blocking read pending, and quit() then waits without end:
    // past a bound, the connection is dropped, and the test that reads those sessions says what was lost.
    for (const c of clients) await quitWithin(c, 3000);
    setImmediate(() => process.exit(0));
  },
};

async function quitWithin(client: ReturnType<typeof createClient>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<'late'>((resolve) => (timer = setTimeout(resolve, ms, 'late')));
  const outcome = await Promise.race([client.quit().then(() => 'quit' as const, () => 'failed' as const), bound]);
  clearTimeout(timer);
  if (outcome === 'quit') return;
  console.error(`${config.name}: Redis client did not quit within ${ms} ms (${outcome}); dropping its connection`);
  if (client.isOpen) client.destroy();
}

process.on('message', (message: Command) => {
  void (async () => {
    try {
      const result = await commands[message.cmd]!(message.arg);
      process.send!({ id: message.id, result: result ?? null });
    } catch (err) {
      process.send!({ id: message.id, error: (err as Error).message ?? String(err) });
    }
  })();
});

// @socket.io/redis-adapter publishes without handling the promise: a command in flight when Redis drops rejects, and
// Node's default would end the process (see the README's scale-out section). A server in production needs the same.
process.on('unhandledRejection', (err) =>
  process.stderr.write(`${config.name}: a Redis command the adapter left unhandled failed (Redis down?): ${String(err)}\n`),
);

// The test process is gone (crashed, or killed by a timeout): so is this node, rather than outliving it.
process.on('disconnect', () => process.exit(1));

http.listen(0, '127.0.0.1', () => process.send!({ ready: (http.address() as AddressInfo).port }));
