import { expect } from 'chai';
import { Server as EngineServer, type ServerOptions, type Socket as EngineSocket } from 'engine.io';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { openEngine, type Engine, type EngineOptions } from '../../src/client/engine/engine.js';
import { PollingTransport } from '../../src/client/engine/polling-transport.js';
import type { TransportFactory } from '../../src/client/engine/transport.js';
import { WebSocketTransport } from '../../src/client/engine/websocket-transport.js';
import { once } from '../support/events.js';
import { listen, NodeWebSocket } from '../support/net.js';

const WS = WebSocketTransport;
const POLL = PollingTransport;

/** An engine owner that records what it hears. */
function owner() {
  const log: string[] = [];
  const messages: (string | ArrayBuffer)[] = [];
  let wake: (() => void) | undefined;
  const note = (s: string) => (log.push(s), wake?.());
  return {
    log,
    messages,
    _onOpen: () => note('open'),
    _onMessage: (d: string | ArrayBuffer) => (messages.push(d), note('message')),
    _onPing: () => note('ping'),
    _onClose: (r: string) => note('close:' + r),
    /** Resolves once `pred` holds (checked on every callback). */
    until(pred: () => boolean): Promise<void> {
      return new Promise((resolve) => {
        if (pred()) return resolve();
        wake = () => pred() && ((wake = undefined), resolve());
      });
    },
  };
}

