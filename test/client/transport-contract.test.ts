import { expect } from 'chai';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { WebSocketServer, type WebSocket as WsSocket } from 'ws';
import { openEngine, type Engine, type EngineOwner } from '../../src/client/engine/engine.js';
import { PollingTransport } from '../../src/client/engine/polling-transport.js';
import { NOT_ENGINE_IO, type TransportFactory } from '../../src/client/engine/transport.js';
import { WebSocketTransport } from '../../src/client/engine/websocket-transport.js';
import { openLink } from '../../src/testing/link.js';
import { SERVER_KINDS } from '../support/server-kinds.js';
import { withFakeClock } from '../support/fake-clock.js';
import { closeHttp, listen, NodeWebSocket } from '../support/net.js';
import { transportContract, type ContractServer } from './transport-contract.js';

/**
 * The client transport contract in Node (the `ws` package as the WebSocket), against test/support's servers
 * behind sockjet/testing's link, as the browser run has them (test/support/wtr-servers-plugin.ts).
 */
transportContract({
  options: { WebSocket: NodeWebSocket },
  async start(kind): Promise<ContractServer> {
    const link = await openLink(null);
    const server = await SERVER_KINDS[kind]!({});
    link.target(server.port);
    let stopped: Promise<unknown> | undefined;
    const stop = () =>
      (stopped ??= (async () => {
        link.target(null);
        const closing = server.close();
        link.drop();
        await closing;
      })());
    return {
      url: server.url.replace(`:${server.port}`, `:${link.port}`),
      action: async <T,>(name: string, args?: unknown) => (await server.actions![name]!(args)) as T,
      stop,
      close: async () => {
        await stop();
        await link.close();
      },
    };
  },
});

/**
 * An endpoint that scripts the server's side of a session on both transports, and notes what it sees: the
 * WebSocket connecting ('connected'), each GET left pending ('held'), a pending GET or a WebSocket going away
 * ('gone'), and each message (`message:<text>`, a POST's body or a WebSocket message). `first` is what the
 * server says first (to the first GET, or when the WebSocket opens); undefined: it says nothing.
 */
async function scriptedEndpoint(first: string | undefined) {
  const notes: string[] = [];
  let wake = () => {};
  const note = (what: string) => (notes.push(what), wake());
  let held: ServerResponse | undefined;
  let said = first == null;
  const sockets = new Set<WsSocket>();
  const http = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.method == 'POST') {
      let body = '';
      req.on('data', (c) => (body += c)).on('end', () => (note('message:' + body), res.end('ok')));
    } else if (!said) {
      said = true;
      res.end(first);
    } else {
      held = res;
      res.on('close', () => res.writableEnded || note('gone'));
      note('held');
    }
  });
  const wss = new WebSocketServer({ server: http });
  wss.on('connection', (ws) => {
    sockets.add(ws);
    note('connected');
    ws.on('message', (m) => note('message:' + String(m)));
    ws.on('close', () => note('gone'));
    if (first != null) ws.send(first);
  });
  const port = await listen(http);
  return {
    notes,
    url: `http://127.0.0.1:${port}/engine.io/?EIO=4`,
    /** The server says `packet`: to the pending GET, or on the WebSocket. */
    say(packet: string) {
      held?.end(packet);
      held = undefined;
      for (const ws of sockets) ws.send(packet);
    },
    /** Resolves once `what` has been noted. */
    until: (what: string) =>
      new Promise<void>((resolve) => {
        const before = wake;
        wake = () => (before(), notes.includes(what) && resolve());
        wake();
      }),
    close: async () => {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      await closeHttp(http);
    },
  };
}

/** An engine owner that records what it hears. */
function owner(): EngineOwner & { log: string[]; until(what: string): Promise<void> } {
  const log: string[] = [];
  let wake = () => {};
  const note = (s: string) => (log.push(s), wake());
  return {
    log,
    _onOpen: () => note('open'),
    _onMessage: (d) => note('message:' + String(d)),
    _onPing: () => note('ping'),
    _onClose: (reason) => note('close:' + reason),
    until: (what) =>
      new Promise<void>((resolve) => {
        const before = wake;
        wake = () => (before(), log.includes(what) && resolve());
        wake();
      }),
  };
}

const handshake = (pingInterval: number, pingTimeout: number) =>
  '0' + JSON.stringify({ sid: 's1', upgrades: [], pingInterval, pingTimeout, maxPayload: 1e6 });

