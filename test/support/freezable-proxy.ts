import { createServer, connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 that can be "frozen": while frozen it silently drops bytes in both directions and
 * keeps the connections open, as a dead network path does: a close on one side reaches the other only after
 * `thaw()`. Tests use it for heartbeat timeouts without touching the server's internals.
 */
export interface FreezableProxy {
  readonly port: number;
  freeze(): void;
  thaw(): void;
  close(): Promise<void>;
}

export async function startFreezableProxy(targetPort: number, port = 0): Promise<FreezableProxy> {
  let frozen = false;
  /** Closes that happened while frozen, passed on at thaw. */
  let held: (() => void)[] = [];
  const sockets = new Set<Socket>();
  const track = (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => s.destroy());
  };
  const server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    track(client);
    track(upstream);
    client.on('data', (chunk) => frozen || upstream.write(chunk));
    upstream.on('data', (chunk) => frozen || client.write(chunk));
    const pass = (to: Socket) => () => (frozen ? held.push(() => to.destroy()) : to.destroy());
    client.on('close', pass(upstream));
    upstream.on('close', pass(client));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    freeze: () => void (frozen = true),
    thaw: () => {
      frozen = false;
      for (const close of held) close();
      held = [];
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
