import { serveRpc } from './ipc.js';
import { loadImpl } from './impl/load-impl.js';
import type { BenchServer, ImplName } from './impl/types.js';

/**
 * The server process. It runs one implementation's server with the scenario handlers below (written once against
 * the Socket.IO API) and answers the orchestrator's requests for CPU, memory and broadcast bursts.
 * Started with --expose-gc so memory figures are taken after a full collection.
 */

export const ROOM = 'bench';

let server: BenchServer | undefined;

function installHandlers(s: BenchServer, joinRoom: boolean): void {
  s.onConnection((socket) => {
    socket.on('echo', (data) => socket.emit('echo', data));
    socket.on('ack', (data, ack) => ack?.(data));
    if (joinRoom) socket.join(ROOM);
  });
}

function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('server process needs --expose-gc');
  gc();
  gc();
}

serveRpc({
  async start(args) {
    const impl = await loadImpl(args.impl as ImplName);
    server = await impl.listen();
    installHandlers(server, args.joinRoom === true);
    return { port: server.port, pid: process.pid };
  },
  cpu: () => process.cpuUsage(),
  mem() {
    collect();
    const m = process.memoryUsage();
    return { heapUsed: m.heapUsed, rss: m.rss, external: m.external };
  },
  count: () => server?.connectionCount() ?? 0,
  burst(args) {
    if (!server) throw new Error('not started');
    const count = Number(args.count);
    const t0 = process.hrtime.bigint();
    for (let n = 0; n < count; n++) server.broadcast(ROOM, 'b', { n, s: 'broadcast payload' });
    return { t0: String(t0) };
  },
});
