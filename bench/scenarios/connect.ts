import { performance } from 'node:perf_hooks';
import { LoadMeter } from '../load.js';
import { percentiles } from '../stats.js';
import type { Strategy } from '../impl/types.js';
import type { ClientCommand, Scenario } from './scenario.js';

/**
 * connect: time from creating a client to its connect event, over sequential connects (each closed before the
 * next). Raw ws has one strategy, a plain open; its figure stands in both rows so the ratios compare to it.
 */

interface Series { p50: number; p90: number }

export const connectClient: Record<string, ClientCommand> = {
  // The strategies take turns connect by connect, so neither gets a warmer process than the other.
  async connectSeries(state, args) {
    const strategies = args.strategies as Strategy[];
    const count = Number(args.count);
    const warmup = Number(args.warmup);
    const samples = new Map<Strategy, number[]>(strategies.map((s) => [s, []]));
    for (let i = 0; i < warmup + count; i++) {
      for (const strategy of strategies) {
        const t = performance.now();
        const client = await state.impl.connect(state.port, strategy);
        if (i >= warmup) samples.get(strategy)!.push(performance.now() - t);
        client.close();
      }
    }
    const result: Partial<Record<Strategy, Series>> = {};
    for (const [strategy, list] of samples) {
      const [p50, p90] = percentiles(list, [50, 90]);
      result[strategy] = { p50: p50!, p90: p90! };
    }
    return result;
  },
};

export const connect: Scenario = {
  name: 'connect',
  joinRoom: false,
  metrics: [
    { key: 'defaultP50', label: 'default transports: median', unit: 'ms', better: 'lower' },
    { key: 'defaultP90', label: 'default transports: p90', unit: 'ms', better: 'lower' },
    { key: 'wsP50', label: 'websocket only: median', unit: 'ms', better: 'lower' },
    { key: 'wsP90', label: 'websocket only: p90', unit: 'ms', better: 'lower' },
  ],
  async measure(ctx) {
    const meter = new LoadMeter(ctx.pids);
    const strategies: Strategy[] = ctx.impl === 'ws' ? ['websocket'] : ['default', 'websocket'];
    const series = await ctx.client.call<Partial<Record<Strategy, Series>>>('connectSeries', {
      strategies, count: ctx.params.connects, warmup: ctx.params.connectWarmup,
    }, 180_000);
    const ws = series.websocket!;
    const def = series.default ?? ws;
    return {
      metrics: { defaultP50: def.p50, defaultP90: def.p90, wsP50: ws.p50, wsP90: ws.p90 },
      load: meter.read(),
    };
  },
};
