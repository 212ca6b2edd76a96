/**
 * The client transport contract (src/client/engine/transport.ts): every behaviour the session relies on, run
 * over each transport the same way, so the session never has to ask which one it holds. The body runs in Node
 * (transport-contract.test.ts) and in Chromium (transport-contract.browser.test.ts), against test/support's
 * servers behind sockjet/testing's link, so that "the server goes away" is the same cut in both.
 */
import { expect } from 'chai';
import { engineUrl } from '../../src/client/engine/engine.js';
import { PollingTransport } from '../../src/client/engine/polling-transport.js';
import {
  NOT_ENGINE_IO,
  type IncomingPacket,
  type OutgoingPacket,
  type Transport,
  type TransportFactory,
  type TransportOptions,
} from '../../src/client/engine/transport.js';
import { WebSocketTransport } from '../../src/client/engine/websocket-transport.js';
import { eventually } from '../support/events.js';

/** A test server as the contract sees it (see test/support/server-kinds.ts for the kinds). */
export interface ContractServer {
  /** The server's URL: `ws://127.0.0.1:<port>/engine.io/` for 'engine-echo'. */
  url: string;
  /** A named action of the server ('clientsCount', 'closeAll', ...). */
  action<T = unknown>(name: string, args?: unknown): Promise<T>;
  /** The server goes away: it stops, and every connection to it is dropped. */
  stop(): Promise<unknown>;
  close(): Promise<void>;
}

export interface ContractEnv {
  /**
   * 'engine-echo': a sockjet Engine that echoes every message (a text message `close:` makes it close that
   * session); 'http-404': an HTTP server answering 404 to everything, WebSocket upgrades included.
   */
  start(kind: 'engine-echo' | 'http-404'): Promise<ContractServer>;
  /** What each transport is opened with (in Node 20, the `ws` package as the WebSocket). */
  options: TransportOptions;
}

/**
 * What the platform lets a transport see, which no code of ours can change: a WebSocket's API hides the HTTP
 * status of a refused upgrade (a browser reports only an error), while fetch shows it.
 */
const TRANSPORTS: { kind: TransportFactory; seesHttpStatus: boolean }[] = [
  { kind: WebSocketTransport, seesHttpStatus: false },
  { kind: PollingTransport, seesHttpStatus: true },
];

/** One report of a transport to its sink, with whether it was writable at that moment. */
type Report = { ready: true; writable: boolean } | { packet: IncomingPacket } | { gone: string };

/** A transport with a sink that records every report, in order. */
interface Opened {
  t: Transport;
  reports: Report[];
  /** Resolves once `check` holds, checked now and after each report. */
  until(check: () => boolean): Promise<void>;
  /** The packets reported so far, text and binary, as comparable values (bytes as arrays). */
  packets(): unknown[];
}

const shown = (p: IncomingPacket) => (typeof p == 'string' ? p : [...new Uint8Array(p)]);

