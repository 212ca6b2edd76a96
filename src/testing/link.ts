import { connect, createServer, type Server as NetServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * The network between the clients and a test server: a TCP proxy on 127.0.0.1 that owns the public port, so the
 * server behind it can stop and start again on any port while clients keep the same URL. It can hold every chunk
 * for a while each way (latency), drop bytes while keeping connections open as a dead path does (freeze), and
 * refuse connections while the server is down.
 *
 * Being a plain byte pipe, it treats WebSocket and long-polling alike and needs nothing from the server.
 */
export interface Link {
  /** The public port (127.0.0.1). */
  readonly port: number;
  /** Where new connections go, or null to refuse them (the server is down). Open connections are kept. */
  target(port: number | null): void;
  /** Holds every chunk for `ms` milliseconds in each direction from now on (0: pass at once). */
  latency(ms: number): void;
  /**
   * Destroys every open connection, both sides, at once (new ones still go to the target): what a server that
   * goes away looks like from outside, and a close that no frozen or slow path can hold up.
   */
  drop(): void;
  /** Drops bytes both ways and holds closes back until `thaw()`, as a dead network path does. */
  freeze(): void;
  thaw(): void;
  /** Closes the listening socket and destroys every connection; no timer or socket stays behind. */
  close(): Promise<void>;
}

/**
 * What travels one way: bytes, then how the sending side closed: 'end' (cleanly: what was written still reaches
 * the other side, then it is ended) or 'reset' (an error: the other side is destroyed at once).
 */
type Item = Buffer | 'end' | 'reset';

/** One direction of a proxied connection: chunks and the final close, in order, each after the link's latency. */
class Pipe {
  private readonly queue: { due: number; chunk: Item }[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly to: Socket,
    private readonly state: LinkState,
  ) {}

  push(chunk: Item): void {
    if (this.state.frozen) {
      // A dead path drops the bytes; the close reaches the other side only once the path is back.
      if (!(chunk instanceof Buffer)) this.state.held.push(() => this.to.destroy());
      return;
    }
    const due = Math.max(Date.now() + this.state.latency, this.queue.at(-1)?.due ?? 0);
    if (this.queue.length === 0 && due <= Date.now()) return this.deliver(chunk);
    this.queue.push({ due, chunk });
    this.timer ??= setTimeout(this.drain, Math.max(0, this.queue[0]!.due - Date.now()));
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.queue.length = 0;
  }

  private readonly drain = (): void => {
    this.timer = undefined;
    while (this.queue.length && this.queue[0]!.due <= Date.now()) this.deliver(this.queue.shift()!.chunk);
    if (this.queue.length) this.timer = setTimeout(this.drain, Math.max(0, this.queue[0]!.due - Date.now()));
  };

  private deliver(chunk: Item): void {
    if (chunk === 'reset') this.to.destroy();
    // end() flushes what is still buffered (a large response the server wrote just before closing) first.
    else if (chunk === 'end') this.to.destroyed || this.to.end();
    else if (!this.to.destroyed) this.to.write(chunk);
  }
}

interface LinkState {
  latency: number;
  frozen: boolean;
  /** Closes that happened while frozen, passed on at thaw. */
  held: (() => void)[];
}

/**
 * Opens a link on 127.0.0.1 (`port` 0 picks a free one) that forwards to `targetPort` (null: refuse for now).
 * @example const link = await openLink(serverPort); // clients use link.port
 */
export async function openLink(targetPort: number | null, port = 0): Promise<Link> {
  const state: LinkState = { latency: 0, frozen: false, held: [] };
  let target = targetPort;
  const sockets = new Set<Socket>();
  const pipes = new Set<Pipe>();
  const track = (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    // A reset on either side ends this connection only; the 'close' that follows is passed on.
    s.on('error', () => s.destroy());
  };
  const server: NetServer = createServer((client) => {
    track(client);
    if (target === null) return void client.destroy();
    const upstream = connect(target, '127.0.0.1');
    track(upstream);
    const up = new Pipe(upstream, state);
    const down = new Pipe(client, state);
    pipes.add(up).add(down);
    client.on('data', (chunk: Buffer) => up.push(chunk));
    upstream.on('data', (chunk: Buffer) => down.push(chunk));
    client.on('close', (hadError) => up.push(hadError ? 'reset' : 'end'));
    upstream.on('close', (hadError) => down.push(hadError ? 'reset' : 'end'));
    const forget = () => sockets.has(client) || sockets.has(upstream) || (pipes.delete(up), pipes.delete(down));
    client.on('close', forget);
    upstream.on('close', forget);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => (server.off('error', reject), resolve()));
  });
  return {
    port: (server.address() as AddressInfo).port,
    target: (p) => void (target = p),
    drop: () => {
      for (const pipe of pipes) pipe.stop();
      for (const s of sockets) s.destroy();
    },
    latency: (ms) => void (state.latency = ms),
    freeze: () => void (state.frozen = true),
    thaw: () => {
      state.frozen = false;
      for (const close of state.held.splice(0)) close();
    },
    close: () =>
      new Promise<void>((resolve) => {
        target = null;
        for (const pipe of pipes) pipe.stop();
        pipes.clear();
        state.held = [];
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
