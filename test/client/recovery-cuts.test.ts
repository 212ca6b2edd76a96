import { expect } from 'chai';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server as SocketIoServer } from 'socket.io';
import { io as ioClient } from 'socket.io-client';
import { io, type IoOptions } from '../../src/client/index.js';
import { Server as SockjetServer } from '../../src/server/index.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { once } from '../support/events.js';
import { listen, NodeWebSocket } from '../support/net.js';

/**
 * Connection state recovery under cuts (issue 13): a TCP proxy between client and server cuts every connection
 * at random moments (a TCP reset, a FIN, or the server closing the transport), while the server broadcasts a
 * numbered stream and the client sends one with `retries`. Both directions are counted at the end: no message
 * lost either way, none received twice by the client (server -> client, replayed by recovery exactly once and
 * in order), and duplicates client -> server only as `retries` may resend an event whose ack a cut swallowed.
 *
 * `npm test` runs a short version. The long one (for the chaos suite):
 *   SOCKJET_CUT_MESSAGES=5000 npx mocha --timeout 0 test/client/recovery-cuts.test.ts
 * (SOCKJET_CUT_SEED=<n> replays a run's cut schedule; each failure message prints its seed.) The long run also
 * runs socket.io-client through the same proxy, as the reference.
 */

const MESSAGES = Number(process.env.SOCKJET_CUT_MESSAGES ?? 300);
const LONG = process.env.SOCKJET_CUT_MESSAGES != null;
const SEED = Number(process.env.SOCKJET_CUT_SEED ?? Date.now() % 1e9);
/** Milliseconds between cuts, at random in [MIN, MIN + SPREAD). */
const CUT_MIN = 40;
const CUT_SPREAD = 360;
/** The server broadcasts one message every this many ms (about as fast as the client sends over polling). */
const SEND_EVERY = 4;

