import { LoadMeter } from '../load.js';
import type { LoadReading } from '../load.js';
import { cpuDelta } from '../stats.js';
import type { RepContext } from './scenario.js';

export interface Window<T> {
  result: T;
  serverCpuUs: number;
  load: LoadReading | null;
}

/** Runs `fn` between two readings of the server's CPU time and of the machine's other load. */
export async function measured<T>(ctx: RepContext, fn: () => Promise<T>): Promise<Window<T>> {
  const before = await ctx.server.call<NodeJS.CpuUsage>('cpu');
  const meter = new LoadMeter(ctx.pids);
  const result = await fn();
  const load = meter.read();
  const after = await ctx.server.call<NodeJS.CpuUsage>('cpu');
  return { result, serverCpuUs: cpuDelta(before, after), load };
}