export function transportContract(env: ContractEnv): void {
  for (const { kind, seesHttpStatus } of TRANSPORTS)
    describe(`client transport contract: ${kind.name}`, () => {
      let server: ContractServer | undefined;
      const opened: Transport[] = [];

      afterEach(async () => {
        for (const t of opened.splice(0)) t.close();
        await server?.close();
        server = undefined;
      });

      const start = async (which: 'engine-echo' | 'http-404' = 'engine-echo') => (server = await env.start(which));

      /**
       * Opens a transport of this kind on the server's Engine URL, with a sink that records each report and, as
       * the engine does, joins the session that the handshake names before the transport's next request.
       */
      const open = (s: ContractServer): Opened => {
        const u = new URL(s.url);
        const reports: Report[] = [];
        let wake = () => {};
        const t = kind.open(engineUrl(u.origin, u.pathname, '') + '&transport=' + kind.name, (packet, gone) => {
          reports.push(gone ? { gone } : packet == null ? { ready: true, writable: t.writable } : { packet });
          const handshake = typeof packet == 'string' && packet[0] == '0' && !t.url.includes('&sid=');
          if (handshake) t.url += '&sid=' + JSON.parse(packet.slice(1)).sid;
          wake();
        }, { ...env.options });
        opened.push(t);
        return {
          t,
          reports,
          until: (check) =>
            new Promise((resolve) => {
              if (check()) return resolve();
              const before = wake;
              wake = () => (before(), check() && resolve());
            }),
          packets: () => reports.flatMap((r) => ('packet' in r ? [shown(r.packet)] : [])),
        };
      };

      /** Waits for the handshake and for the transport to be writable after it. */
      const join = async (o: Opened): Promise<void> => {
        await o.until(() => o.t.url.includes('&sid='));
        await o.until(() => o.t.writable);
      };

      /** Writes `packets` as the engine does: whatever the transport takes while writable, in order. */
      const write = async (o: Opened, packets: OutgoingPacket[], max?: number) => {
        for (let rest = packets; rest.length; ) {
          await o.until(() => o.t.writable);
          const took = o.t.send(rest, max);
          expect(took, 'a send takes at least one packet').to.be.within(1, rest.length);
          rest = rest.slice(took);
        }
      };

      /** Asks the server until no session is left, far sooner than its heartbeat would end one (45 s). */
      const noSessionLeft = () =>
        eventually('the server to end the session', async () => (await server!.action<number>('clientsCount')) == 0);

      it('declares its name and how it closes, and is not writable until the transport says so', async () => {
        const o = open(await start());
        expect(o.t.name).to.equal(kind.name);
        expect(o.t.closePacket).to.be.a('boolean');
        expect(o.t.writable).to.equal(false);
        await join(o);
        const ready = o.reports.filter((r) => 'ready' in r);
        expect(ready.length).to.be.greaterThan(0);
        expect(ready.every((r) => 'ready' in r && r.writable)).to.equal(true);
        expect(o.reports.some((r) => 'gone' in r)).to.equal(false);
      });

      it('hands over the handshake first: the first report is the open packet, or (connected) a ready', async () => {
        const o = open(await start());
        await join(o);
        const first = o.reports[0]!;
        // A WebSocket is connected before the server's open packet; long-polling's first poll brings it.
        if ('packet' in first) expect(String(first.packet)[0]).to.equal('0');
        else expect(o.reports.findIndex((r) => 'packet' in r)).to.equal(1);
      });

      it('sends and receives text and binary (ArrayBuffer, a view, a Blob), in order', async () => {
        const o = open(await start());
        await join(o);
        const view = new Uint8Array([9, 9, 7, 8, 9]).subarray(2, 4);
        const blob = new Blob([new Uint8Array([5, 6])]);
        const sent: OutgoingPacket[] = ['4a', new Uint8Array([1, 2, 250]).buffer, '4b', view, blob, '4é✓'];
        await write(o, sent);
        await o.until(() => o.packets().length == 7);
        expect(o.packets().slice(1)).to.deep.equal(['4a', [1, 2, 250], '4b', [7, 8], [5, 6], '4é✓']);
      });

      it('keeps the order of many writes, whatever each send takes of them (a batch within max bytes, or all)', async () => {
        const o = open(await start());
        await join(o);
        const sent = Array.from({ length: 60 }, (_, i) => '4' + String(i).padStart(2, '0').repeat(20));
        await write(o, sent, 200);
        await o.until(() => o.packets().length == 61);
        expect(o.packets().slice(1)).to.deep.equal(sent);
      });

      it('is writable again after a send, at once or with a ready report (drain)', async () => {
        const o = open(await start());
        await join(o);
        const before = o.reports.length;
        o.t.send(['4x']);
        if (!o.t.writable) {
          await o.until(() => o.reports.slice(before).some((r) => 'ready' in r));
          expect(o.t.writable).to.equal(true);
        }
        await o.until(() => o.packets().includes('4x'));
      });

      it('pause: stops writing at once, finishes what is in flight, then reports nothing more', async () => {
        const o = open(await start());
        await join(o);
        // In flight for long-polling: a POST, and its GET, which the server answers with the echo.
        o.t.send(['4x']);
        let done = 0;
        const paused = new Promise<void>((resolve) => o.t.pause(() => (done++, resolve())));
        expect(o.t.writable).to.equal(false);
        await paused;
        const atDone = o.reports.length;
        // The server closes the session: a transport still listening would report the close packet or the end.
        await server!.action('closeAll');
        await join(open(server!));
        expect(o.reports.length).to.equal(atDone);
        expect(done).to.equal(1);
        expect(o.t.writable).to.equal(false);
      });

      it('pause keeps what send took: it reaches the server', async () => {
        const o = open(await start());
        await join(o);
        // The server closes the session when this message reaches it.
        o.t.send(['4close:']);
        o.t.pause(() => {});
        await noSessionLeft();
      });

      it('close(): reports nothing more, even when the server then ends the session', async () => {
        const o = open(await start());
        await join(o);
        const atClose = o.reports.length;
        o.t.close();
        // A transport still listening would report the close packet, or the end of its connection.
        await server!.action('closeAll');
        await join(open(server!));
        expect(o.reports.length).to.equal(atClose);
      });

      it('close(true) says goodbye: the server ends the session at once, request pending or not', async () => {
        for (const pauseFirst of [false, true]) {
          const o = open(server ?? (await start()));
          await join(o);
          if (pauseFirst) {
            // Nothing in flight any more (long-polling's GET is answered by the echo): no request of ours is
            // left for the server to see go, so only the goodbye ends the session before its heartbeat (45 s).
            o.t.send(['4x']);
            await new Promise<void>((resolve) => o.t.pause(resolve));
          }
          o.t.close(true);
          await noSessionLeft();
        }
      });

      it('close() while connecting: nothing is ever reported, nothing is left open', async () => {
        const s = await start();
        const o = open(s);
        o.t.close();
        await join(open(s));
        expect(o.reports).to.deep.equal([]);
      });

      it('the server closing the session: its close packet arrives, then the transport is gone, once', async () => {
        const o = open(await start());
        await join(o);
        await server!.action('closeAll');
        await o.until(() => o.reports.some((r) => 'gone' in r));
        expect(o.packets().slice(1)).to.deep.equal(['1']);
        const gone = o.reports.filter((r) => 'gone' in r);
        expect(gone).to.have.length(1);
        expect(o.reports.at(-1)).to.equal(gone[0]);
      });

      it('the server going away: reported once as the transport gone, nothing after', async () => {
        const o = open(await start());
        await join(o);
        await server!.stop();
        await o.until(() => o.reports.some((r) => 'gone' in r));
        const gone = o.reports.filter((r) => 'gone' in r);
        expect(gone).to.have.length(1);
        expect(['transport close', 'transport error']).to.include((gone[0] as { gone: string }).gone);
        expect(o.reports.at(-1)).to.equal(gone[0]);
      });

      const on404 = seesHttpStatus ? NOT_ENGINE_IO : 'a transport error (the status is hidden)';
      it(`an endpoint that answers 404: ${on404}`, async () => {
        const o = open(await start('http-404'));
        await o.until(() => o.reports.length > 0);
        expect(o.reports).to.deep.equal([{ gone: seesHttpStatus ? NOT_ENGINE_IO : 'transport error' }]);
        expect(o.t.writable).to.equal(false);
      });
    });
}
