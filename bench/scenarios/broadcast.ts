import type { BenchClient } from '../impl/types.js';
import { cpuDelta } from '../stats.js';
import { measured } from './measured.js';
import { waitForConnections } from './wait-for-connections.js';
import type { ClientCommand, Scenario } from './scenario.js';

/**
 * broadcast: every client in one room, the server emits a burst of events to the room. Measured from the
 * server's first emit to the moment the last client has the last event (process.hrtime is the system-wide
 * monotonic clock, so the two processes' readings compare).
 */

interface Tally {
  expected: number;
  complete: number;
  counts: Map<BenchClient, number>;
  t1: bigint | null;
  cpu0: NodeJS.CpuUsage;
  cpuUs: number;
  onDone: (() => void) | null;
}

let tally: Tally | null = null;
const listening = new WeakSet<BenchClient>();

function arm(clients: readonly BenchClient[], expected: number): void {
  const t: Tally = { expected, complete: 0, counts: new Map(), t1: null, cpu0: process.cpuUsage(), cpuUs: 0, onDone: null };
  tally = t;
  for (const client of clients) {
    t.counts.set(client, 0);
    if (listening.has(client)) continue;
    listening.add(client);
    client.on('b', () => {
      const cur = tally!;
      const n = (cur.counts.get(client) ?? 0) + 1;
      cur.counts.set(client, n);
      if (n === cur.expected && ++cur.complete === cur.counts.size) {
        cur.t1 = process.hrtime.bigint();
        cur.cpuUs = cpuDelta(cur.cpu0, process.cpuUsage());
        cur.onDone?.();
      }
    });
  }
}

interface Done { t1: string; cpuUs: number }

function waitDone(timeoutMs: number): Promise<Done> {
  const t = tally;
  if (!t) return Promise.reject(new Error('not armed'));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`${t.counts.size - t.complete} of ${t.counts.size} clients incomplete after ${timeoutMs} ms`));
    }, timeoutMs);
    const done = () => { clearTimeout(timer); resolve({ t1: String(t.t1), cpuUs: t.cpuUs }); };
    if (t.t1 !== null) done();
    else t.onDone = done;
  });
}

export const broadcastClient: Record<string, ClientCommand> = {
  arm: (state, args) => arm(state.clients, Number(args.expected)),
  waitBroadcast: (_state, args) => waitDone(Number(args.timeoutMs)),
};

const WARM_EVENTS = 20;
const TIMEOUT_MS = 30_000;

export const broadcast: Scenario = {
  name: 'broadcast',
  joinRoom: true,
  metrics: [
    { key: 'totalMs', label: 'time until all have all', unit: 'ms', better: 'lower' },
    { key: 'rate', label: 'deliveries/s', unit: '/s', better: 'higher' },
    { key: 'serverCpu', label: 'server CPU per delivery', unit: 'µs', better: 'lower' },
    { key: 'clientCpu', label: 'client CPU per delivery', unit: 'µs', better: 'lower' },
  ],
  async measure(ctx) {
    const clients = ctx.params.broadcastClients;
    const events = ctx.params.broadcastEvents;
    await ctx.client.call('connectMany', { count: clients, strategy: 'websocket' }, 120_000);
    await waitForConnections(ctx.server, clients);
    const burst = async (count: number) => {
      await ctx.client.call('arm', { expected: count });
      const done = ctx.client.call<Done>('waitBroadcast', { timeoutMs: TIMEOUT_MS }, TIMEOUT_MS + 5_000);
      const { t0 } = await ctx.server.call<{ t0: string }>('burst', { count });
      const { t1, cpuUs } = await done;
      return { ms: Number(BigInt(t1) - BigInt(t0)) / 1e6, clientCpuUs: cpuUs };
    };
    await burst(WARM_EVENTS);
    const w = await measured(ctx, () => burst(events));
    const deliveries = clients * events;
    return {
      metrics: {
        totalMs: w.result.ms,
        rate: deliveries / (w.result.ms / 1000),
        serverCpu: w.serverCpuUs / deliveries,
        clientCpu: w.result.clientCpuUs / deliveries,
      },
      load: w.load,
    };
  },
};
