/**
 * `npm run bench:cluster`: broadcasts across two servers on Redis (@socket.io/redis-adapter), sockjet against
 * socket.io with the same adapter, in one run. Each implementation gets a fresh Redis, two server processes and the
 * same raw WebSocket clients (split over both servers); each server broadcasts `--broadcasts` events to everyone.
 * Reported: deliveries per second (events received by clients / wall time from the first broadcast to the last
 * delivery) and server CPU per delivery (both servers' user + system time / deliveries). One run, not a median:
 * read it as an order of magnitude, next to `npm run bench`'s broadcast row.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { startRedis } from '../test/support/redis-server.js';
import { EXIT, Rpc } from './ipc.js';
import { describe, machine } from './machine.js';

const { values: flags } = parseArgs({
  options: { clients: { type: 'string', default: '500' }, broadcasts: { type: 'string', default: '200' } },
});
const CLIENTS = Number(flags.clients);
const BROADCASTS = Number(flags.broadcasts);
const IMPLS = ['sockjet', 'socket.io'] as const;
type Impl = (typeof IMPLS)[number];

interface Server {
  rpc: Rpc;
  child: ChildProcess;
  port: number;
}

function startServer(impl: Impl, redisUrl: string): Promise<Server> {
  const child = fork(fileURLToPath(new URL('./cluster-server.ts', import.meta.url)), [impl, redisUrl], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${impl} server exited with ${code}`)));
    child.once('message', (m: { port: number }) => resolve({ rpc: new Rpc(child), child, port: m.port }));
  });
}

/** A raw Engine.IO/Socket.IO client over `ws`: joins `/`, answers pings, counts the events it gets. */
class CountingClient {
  events = 0;
  private readonly ws: WebSocket;
  readonly ready: Promise<void>;

  constructor(port: number) {
    this.ws = new WebSocket(`ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket`);
    this.ready = new Promise((resolve, reject) => {
      this.ws.on('error', reject);
      this.ws.on('message', (data: Buffer) => {
        const text = data.toString();
        if (text.startsWith('42')) this.events++;
        else if (text === '2') this.ws.send('3');
        else if (text.startsWith('0')) this.ws.send('40');
        else if (text.startsWith('40')) resolve();
      });
    });
  }

  close(): void {
    this.ws.close();
  }
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function run(impl: Impl): Promise<{ perSecond: number; cpuMicros: number; deliveries: number }> {
  const redis = await startRedis();
  const servers = await Promise.all([startServer(impl, redis.url), startServer(impl, redis.url)]);
  const clients: CountingClient[] = [];
  for (let i = 0; i < CLIENTS; i++) clients.push(new CountingClient(servers[i % 2]!.port));
  await Promise.all(clients.map((c) => c.ready));
  // Warm-up: both servers subscribed and every path taken once.
  await Promise.all(servers.map((s) => s.rpc.call('broadcast', { count: 1 })));
  await until(() => clients.every((c) => c.events === 2), 'the warm-up broadcasts');
  for (const c of clients) c.events = 0;

  const cpuBefore = await Promise.all(servers.map((s) => s.rpc.call<number>('cpu')));
  const started = process.hrtime.bigint();
  await Promise.all(servers.map((s) => s.rpc.call('broadcast', { count: BROADCASTS / 2 })));
  const expected = BROADCASTS;
  await until(() => clients.every((c) => c.events === expected), 'every delivery');
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpuAfter = await Promise.all(servers.map((s) => s.rpc.call<number>('cpu')));
  const deliveries = BROADCASTS * CLIENTS;
  const cpu = cpuAfter.reduce((sum, v, i) => sum + v - cpuBefore[i]!, 0);

  for (const c of clients) c.close();
  for (const s of servers) {
    await s.rpc.call('close');
    s.child.send({ id: 0, cmd: EXIT, args: {} });
  }
  await redis.stop();
  return { perSecond: deliveries / seconds, cpuMicros: cpu / deliveries, deliveries };
}

console.log(describe(machine()));
console.log(`cluster: 2 servers on one Redis (@socket.io/redis-adapter), ${CLIENTS} clients, ${BROADCASTS} broadcasts\n`);
const results: Record<string, Awaited<ReturnType<typeof run>>> = {};
for (const impl of IMPLS) results[impl] = await run(impl);
const [ours, theirs] = [results.sockjet!, results['socket.io']!];
console.log('| scenario | sockjet | socket.io | ratio |');
console.log('|---|---|---|---|');
console.log(
  `| cluster broadcast, deliveries/s | ${Math.round(ours.perSecond)} | ${Math.round(theirs.perSecond)} | ${(ours.perSecond / theirs.perSecond).toFixed(2)}x |`,
);
console.log(
  `| cluster broadcast, server CPU µs per delivery | ${ours.cpuMicros.toFixed(2)} | ${theirs.cpuMicros.toFixed(2)} | ${(theirs.cpuMicros / ours.cpuMicros).toFixed(2)}x less |`,
);