/**
 * The session over each transport, against scripted endpoints: what it concludes must not depend on which
 * transport carried it. `connectsBeforeHandshake`: a WebSocket says it is connected before the server says
 * anything; long-polling's first word from the server is its answer to the first poll.
 */
for (const [kind, connectsBeforeHandshake] of [
  [WebSocketTransport, true],
  [PollingTransport, false],
] as [TransportFactory, boolean][])
  describe(`client engine over ${kind.name}, against scripted endpoints`, () => {
    let endpoint: Awaited<ReturnType<typeof scriptedEndpoint>>;
    const engines: Engine[] = [];
    const start = (o: EngineOwner, WebSocket = NodeWebSocket) => {
      const engine = openEngine(endpoint.url, { transports: [kind], upgrade: false, WebSocket }, o);
      engines.push(engine);
      return engine;
    };

    afterEach(async () => {
      engines.splice(0).forEach((e) => e._drop());
      await endpoint?.close();
    });

    for (const [what, first] of [
      ['a first packet that is not a handshake', '4hello'],
      ['a handshake that is not JSON', '0{not json'],
      ['a handshake without a session id', '0{"upgrades":[]}'],
    ])
      it(`not an Engine.IO endpoint: ${what}`, async () => {
        endpoint = await scriptedEndpoint(first);
        const o = owner();
        start(o);
        await o.until('close:' + NOT_ENGINE_IO);
        expect(o.log).to.deep.equal(['close:' + NOT_ENGINE_IO]);
      });

    it('dropping the session lets go of its pending request: the server sees it go, opening or open', async () => {
      endpoint = await scriptedEndpoint(undefined);
      const o = owner();
      const opening = start(o);
      await endpoint.until(connectsBeforeHandshake ? 'connected' : 'held');
      opening._drop();
      await endpoint.until('gone');
      await endpoint.close();

      endpoint = await scriptedEndpoint(handshake(60_000, 60_000));
      const open = start(o);
      await o.until('open');
      if (!connectsBeforeHandshake) await endpoint.until('held');
      open._drop();
      await endpoint.until('gone');
      // An orderly close: long-polling says so with a close packet; a WebSocket's closing handshake says it.
      expect(endpoint.notes.includes('message:1')).to.equal(!connectsBeforeHandshake);
      expect(o.log).to.deep.equal(['open']);
    });

    it("heartbeat: answers a ping; pingInterval + pingTimeout of silence after it is a 'ping timeout'", async () => {
      // Real timers: Node's fetch (undici) sets timers of its own and needs them to be Node's (it unrefs them).
      // The wait is long enough for the ping to come first on a busy machine, and the check is that the
      // timeout did not come early.
      endpoint = await scriptedEndpoint(handshake(300, 200));
      const o = owner();
      start(o);
      await o.until('open');
      if (!connectsBeforeHandshake) await endpoint.until('held');
      endpoint.say('2');
      await o.until('ping');
      const pinged = performance.now();
      await endpoint.until('message:3');
      await o.until('close:ping timeout');
      expect(performance.now() - pinged).to.be.at.least(490);
      expect(o.log).to.deep.equal(['open', 'ping', 'close:ping timeout']);
      // The session ends here: long-polling posts the close packet the server would otherwise wait for.
      if (!connectsBeforeHandshake) await endpoint.until('message:1');
    });

    // The wait starts when the transport says it is connected, before the server has said anything. Long-polling
    // never does: its first report is the server's answer to its first poll (the contract's "hands over the
    // handshake first"), so there its owner's connect timeout decides.
    if (connectsBeforeHandshake)
      it('handshake wait: 2 s from "connected" without a handshake is not an Engine.IO endpoint (fake clock)', () =>
        withFakeClock(async (tick) => {
          endpoint = await scriptedEndpoint(undefined);
          const o = owner();
          // Resolves once the transport has heard the WebSocket open (its own listener runs after this one).
          let opened!: () => void;
          const open = new Promise<void>((r) => (opened = r));
          class Watched extends NodeWebSocket {
            constructor(url: string | URL, protocols?: string | string[]) {
              super(url, protocols);
              this.addEventListener('open', () => queueMicrotask(opened));
            }
          }
          start(o, Watched);
          await open;
          tick(1999);
          expect(o.log).to.deep.equal([]);
          tick(1);
          expect(o.log).to.deep.equal(['close:' + NOT_ENGINE_IO]);
        }));
  });
