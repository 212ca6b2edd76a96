/**
 * A Node `cluster` of two sockjet workers behind @socket.io/sticky, on @socket.io/cluster-adapter (no Redis): the
 * primary owns the port and hands each connection to a worker, the same worker for every request of a session.
 * Forked by node-cluster.test.ts; sends `{ port }` once both workers are up, exits when its parent goes.
 */
import cluster from 'node:cluster';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { setupPrimary as setupAdapterPrimary } from '@socket.io/cluster-adapter';
import { setupMaster } from '@socket.io/sticky';

const WORKERS = 2;
/** To the test that forked this process, or to stdout when run by hand (`node --import tsx cluster-primary.ts`). */
const report = (message: { port: number }) => (process.send ? process.send(message) : console.log(JSON.stringify(message)));
const http = createServer();
setupMaster(http, { loadBalancingMethod: 'least-connection' });
setupAdapterPrimary();
// sticky passes the first chunk of each connection as a Buffer, which needs the 'advanced' IPC serialization.
cluster.setupPrimary({
  exec: fileURLToPath(new URL('./cluster-worker.ts', import.meta.url)),
  execArgv: ['--import', 'tsx'],
  serialization: 'advanced',
});
let ready = 0;
for (let i = 0; i < WORKERS; i++) {
  cluster.fork().on('message', (message: { ready?: true }) => {
    if (message.ready && ++ready === WORKERS) {
      http.listen(0, '127.0.0.1', () => report({ port: (http.address() as AddressInfo).port }));
    }
  });
}
process.on('disconnect', () => {
  for (const worker of Object.values(cluster.workers ?? {})) worker?.kill('SIGKILL');
  process.exit(0);
});
