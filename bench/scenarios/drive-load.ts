import { performance } from 'node:perf_hooks';
import { cpuDelta, percentiles } from '../stats.js';
import type { BenchClient } from '../impl/types.js';

/**
 * Client-side load loop shared by echo and acks: every client keeps `inFlight` requests outstanding and sends
 * the next one as each answer arrives, until the time or message budget runs out; then it waits for the last
 * answers so the server's work is all inside the measured window.
 */

export interface LoadOptions {
  mode: 'echo' | 'ack';
  inFlight: number;
  durationMs: number;
  maxMessages: number;
}

export interface LoadResult {
  messages: number;
  elapsedMs: number;
  clientCpuUs: number;
  p50: number;
  p99: number;
}

const PAYLOAD = 'hello from the bench';
const DRAIN_TIMEOUT_MS = 10_000;
const MAX_SAMPLES = 1_000_000;
const ACK_TIMEOUT_MS = 5_000;

interface EchoPayload { t: number; s: string }

// The echo handler is registered once per client; it forwards to whichever run is current.
const current = new WeakMap<BenchClient, (payload: EchoPayload) => void>();

function listen(client: BenchClient): void {
  if (current.has(client)) return;
  current.set(client, () => undefined);
  client.on('echo', (data) => current.get(client)!(data as EchoPayload));
}

export function driveLoad(clients: readonly BenchClient[], opts: LoadOptions): Promise<LoadResult> {
  const samples = new Float64Array(Math.min(MAX_SAMPLES, opts.maxMessages + clients.length * opts.inFlight));
  let count = 0;
  let outstanding = 0;
  let stopped = false;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  return new Promise<LoadResult>((resolve, reject) => {
    let lastDone = t0;
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      clearTimeout(durationTimer);
      clearTimeout(drainTimer);
      const cpu = cpuDelta(cpu0, process.cpuUsage());
      const [p50, p99] = percentiles(samples.subarray(0, Math.min(count, samples.length)), [50, 99]);
      resolve({ messages: count, elapsedMs: lastDone - t0, clientCpuUs: cpu, p50: p50!, p99: p99! });
    };
    const complete = (client: BenchClient, sentAt: number) => {
      lastDone = performance.now();
      if (count < samples.length) samples[count] = lastDone - sentAt;
      count++;
      outstanding--;
      if (count >= opts.maxMessages) stopped = true;
      if (!stopped) fire(client);
      else if (outstanding === 0) finish();
    };
    const fire = (client: BenchClient) => {
      outstanding++;
      const payload: EchoPayload = { t: performance.now(), s: PAYLOAD };
      if (opts.mode === 'ack') client.emit('ack', payload, () => complete(client, payload.t));
      else client.emit('echo', payload);
    };
    let drainTimer: NodeJS.Timeout | undefined;
    const durationTimer = setTimeout(() => {
      stopped = true;
      if (outstanding === 0) return finish();
      drainTimer = setTimeout(() => reject(new Error(`${outstanding} answers missing after the run`)), DRAIN_TIMEOUT_MS);
    }, opts.durationMs);
    for (const client of clients) {
      if (opts.mode === 'echo') {
        listen(client);
        current.set(client, (p) => complete(client, p.t));
      }
      for (let i = 0; i < opts.inFlight; i++) fire(client);
    }
  });
}

/** One client, one ack in flight at a time: the latency floor of a request/response. */
export async function pingPong(client: BenchClient, durationMs: number): Promise<{ p50: number; p99: number; count: number }> {
  const samples: number[] = [];
  const end = performance.now() + durationMs;
  while (performance.now() < end && samples.length < 1_000_000) {
    const t = performance.now();
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ack within ${ACK_TIMEOUT_MS} ms`)), ACK_TIMEOUT_MS);
      client.emit('ack', { t, s: PAYLOAD }, () => { clearTimeout(timer); resolve(); });
    });
    samples.push(performance.now() - t);
  }
  const [p50, p99] = percentiles(samples, [50, 99]);
  return { p50: p50!, p99: p99!, count: samples.length };
}
