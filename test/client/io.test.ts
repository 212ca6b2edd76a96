import { expect } from 'chai';
import { io, Manager, type Socket } from '../../src/client/index.js';
import { parseUrl } from '../../src/client/manager.js';
import { withFakeClock } from '../support/fake-clock.js';
import { cleanup, connect, startServer } from './helpers.js';
import { once } from '../support/events.js';
import { listen, NodeWebSocket } from '../support/net.js';

describe('io() and Manager', () => {
  const sockets: Socket[] = [];
  afterEach(async () => {
    sockets.splice(0).forEach((s) => s.io.close());
    await cleanup();
  });

  it('shares one Manager per server across namespaces, unless forceNew / multiplex: false / taken', async () => {
    const srv = await startServer();
    for (const n of ['/admin', '/x', '/y']) srv.io.of(n);
    const opts = { WebSocket: NodeWebSocket };
    const a = io(srv.url, opts);
    const b = io(srv.url + '/admin', opts);
    const c = io(srv.url, opts); // '/' is taken on the shared Manager: a new one
    const d = io(srv.url + '/x', { ...opts, forceNew: true });
    const e = io(srv.url + '/y', { ...opts, multiplex: false });
    sockets.push(a, b, c, d, e);
    expect(b.io).to.equal(a.io);
    expect(b.nsp).to.equal('/admin');
    expect(c.io).to.not.equal(a.io);
    expect(d.io).to.not.equal(a.io);
    expect(e.io).to.not.equal(a.io);
    await Promise.all(sockets.map((s) => once(s, 'connect')));
    expect(srv.io.engine.clientsCount).to.equal(4);
  });

  it('passes the url query and the query option to the server', async () => {
    const srv = await startServer();
    const got = new Promise((r) => srv.io.on('connection', (s) => r(s.handshake.query)));
    connect(srv.url + '/?room=1&x=y');
    const q = (await got) as Record<string, string>;
    expect(q.room).to.equal('1');
    expect(q.x).to.equal('y');
    const got2 = new Promise((r) => srv.io.on('connection', (s) => r(s.handshake.query)));
    connect(srv.url, { query: { token: 'abc' } });
    expect(((await got2) as Record<string, string>).token).to.equal('abc');
  });

  it('honours a custom path and autoConnect: false', async () => {
    const srv = await startServer({ path: '/rt' });
    const m = new Manager(srv.url, { path: '/rt', autoConnect: false, WebSocket: NodeWebSocket });
    const s = m.socket('/');
    expect(m.engine).to.equal(undefined);
    s.connect();
    await once(s, 'connect');
    let opened = 0;
    m.on('open', () => opened++);
    s.disconnect();
    expect(m.engine).to.equal(undefined); // the last namespace left: the connection closed
    expect(opened).to.equal(0);
  });

  it('emits Manager events: open, ping, close, error', async () => {
    const srv = await startServer({ pingInterval: 20 });
    const m = new Manager(srv.url, { WebSocket: NodeWebSocket, reconnection: false });
    const s = m.socket('/');
    await Promise.all([once(m, 'open'), once(m, 'ping'), once(s, 'connect')]);
    const closed = once(m, 'close');
    await srv.close();
    expect(await closed).to.deep.equal(['transport close']);
    const m2 = new Manager(srv.url, { WebSocket: NodeWebSocket, reconnection: false });
    const [err] = (await once(m2, 'error')) as [Error];
    expect(err).to.be.an('error');
    m2.close();
  });

  it('times out a connect that never completes', async () => {
    const { createServer } = await import('node:http');
    // Accepts requests and never answers them.
    const http = createServer(() => {});
    await listen(http);
    const port = (http.address() as { port: number }).port;
    const m = new Manager(`http://127.0.0.1:${port}`, { transports: ['polling'], timeout: 30, reconnection: false });
    const [err] = (await once(m, 'error')) as [Error];
    expect(err.message).to.equal('timeout');
    m.close();
    http.closeAllConnections();
    await new Promise((r) => http.close(r));
  });

  it('fails an attempt whose every transport throws as it opens, and leaves no connect timer behind', () =>
    withFakeClock(async (tick, pending) => {
      // 0 is no constructor: the only transport cannot even start.
      const opts = { transports: ['websocket' as const], WebSocket: 0 as never, timeout: 100, reconnection: false, autoConnect: false };
      const m = new Manager('http://127.0.0.1:9', opts);
      const events: string[] = [];
      m.on('error', (err) => events.push('error:' + err.message));
      m.on('close', (reason) => events.push('close:' + reason));
      const failed = once(m, 'error');
      m.open();
      await failed;
      expect(pending()).to.equal(0);
      tick(100);
      expect(events).to.deep.equal(['error:transport error']);
    }));
});

describe('parseUrl', () => {
  it('resolves like socket.io-client, against the page when there is one', () => {
    const g = globalThis as { location?: unknown };
    g.location = { href: 'https://example.com/chat/index.html' };
    try {
      const cases: [string | undefined, string][] = [
        [undefined, 'https://example.com/'],
        ['/admin', 'https://example.com/admin'],
        ['//other:8080/x', 'https://other:8080/x'],
        ['localhost:3000', 'https://localhost:3000/'],
        ['http://a:1/ns?q=1', 'http://a:1/ns?q=1'],
        ['wss://c', 'wss://c/'],
      ];
      for (const [input, href] of cases) expect(parseUrl(input).href, String(input)).to.equal(href);
    } finally {
      delete g.location;
    }
  });
});

describe('the Node entry (src/client/node.ts)', () => {
  afterEach(cleanup);

  it('finds the ws package when the runtime has no WebSocket', async () => {
    const node = await import('../../src/client/node.js');
    const srv = await startServer({ transports: ['websocket'] });
    const s = node.io(srv.url, { forceNew: true, transports: ['websocket'] });
    await once(s, 'connect');
    s.io.close();
  });
});

void connect;
