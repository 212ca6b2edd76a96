import { expect } from 'chai';
import { Socket as EngineIoClientSocket } from 'engine.io-client';
import { createServer, type Server as HttpServer } from 'node:http';
import { SockjetError, WebSocket, type WebSocketOptions } from '../../src/client/websocket.js';
import { Engine, type Connection } from '../../src/server/engine/index.js';
import { record } from './helpers.js';
import { once } from '../support/events.js';
import { closeHttp, listen, NodeWebSocket } from '../support/net.js';

describe('sockjet WebSocket in Node (with `ws` as the WebSocket option)', () => {
  let http: HttpServer;
  let engine: Engine;
  let url: string;
  const sockets: WebSocket[] = [];

  async function start(opts: ConstructorParameters<typeof Engine>[0] = {}, port = 0) {
    http = createServer();
    engine = new Engine(opts).attach(http);
    url = `ws://127.0.0.1:${await listen(http, port)}/`;
    engine.on('connection', (conn) =>
      conn.on('message', (d) => {
        const text = typeof d == 'string' ? d : '';
        if (text.startsWith('close:')) conn.close(Number(text.split(':')[1]), text.split(':')[2]);
        else conn.send(d);
      }),
    );
  }

  async function stop() {
    await engine.close();
    await closeHttp(http);
  }

  const open = (opts: Partial<WebSocketOptions> = {}, u: ConstructorParameters<typeof WebSocket>[0] = url) => {
    const ws = new WebSocket(u, undefined, { WebSocket: NodeWebSocket, reconnectionDelay: 10, reconnectionDelayMax: 20, ...opts });
    sockets.push(ws);
    return ws;
  };
  const nextConnection = () => once<[Connection]>(engine, 'connection').then(([conn]) => conn);

  afterEach(async () => {
    sockets.splice(0).forEach((ws) => ws.close());
    if (http.listening) await stop();
  });

  for (const transports of [['websocket'], ['polling']] as const) {
    it(`echoes text and binary, and reports a server's close code (${transports[0]})`, async () => {
      await start();
      const ws = open({ transports: [...transports] });
      ws.binaryType = 'arraybuffer';
      const r = record(ws);
      await r.until('open');
      expect(engine.clientsCount).to.equal(1);
      expect([...engine.clients.values()][0]!.transport.name).to.equal(transports[0]);
      ws.send('héllo');
      ws.send(new Uint16Array([1, 258]));
      await r.until('message', 2);
      ws.send('close:4321:go away');
      await r.until('close');
      expect(ws.readyState).to.equal(WebSocket.CLOSED);
      expect(await r.entries()).to.deep.equal([
        { type: 'open', readyState: 1 },
        { type: 'message', readyState: 1, detail: ['string', 'héllo'] },
        { type: 'message', readyState: 1, detail: ['ArrayBuffer', [1, 0, 2, 1]] },
        { type: 'close', readyState: 3, detail: [4321, 'go away', true] },
      ]);
    });
  }

  it('falls back to long-polling when the server refuses WebSocket', async () => {
    await start({ transports: ['polling'] });
    const ws = open();
    const r = record(ws);
    await r.until('open');
    expect([...engine.clients.values()][0]!.transport.name).to.equal('polling');
    ws.send('still here');
    await r.until('message');
    expect((await r.entries())[1]!.detail).to.deep.equal(['string', 'still here']);
  });

  it('opens by long-polling and upgrades to WebSocket, messages flowing throughout', async () => {
    await start();
    const conn = nextConnection();
    const ws = open({ transports: ['polling', 'websocket'] });
    const r = record(ws);
    const c = await conn;
    const upgraded = once(c, 'upgrade');
    await r.until('open');
    ws.send('before');
    await upgraded;
    ws.send('after');
    await r.until('message', 2);
    expect(c.transport.name).to.equal('websocket');
    expect((await r.entries()).slice(1).map((e) => e.detail)).to.deep.equal([
      ['string', 'before'],
      ['string', 'after'],
    ]);
  });

  it('a url function that throws or gives a bad URL fails that attempt (error, close) and the next one is tried', async () => {
    await start();
    const answers: (() => string)[] = [
      () => {
        throw new Error('no token yet');
      },
      () => 'ftp://nope/',
      () => url,
    ];
    const ws = open({}, () => answers.shift()!());
    const r = record(ws);
    await r.until('open');
    expect(r.types).to.deep.equal(['error', 'close', 'error', 'close', 'open']);
    expect(ws.url).to.equal(url);
  });

  it('gives a Blob by default where Blob exists, and a CloseEvent-like event where CloseEvent does not', async () => {
    await start();
    const ws = open();
    expect(ws.binaryType).to.equal('blob');
    const r = record(ws);
    const closed = new Promise<CloseEvent>((resolve) => (ws.onclose = resolve));
    await r.until('open');
    ws.send(new Uint8Array([7]));
    await r.until('message');
    ws.close(3000, 'done');
    const e = await closed;
    expect(e).to.be.instanceOf(Event);
    expect([e.type, e.code, e.reason, e.wasClean]).to.deep.equal(['close', 3000, 'done', true]);
    expect((await r.entries())[1]!.detail).to.deep.equal(['Blob', '', [7]]);
  });

  it('reconnects after the server shuts down and comes back, calling the url function each time', async () => {
    await start();
    const port = Number(new URL(url).port);
    let n = 0;
    const ws = open({}, () => `${url}?token=t${++n}`);
    const r = record(ws);
    const tokens: string[] = [];
    const track = () => engine.on('connection', (c) => tokens.push(new URL(c.request.url!, 'http://x').searchParams.get('token')!));
    track();
    await r.until('open');
    await stop();
    await r.until('close');
    expect(ws.readyState).to.equal(WebSocket.CONNECTING);
    await r.until('error');
    await start({}, port);
    track();
    await r.until('open', 2);
    expect(ws.url).to.match(/\?token=t\d+$/);
    expect(tokens[0]).to.equal('t1');
    expect(tokens[1]).to.equal(`t${n}`);
    expect(n).to.be.greaterThan(2);
    // Each failed attempt fires error then close (1006), as a native WebSocket that fails to connect does.
    expect(r.types.join(' ')).to.match(/^open close( error close)+ open$/);
  });

  it('gives up after reconnectionAttempts with a final close', async () => {
    await start();
    const ws = open({ reconnectionAttempts: 2 });
    const r = record(ws);
    await r.until('open');
    await stop();
    await r.until('close', 3);
    expect(r.types).to.deep.equal(['open', 'close', 'error', 'close', 'error', 'close']);
    const entries = await r.entries();
    expect(entries[1]!.readyState).to.equal(WebSocket.CONNECTING);
    expect(entries[3]).to.deep.equal({ type: 'close', readyState: 0, detail: [1006, '', false] });
    expect(entries[5]).to.deep.equal({ type: 'close', readyState: 3, detail: [1006, '', false] });
  });

  it('buffers while reconnecting, in order, and reports overflow with an error event', async () => {
    await start();
    const ws = open({ maxBufferedMessages: 2 });
    const r = record(ws);
    await r.until('open');
    const conn = [...engine.clients.values()][0]!;
    const back = nextConnection();
    conn.close();
    await r.until('close');
    const overflow = once<[Event & { error?: { code?: string } }]>(ws, 'error').then(([e]) => e);
    ws.send('one');
    ws.send(new Uint8Array([2]));
    expect(ws.bufferedAmount).to.equal(4);
    ws.send('three');
    expect((await overflow).error?.code).to.equal('ERR_BUFFER_FULL');
    await back;
    await r.until('message', 2);
    const entries = await r.entries();
    expect(entries.slice(-2).map((e) => e.detail)).to.deep.equal([
      ['string', 'one'],
      ['Blob', '', [2]],
    ]);
    expect(ws.bufferedAmount).to.equal(0);
  });

  it("a server's close with an application code is final; reconnect() starts again", async () => {
    await start();
    const ws = open();
    const r = record(ws);
    await r.until('open');
    ws.send('close:1000:bye');
    await r.until('close');
    expect(ws.readyState).to.equal(WebSocket.CLOSED);
    ws.reconnect();
    expect(ws.readyState).to.equal(WebSocket.CONNECTING);
    await r.until('open', 2);
    ws.reconnect(4000, 'again');
    await r.until('open', 3);
    expect((await r.entries()).map((e) => [e.type, e.readyState, e.detail])).to.deep.equal([
      ['open', 1, undefined],
      ['close', 3, [1000, 'bye', true]],
      ['open', 1, undefined],
      ['close', 0, [4000, 'again', true]],
      ['open', 1, undefined],
    ]);
  });

  it("the server's close code travels in the close packet, which engine.io-client ignores", async () => {
    await start();
    for (const transport of ['websocket', 'polling']) {
      const conn = nextConnection();
      const client = new EngineIoClientSocket(url.replace('ws', 'http'), { transports: [transport] });
      (await conn).close(4000, 'bye');
      const [reason] = await once(client, 'close');
      expect(reason).to.equal('transport close');
    }
  });

  it("the server's close() refuses codes and reasons the protocol forbids", async () => {
    await start();
    const conn = nextConnection();
    const ws = open();
    const c = await conn;
    for (const code of [999, 1001, 2999, 5000])
      expect(() => c.close(code)).to.throw(SockjetError).with.property('code', 'ERR_INVALID_CLOSE_CODE');
    expect(() => c.close(1000, 'é'.repeat(62))).to.throw(SockjetError).with.property('code', 'ERR_INVALID_CLOSE_REASON');
    ws.close();
  });
});