/** mulberry32: a small seeded PRNG, so a failing cut schedule can be replayed. */
function random(seed: number): () => number {
  return () => {
    let t = (seed = (seed + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

interface AnyServer {
  on(event: 'connection', fn: (socket: ServerSocket) => void): unknown;
  emit(event: string, ...args: unknown[]): unknown;
  of(nsp: string): { sockets: Map<string, ServerSocket> };
  close(): unknown;
}
interface ServerSocket {
  recovered: boolean;
  on(event: string, fn: (...args: never[]) => void): unknown;
  conn: { close(): void };
}
/** What the test needs of either client. */
interface TestClient {
  connected: boolean;
  recovered: boolean;
  on(event: string, fn: (...args: never[]) => void): unknown;
  once(event: string, fn: (...args: unknown[]) => void): unknown;
  off(event: string, fn: (...args: unknown[]) => void): unknown;
  emitWithAck(event: string, ...args: unknown[]): Promise<unknown>;
  io: { on(event: string, fn: () => void): unknown };
  close(): unknown;
}

const SERVERS: Record<string, (http: ReturnType<typeof createServer>, opts: object) => AnyServer> = {
  sockjet: (http, opts) => new SockjetServer(http, opts) as unknown as AnyServer,
  'socket.io': (http, opts) => new SocketIoServer(http, opts) as unknown as AnyServer,
};

type Transports = IoOptions['transports'];
const CLIENT_OPTIONS = {
  forceNew: true,
  reconnectionDelay: 10,
  reconnectionDelayMax: 50,
  retries: 1000,
  ackTimeout: 5000,
};
const CLIENTS: Record<string, (url: string, transports: Transports) => TestClient> = {
  'sockjet client': (url, transports) =>
    io(url, { ...CLIENT_OPTIONS, transports, WebSocket: NodeWebSocket }) as unknown as TestClient,
};
if (LONG)
  CLIENTS['socket.io-client (reference)'] = (url, transports) =>
    ioClient(url, { ...CLIENT_OPTIONS, transports: transports as string[] }) as unknown as TestClient;

/** Transport sets: long-polling alone, WebSocket alone, and long-polling upgraded to WebSocket after every cut. */
const TRANSPORTS: Record<string, Transports> = {
  'long-polling': ['polling'],
  websocket: ['websocket'],
  'polling then upgrade': ['polling', 'websocket'],
};

/** Indices seen more than once, and those in [0, n) never seen. */
function count(seen: number[], n: number): { lost: number[]; duplicated: number[] } {
  const times = new Array<number>(n).fill(0);
  for (const i of seen) times[i]!++;
  return {
    lost: times.flatMap((t, i) => (t == 0 ? [i] : [])),
    duplicated: times.flatMap((t, i) => (t > 1 ? [i] : [])),
  };
}

for (const [serverName, makeServer] of Object.entries(SERVERS))
  for (const [clientName, makeClient] of Object.entries(CLIENTS))
    describe(`${clientName} against the ${serverName} server, cut every ${CUT_MIN}-${CUT_MIN + CUT_SPREAD} ms`, function () {
      this.timeout(Math.max(180_000, MESSAGES * 400)); // generous: a loaded machine slows long-polling a lot
      let http: ReturnType<typeof createServer>;
      let server: AnyServer;
      let proxy: TcpProxy;
      let client: TestClient | undefined;
      const timers: ReturnType<typeof setTimeout>[] = [];

      afterEach(async () => {
        timers.forEach(clearTimeout);
        client?.close();
        await proxy.close();
        http.closeAllConnections();
        await server.close();
      });

      for (const [transportName, transports] of Object.entries(TRANSPORTS))
        it(`${transportName}: ${MESSAGES} messages each way, none lost, none duplicated server -> client`, async () => {
          const seed = SEED + transportName.length + serverName.length;
          const rand = random(seed);
          http = createServer();
          server = makeServer(http, { connectionStateRecovery: { maxDisconnectionDuration: 60_000 } });
          await listen(http);
          proxy = await startTcpProxy((http.address() as AddressInfo).port);

          // Server: records the client's stream, answers `sync` once its own stream is all sent.
          const fromClient: number[] = [];
          let sent = 0;
          const t0 = Date.now();
          const trace: string[] = [];
          server.on('connection', (socket) => {
            trace.push(`${Date.now() - t0} server: connection, recovered ${socket.recovered}`);
            socket.on('disconnect', (r: string) => trace.push(`${Date.now() - t0} server: disconnect, ${r}`));
            socket.on('c2s', (n: number, ack: () => void) => (fromClient.push(n), ack()));
            socket.on('sync', (ack: (sent: number) => void) => ack(sent));
          });

          const c = (client = makeClient(`http://127.0.0.1:${proxy.port}`, transports));
          const fromServer: number[] = [];
          let recoveries = 0;
          let failedRecoveries = 0;
          c.on('s2c', (n: number) => fromServer.push(n));
          c.on('disconnect', (r: string) => trace.push(`${Date.now() - t0} client: disconnect, ${r}`));
          c.on('connect', () => {
            trace.push(`${Date.now() - t0} client: connect, recovered ${c.recovered}`);
            c.recovered ? recoveries++ : failedRecoveries++;
          });
          await once(c, 'connect');
          failedRecoveries = 0; // the first connect is not a recovery
          // Message 0 before any cut: a client presents the offset of the last event it received, so a cut before
          // the first one cannot be recovered by any client (the protocol has no offset to start from).
          const first = once(c, 's2c');
          server.emit('s2c', sent++);
          await first;

          // Cuts: a TCP reset or a FIN through the proxy, or now and then the server closing the transport.
          let cuts = 0;
          const cutSoon = () =>
            timers.push(
              setTimeout(() => {
                const r = rand();
                trace.push(`${Date.now() - t0} cut (${r < 0.45 ? 'reset' : r < 0.9 ? 'end' : 'server'}), ${proxy.live} live`);
                if (r < 0.45) cuts += proxy.cut('reset') && 1;
                else if (r < 0.9) cuts += proxy.cut('end') && 1;
                else for (const s of server.of('/').sockets.values()) cuts++, s.conn.close();
                cutSoon();
              }, CUT_MIN + rand() * CUT_SPREAD),
            );
          cutSoon();

          // The server's stream, one broadcast every SEND_EVERY ms; the client's, one acknowledged emit at a time.
          const serverDone = new Promise<void>((resolve) => {
            const tick = () => (sent < MESSAGES ? (server.emit('s2c', sent++), timers.push(setTimeout(tick, SEND_EVERY))) : resolve());
            tick();
          });
          for (let n = 0; n < MESSAGES; n++) await c.emitWithAck('c2s', n);
          await serverDone;

          // Calm: no more cuts; once connected, a round trip after which every replayed or live event is in.
          timers.forEach(clearTimeout);
          if (!c.connected) await once(c, 'connect', { timeout: 60_000 }); // long-polling on a loaded machine
          expect(await c.emitWithAck('sync')).to.equal(MESSAGES);

          const up = count(fromClient, MESSAGES);
          const down = count(fromServer, MESSAGES);
          const figures = {
            seed,
            cuts,
            recoveries,
            failedRecoveries,
            lostToServer: up.lost.length,
            duplicatedToServer: up.duplicated.length,
            lostToClient: down.lost.length,
            duplicatedToClient: down.duplicated.length,
          };
          if (LONG) console.log(`      ${JSON.stringify(figures)}`);
          const what = JSON.stringify(figures);
          expect(cuts, what).to.be.greaterThan(2);
          expect(up.lost, `lost client -> server (${what})`).to.deep.equal([]);
          // A failure prints the timeline of cuts, connects and disconnects on both sides.
          if (down.lost.length || up.lost.length || failedRecoveries) console.log(trace.join('\n'));
          expect(down.lost, `lost server -> client (${what})`).to.deep.equal([]);
          expect(down.duplicated, `duplicated server -> client (${what})`).to.deep.equal([]);
          expect(fromServer, `server -> client in order (${what})`).to.deep.equal([...Array(MESSAGES).keys()]);
          // A resend happens only for an emit whose ack a cut swallowed: at most one per cut.
          expect(up.duplicated.length, `duplicated client -> server (${what})`).to.be.at.most(cuts);
          expect(failedRecoveries, what).to.equal(0);
        });
    });
