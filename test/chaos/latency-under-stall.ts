/**
 * Bench-style (no assertion, a table): does one client that stops reading slow the others down? Twenty healthy
 * clients each send acknowledged pings back to back while the app floods a twenty-first, paused client with
 * 64 KiB events, in three phases: nobody stalled; stalled with the default maxWriteBufferSize (4 MB); stalled
 * with no limit (what sockjet did before issue 13). Server and clients share this process, as in the chaos suite;
 * the figures compare the phases with each other, not with other machines.
 *
 *   node --import tsx test/chaos/latency-under-stall.ts      (npm run test:chaos runs it)
 */
import type { ServerOptions, Socket } from '../../src/server/index.js';
import { mb, startChaosServer } from './chaos-env.js';
import { figure, printFigures } from './figures.js';
import { RawSocketClient } from './raw-socket-client.js';
import { nextMacrotask } from '../support/net.js';
import { once } from '../support/events.js';

const HEALTHY = 20;
const PHASE_MS = Number(process.env.CHAOS_PHASE_MS ?? 3000);
const CHUNK = 'x'.repeat(64 * 1024);
/** The most the app emits to the stalled client in a phase (issue 13's 200 MB). */
const FLOOD_LIMIT = 200 * 1024 * 1024;

const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

/** Pings from one client, back to back, until `until`. */
async function pingLoop(client: RawSocketClient, until: number, out: number[]): Promise<void> {
  while (performance.now() < until) out.push(await client.ping());
}

async function flood(socket: Socket, until: number): Promise<string> {
  let emitted = 0;
  let reason: string | undefined;
  socket.once('disconnect', (r: string) => (reason ??= `${r} after ${mb(emitted)} MB`));
  for (let i = 0; performance.now() < until && emitted < FLOOD_LIMIT; i++) {
    socket.emit('blob', CHUNK);
    emitted += CHUNK.length;
    if (i % 4 === 3) await nextMacrotask();
  }
  return reason ?? `connected, ${mb(socket.conn.bufferedAmount)} MB queued of ${mb(emitted)} MB emitted`;
}

async function phase(name: string, stalled: boolean, options: Partial<ServerOptions>): Promise<void> {
  const server = await startChaosServer(options);
  server.io.on('connection', (socket) => socket.on('ping', (ack: () => void) => ack()));
  const healthy = await Promise.all(Array.from({ length: HEALTHY }, () => RawSocketClient.connect(server.port)));
  let staller: RawSocketClient | undefined;
  let outcome = 'none';
  const rss0 = process.memoryUsage.rss();
  const until = performance.now() + PHASE_MS;
  const rtts: number[] = [];
  const work: Promise<unknown>[] = healthy.map((c) => pingLoop(c, until, rtts));
  if (stalled) {
    const joined = once<[Socket]>(server.io, 'connection');
    staller = await RawSocketClient.connect(server.port);
    staller.stall();
    work.push(joined.then(([socket]) => flood(socket, until)).then((o) => (outcome = o)));
  }
  let peakRss = rss0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 50);
  await Promise.all(work);
  clearInterval(sampler);
  rtts.sort((a, b) => a - b);
  figure(name, 'healthy pings answered', rtts.length);
  figure(name, 'p50 round trip (ms)', percentile(rtts, 0.5).toFixed(2));
  figure(name, 'p99 round trip (ms)', percentile(rtts, 0.99).toFixed(2));
  figure(name, 'max round trip (ms)', rtts[rtts.length - 1]!.toFixed(2));
  figure(name, 'stalled client', outcome);
  figure(name, 'peak RSS growth (MB)', mb(peakRss - rss0));
  for (const c of healthy) c.close();
  staller?.close();
  await server.close();
}

await phase('nobody stalled', false, {});
await phase('one stalled, default limit (4 MB)', true, {});
await phase('one stalled, no limit (before issue 13)', true, { maxWriteBufferSize: Infinity });
printFigures(`latency of ${HEALTHY} healthy clients while one is stalled (${PHASE_MS} ms per phase)`);