describe('client engine against the official engine.io server', () => {
  let http: HttpServer;
  let server: EngineServer;
  let base: string;
  const engines: Engine[] = [];

  async function start(opts: Partial<ServerOptions> = {}) {
    http = createServer();
    server = new EngineServer(opts);
    server.attach(http);
    await listen(http);
    base = `http://127.0.0.1:${(http.address() as AddressInfo).port}/engine.io/?EIO=4`;
  }

  function open(transports: TransportFactory[], o = owner(), extra: Partial<EngineOptions> = {}) {
    const opts: EngineOptions = { transports, upgrade: true, WebSocket: NodeWebSocket, ...extra };
    const e = openEngine(base, opts, o);
    engines.push(e);
    return { e, o, opts };
  }

  const nextConnection = () => once<[EngineSocket]>(server, 'connection').then(([sc]) => sc);

  afterEach(async () => {
    engines.splice(0).forEach((e) => e.close());
    server?.close();
    http?.closeAllConnections();
    await new Promise((r) => http?.close(r));
  });

  for (const [name, list] of [
    ['websocket only', [WS]],
    ['polling only', [POLL]],
  ] as const) {
    it(`${name}: handshake, text and binary both ways`, async () => {
      await start({ transports: ['polling', 'websocket'] });
      const conn = nextConnection();
      const { e, o } = open([...list]);
      const sc = await conn;
      sc.on('message', (d) => sc.send(typeof d == 'string' ? 'echo:' + d : d));
      await o.until(() => o.log.includes('open'));
      expect(sc.transport.name).to.equal(list[0]!.name);
      e.send('hello');
      e.send(new Uint8Array([1, 2, 250]));
      await o.until(() => o.messages.length == 2);
      expect(o.messages[0]).to.equal('echo:hello');
      expect([...new Uint8Array(o.messages[1] as ArrayBuffer)]).to.deep.equal([1, 2, 250]);
    });
  }

  it('polling then upgrade to websocket, without losing messages', async () => {
    await start();
    const conn = nextConnection();
    const { e, o } = open([POLL, WS]);
    const sc = await conn;
    const got: string[] = [];
    sc.on('message', (d) => got.push(String(d)));
    const upgraded = once(sc, 'upgrade');
    await o.until(() => o.log.includes('open'));
    for (let i = 0; i < 20; i++) e.send('m' + i);
    await upgraded;
    expect(sc.transport.name).to.equal('websocket');
    e.send('after');
    await once(sc, 'message', { where: (d) => d == 'after' });
    expect(got).to.deep.equal([...Array.from({ length: 20 }, (_, i) => 'm' + i), 'after']);
    sc.send('down');
    await o.until(() => o.messages.includes('down'));
  });

  it('close() while upgrading still sends what is queued, then the close packet, on the new transport', async () => {
    await start();
    const conn = nextConnection();
    let e: Engine | undefined;
    // Closes as soon as the probe is answered, while long-polling pauses for the switch.
    class ClosingAtProbe extends NodeWebSocket {
      constructor(url: string) {
        super(url);
        this.addEventListener('message', (ev) => ev.data == '3probe' && queueMicrotask(() => (e!.send('last'), e!.close())));
      }
    }
    const { o } = ({ e } = open([POLL, WS], owner(), { WebSocket: ClosingAtProbe }));
    const sc = await conn;
    const got: string[] = [];
    sc.on('message', (d) => got.push(String(d)));
    const [reason] = await once(sc, 'close');
    expect(reason).to.equal('transport close');
    expect(got).to.deep.equal(['last']);
    expect(sc.transport.name).to.equal('websocket');
    expect(o.log).to.deep.equal(['open', 'close:forced close']);
  });

  it('upgrade: false stays on polling', async () => {
    await start();
    const conn = nextConnection();
    const { o } = open([POLL, WS], owner(), { upgrade: false });
    const sc = await conn;
    await o.until(() => o.log.includes('open'));
    sc.send('x');
    await o.until(() => o.messages.length == 1);
    expect(sc.transport.name).to.equal('polling');
  });

  it('falls back to polling when no WebSocket opens, and remembers it', async () => {
    await start({ transports: ['polling'] });
    const { o, opts } = open([WS, POLL]);
    await o.until(() => o.log.includes('open'));
    expect(opts.transports).to.deep.equal([POLL, WS]);
    expect(o.log).to.deep.equal(['open']);
  });

  it('falls back when there is no WebSocket constructor at all', async () => {
    await start();
    const { o } = open([WS, POLL], owner(), { WebSocket: undefined });
    const saved = globalThis.WebSocket;
    expect(saved).to.equal(undefined); // Node 20
    await o.until(() => o.log.includes('open'));
  });

  it('a transport name it does not know fails to open, and the next one is tried', async () => {
    await start();
    const { o, opts } = open(['nope' as never, POLL]);
    await o.until(() => o.log.length > 0);
    expect(o.log).to.deep.equal(['open']);
    expect(opts.transports[0]).to.equal(POLL);
    const alone = open(['nope' as never]);
    await alone.o.until(() => alone.o.log.length > 0);
    expect(alone.o.log).to.deep.equal(['close:transport error']);
  });

  it('reports a failed open when every transport fails', async () => {
    await start({ transports: ['polling'] });
    const { o } = open([WS]);
    await o.until(() => o.log.length > 0);
    expect(o.log).to.deep.equal(['close:transport error']);
  });

  it('batches polling writes within maxPayload', async () => {
    await start({ maxHttpBufferSize: 100, transports: ['polling'] });
    const conn = nextConnection();
    const { e, o } = open([POLL]);
    const sc = await conn;
    const got: string[] = [];
    sc.on('message', (d) => got.push(String(d)));
    await o.until(() => o.log.includes('open'));
    const msgs = Array.from({ length: 10 }, (_, i) => String(i).repeat(30));
    msgs.forEach((m) => e.send(m));
    await once(sc, 'message', { where: () => got.length == 10 });
    expect(got).to.deep.equal(msgs);
    expect(o.log.some((l) => l.startsWith('close'))).to.equal(false);
  });

  for (const [name, transport] of [['websocket', WS], ['polling', POLL]] as const)
    it(`sends Blobs in order among the other messages, within maxPayload (${name})`, async () => {
      // Two 40-byte Blobs are 57-character records each: over long-polling they cannot share one 100-byte POST.
      await start({ maxHttpBufferSize: 100, transports: [name] });
      const conn = nextConnection();
      const { e, o } = open([transport]);
      const sc = await conn;
      const got: unknown[] = [];
      const all = new Promise<void>((r) => sc.on('message', (d) => got.push(typeof d == 'string' ? d : [...d]) == 4 && r()));
      await o.until(() => o.log.includes('open'));
      e.send('a');
      e.send(new Blob([new Uint8Array(40).fill(1)]));
      e.send(new Blob([new Uint8Array(40).fill(2)]));
      e.send('b');
      await all;
      expect(got).to.deep.equal(['a', Array(40).fill(1), Array(40).fill(2), 'b']);
      expect(o.log.some((l) => l.startsWith('close'))).to.equal(false);
    });

  it('answers pings and reports them', async () => {
    await start({ pingInterval: 20, pingTimeout: 1000 });
    const { o } = open([WS]);
    await o.until(() => o.log.filter((l) => l == 'ping').length >= 2);
    expect(o.log[0]).to.equal('open');
  });

  it('reports the server closing the session', async () => {
    await start();
    const conn = nextConnection();
    const { o } = open([POLL]);
    (await conn).close();
    await o.until(() => o.log.some((l) => l.startsWith('close')));
    expect(o.log.at(-1)).to.equal('close:transport close');
  });

  it('closes with "ping timeout" when the server stops pinging', async () => {
    // A raw Engine.IO endpoint that does the handshake and then falls silent.
    http = createServer();
    const wss = new WebSocketServer({ server: http });
    wss.on('connection', (ws) =>
      ws.send('0' + JSON.stringify({ sid: 's', upgrades: [], pingInterval: 30, pingTimeout: 20, maxPayload: 1e6 })),
    );
    await listen(http);
    base = `http://127.0.0.1:${(http.address() as AddressInfo).port}/engine.io/?EIO=4`;
    server = new EngineServer();
    const { o } = open([WS]);
    await o.until(() => o.log.length == 2);
    expect(o.log).to.deep.equal(['open', 'close:ping timeout']);
    wss.close();
  });

  it('fails with "not an Engine.IO endpoint" on a handshake that is not one', async () => {
    http = createServer();
    const wss = new WebSocketServer({ server: http });
    wss.on('connection', (ws) => ws.send('0{not json'));
    await listen(http);
    base = `http://127.0.0.1:${(http.address() as AddressInfo).port}/engine.io/?EIO=4`;
    server = new EngineServer();
    const { o } = open([WS]);
    await o.until(() => o.log.length == 1);
    expect(o.log).to.deep.equal(['close:not an Engine.IO endpoint']);
    wss.close();
  });

  it('close() sends the close packet after queued messages, then reports "forced close" as engine.io-client does', async () => {
    await start();
    for (const list of [[WS], [POLL]]) {
      const conn = nextConnection();
      const { e, o } = open(list);
      const sc = await conn;
      await o.until(() => o.log.includes('open'));
      const got: string[] = [];
      sc.on('message', (d) => got.push(String(d)));
      const closed = once(sc, 'close');
      e.send('last');
      e.close();
      const [reason] = await closed;
      expect(reason).to.equal('transport close');
      expect(got).to.deep.equal(['last']);
      expect(o.log).to.deep.equal(['open', 'close:forced close']);
    }
  });
});
