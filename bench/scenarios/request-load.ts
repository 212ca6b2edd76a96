import { driveLoad, pingPong } from './drive-load.js';
import type { LoadResult } from './drive-load.js';
import { measured } from './measured.js';
import type { ClientCommand, MetricDef, Scenario } from './scenario.js';

/**
 * echo and acks: `echoClients` clients with `inFlight` requests each, a small JSON event answered by the server
 * (echoed back as an event, or answered by the ack callback). CPU is reported per 100k round trips.
 */

export const requestLoadClient: Record<string, ClientCommand> = {
  load: (state, args) => driveLoad(state.clients, {
    mode: args.mode as 'echo' | 'ack',
    inFlight: Number(args.inFlight),
    durationMs: Number(args.durationMs),
    maxMessages: Number(args.maxMessages),
  }),
  pingPong: (state, args) => pingPong(state.clients[0]!, Number(args.durationMs)),
};

const PER = 100_000;

function metricDefs(mode: 'echo' | 'ack'): MetricDef[] {
  const what = mode === 'echo' ? 'msgs' : 'acks';
  const defs: MetricDef[] = [
    { key: 'rate', label: `${what}/s`, unit: '/s', better: 'higher' },
    { key: 'serverCpu', label: `server CPU per 100k ${what}`, unit: 'ms', better: 'lower' },
    { key: 'clientCpu', label: `client CPU per 100k ${what}`, unit: 'ms', better: 'lower' },
    { key: 'p50', label: 'round trip p50', unit: 'ms', better: 'lower' },
    { key: 'p99', label: 'round trip p99', unit: 'ms', better: 'lower' },
  ];
  if (mode === 'ack') {
    defs.push(
      { key: 'singleP50', label: '1 client, 1 in flight: p50', unit: 'ms', better: 'lower' },
      { key: 'singleP99', label: '1 client, 1 in flight: p99', unit: 'ms', better: 'lower' },
    );
  }
  return defs;
}

export function requestLoad(mode: 'echo' | 'ack'): Scenario {
  return {
    name: mode === 'echo' ? 'echo' : 'acks',
    joinRoom: false,
    metrics: metricDefs(mode),
    async measure(ctx) {
      const p = ctx.params;
      await ctx.client.call('connectMany', { count: p.echoClients, strategy: 'websocket' });
      const load = { mode, inFlight: p.inFlight, maxMessages: p.maxMessages };
      await ctx.client.call('load', { ...load, durationMs: p.warmupMs });
      const w = await measured(ctx, () => ctx.client.call<LoadResult>('load', { ...load, durationMs: p.durationMs }));
      const r = w.result;
      const metrics: Record<string, number> = {
        rate: r.messages / (r.elapsedMs / 1000),
        serverCpu: (w.serverCpuUs / 1000 / r.messages) * PER,
        clientCpu: (r.clientCpuUs / 1000 / r.messages) * PER,
        p50: r.p50,
        p99: r.p99,
      };
      if (mode === 'ack') {
        const single = await ctx.client.call<{ p50: number; p99: number }>('pingPong', { durationMs: p.singleMs });
        metrics.singleP50 = single.p50;
        metrics.singleP99 = single.p99;
      }
      return { metrics, load: w.load };
    },
  };
}
