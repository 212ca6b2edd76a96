/**
 * A server of the cluster bench (bench/cluster.ts): sockjet (the built package) or socket.io on
 * @socket.io/redis-adapter, on 127.0.0.1. Answers `broadcast` (emits `count` events to everyone, a few per turn of
 * the event loop, so a burst does not sit in memory at once) and `cpu` (this process's CPU time in µs).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import { serveRpc } from './ipc.js';

const [impl, redisUrl] = process.argv.slice(2) as ['sockjet' | 'socket.io', string];
const pub = createClient({ url: redisUrl });
const sub = pub.duplicate();
await Promise.all([pub.connect(), sub.connect()]);
const http = createServer();
const options = { adapter: createAdapter(pub, sub) };
// The published package as users import it (`sockjet/server`, the build: `npm run bench:cluster` builds first), as
// bench/impl/sockjet.ts does; the specifier in a variable keeps a missing build a run-time failure.
const SOCKJET_SERVER = 'sockjet/server';
type AnyServer = { emit(event: string, ...args: unknown[]): void; close(): Promise<void> };
const { Server } = (impl === 'sockjet' ? await import(SOCKJET_SERVER) : await import('socket.io')) as {
  Server: new (http: unknown, options: unknown) => AnyServer;
};
const io = new Server(http, options);
const PAYLOAD = { text: 'a chat message of typical length, sent to every client', n: 0 };

serveRpc({
  cpu: () => {
    const { user, system } = process.cpuUsage();
    return user + system;
  },
  broadcast: async (args) => {
    const count = Number(args.count);
    for (let i = 0; i < count; i++) {
      io.emit('news', { ...PAYLOAD, n: i });
      if (i % 10 === 9) await new Promise((r) => setImmediate(r));
    }
  },
  close: async () => {
    await io.close();
    await Promise.all([pub.quit(), sub.quit()]);
  },
});
http.listen(0, '127.0.0.1', () => process.send!({ port: (http.address() as AddressInfo).port }));
