import { LoadMeter } from '../load.js';
import { waitForConnections } from './wait-for-connections.js';
import type { Scenario } from './scenario.js';

/** idle memory: server heap and RSS per connected client, after a full GC, against the empty server. */

interface Mem { heapUsed: number; rss: number }

export const idle: Scenario = {
  name: 'idle',
  joinRoom: false,
  metrics: [
    { key: 'heapPerConn', label: 'server heap per connection', unit: 'KB', better: 'lower' },
    { key: 'rssPerConn', label: 'server RSS per connection', unit: 'KB', better: 'lower' },
  ],
  async measure(ctx) {
    const n = ctx.params.idleClients;
    const meter = new LoadMeter(ctx.pids);
    const before = await ctx.server.call<Mem>('mem');
    await ctx.client.call('connectMany', { count: n, strategy: 'websocket' }, 120_000);
    await waitForConnections(ctx.server, n);
    const after = await ctx.server.call<Mem>('mem');
    return {
      metrics: {
        heapPerConn: (after.heapUsed - before.heapUsed) / n / 1024,
        rssPerConn: (after.rss - before.rss) / n / 1024,
      },
      load: meter.read(),
    };
  },
};
