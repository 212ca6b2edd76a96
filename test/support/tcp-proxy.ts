import { connect, createServer, type Socket } from 'node:net';
import { listen } from './net.js';

/**
 * A TCP proxy on 127.0.0.1 standing for the network or a load balancer between a client and its server: it cuts
 * the connections passing through it on demand (whatever is in flight then, a long-polling GET or POST, an upgrade
 * probe, WebSocket frames, is lost or cut short), holds new ones back, and sends them to another server. The proxy
 * itself keeps listening, so the client's next attempt goes through once it is released.
 */
export interface TcpProxy {
  readonly port: number;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** Connections alive now (a cut only hits these). */
  readonly live: number;
  /** Sends new connections to another port (a load balancer moving a client to another node). */
  retarget(port: number): void;
  /**
   * Cuts every live connection and returns how many it cut: `reset` sends a TCP RST both ways, `end` closes both
   * sides with a FIN, `destroy` (the default) closes the sockets; both ends see the connection go.
   */
  cut(how?: 'reset' | 'end' | 'destroy'): number;
  /** Until release(), new connections are closed at once (`drop`, the default: the client retries) or kept waiting (`pause`). */
  hold(how?: 'drop' | 'pause'): void;
  /** Lets new connections through again, the paused ones first. */
  release(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  let target = targetPort;
  let holding: 'drop' | 'pause' | undefined;
  const held: Socket[] = [];
  /** Each client-side socket with its upstream. */
  const pairs = new Map<Socket, Socket>();
  const pipe = (client: Socket) => {
    const upstream = connect(target, '127.0.0.1');
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
  };
  const server = createServer((client) => {
    if (holding === 'drop') return void client.destroy();
    if (holding === 'pause') return void held.push(client.pause().on('error', () => client.destroy()));
    pipe(client);
  });
  const port = await listen(server);
  const end = { reset: (s: Socket) => s.resetAndDestroy(), end: (s: Socket) => s.destroySoon(), destroy: (s: Socket) => s.destroy() };
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    get live() {
      return pairs.size;
    },
    retarget: (p) => void (target = p),
    cut(how = 'destroy') {
      const all = [...pairs];
      pairs.clear();
      for (const [client, upstream] of all) for (const s of [client, upstream]) end[how](s);
      return all.length;
    },
    hold: (how = 'drop') => void (holding = how),
    release() {
      holding = undefined;
      for (const client of held.splice(0)) if (!client.destroyed) pipe(client.resume());
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const [client, upstream] of pairs) client.destroy(), upstream.destroy();
        for (const client of held.splice(0)) client.destroy();
        pairs.clear();
        server.close(() => resolve());
      }),
  };
}
