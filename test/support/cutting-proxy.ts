import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { listen } from './net.js';

/**
 * A TCP proxy on 127.0.0.1 that cuts every connection passing through it on demand, the way a flaky network
 * or a load balancer does: `cut('reset')` sends a TCP RST both ways, `cut('end')` closes both sides with a FIN.
 * Whatever is in flight at that moment (a long-polling GET or POST, an upgrade probe, WebSocket frames) is lost
 * or cut short. The proxy itself keeps listening, so the client's next attempt goes through.
 */
export interface CuttingProxy {
  readonly port: number;
  /** Connections alive now (a cut only hits these). */
  readonly live: number;
  /** Cuts every live connection; returns how many it cut. */
  cut(how: 'reset' | 'end'): number;
  close(): Promise<void>;
}

export async function startCuttingProxy(targetPort: number): Promise<CuttingProxy> {
  /** Each client-side socket with its upstream. */
  const pairs = new Map<Socket, Socket>();
  const server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    pairs.set(client, upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    // One side failing or closing takes the other one down with it; errors are the expected result of a cut.
    const down = () => {
      pairs.delete(client);
      client.destroy();
      upstream.destroy();
    };
    for (const s of [client, upstream]) s.on('error', down).on('close', down);
  });
  await listen(server);
  return {
    port: (server.address() as AddressInfo).port,
    get live() {
      return pairs.size;
    },
    cut(how) {
      const all = [...pairs];
      pairs.clear();
      for (const [client, upstream] of all)
        for (const s of [client, upstream]) how == 'reset' ? s.resetAndDestroy() : s.destroySoon();
      return all.length;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const [client, upstream] of pairs) client.destroy(), upstream.destroy();
        pairs.clear();
        server.close(() => resolve());
      }),
  };
}
