import { expect } from 'chai';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { Socket as ClientSocket } from 'engine.io-client';
import { SockjetError } from '../../../src/shared/sockjet-error.js';
import { Engine, ENGINE_DEFAULTS } from '../../../src/server/engine/index.js';
import type { Connection, EngineOptions } from '../../../src/server/engine/index.js';
import { poll, pollingHandshake, RawWs, request, startEngine } from './engine-helpers.js';
import type { Harness } from './engine-helpers.js';
import { once } from '../../support/events.js';

describe('Engine options', () => {
  it('has Engine.IO defaults', () => {
    const engine = new Engine();
    expect(engine.options).to.include({ path: '/engine.io/', pingInterval: 25000, pingTimeout: 20000, upgradeTimeout: 10000, maxHttpBufferSize: 1e6, allowUpgrades: true, perMessageDeflate: false, httpCompression: true });
    expect(engine.options.transports).to.deep.equal(['polling', 'websocket']);
    expect(ENGINE_DEFAULTS.path).to.equal('/engine.io/');
    expect(Object.isFrozen(engine.options)).to.equal(true);
  });

  it('adds the trailing slash to the path', () => {
    expect(new Engine({ path: '/socket.io' }).options.path).to.equal('/socket.io/');
  });

  const bad: [string, unknown][] = [
    ['path', 'no-slash'],
    ['pingInterval', -1],
    ['pingInterval', '25000'],
    ['pingTimeout', Infinity],
    ['upgradeTimeout', 2 ** 40],
    ['maxHttpBufferSize', 0],
    ['maxHttpBufferSize', 1.5],
    ['transports', []],
    ['transports', ['carrier-pigeon']],
    ['allowUpgrades', 'yes'],
    ['allowRequest', 'fn'],
    ['cors', 'everyone'],
    ['cookie', { name: 'bad name;' }],
    ['httpCompression', { threshold: -1 }],
    ['perMessageDeflate', 1],
  ];
  for (const [name, value] of bad) {
    it(`refuses ${name}: ${JSON.stringify(value)}`, () => {
      let caught: unknown;
      try {
        new Engine({ [name]: value } as Partial<EngineOptions>);
      } catch (err) {
        caught = err;
      }
      expect(caught).to.be.instanceOf(SockjetError);
      expect((caught as { code: string }).code).to.equal('ERR_INVALID_OPTION');
      expect((caught as Error).message).to.contain(name);
    });
  }
});

describe('Engine attach, listen and close', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('leaves other paths to the server\'s own request listeners', async () => {
    const server = createServer((_req, res) => res.end('host'));
    h = await startEngine({}, undefined, server);
    expect((await request(h.port, '/other')).text).to.equal('host');
    expect((await request(h.port, '/engine.iox/?EIO=4&transport=polling')).text).to.equal('host');
    expect((await request(h.port, h.url('transport=polling'))).text[0]).to.equal('0');
    // The path without its trailing slash belongs to the engine too.
    expect((await request(h.port, '/engine.io?EIO=4&transport=polling')).text[0]).to.equal('0');
  });

  it('lets intercept answer requests under the path first', async () => {
    h = await startEngine({}, {
      intercept: (req, res) => {
        if (!req.url!.endsWith('/client.js')) return false;
        res.end('bundle');
        return true;
      },
    });
    expect((await request(h.port, '/engine.io/client.js')).text).to.equal('bundle');
    expect((await request(h.port, h.url('transport=polling'))).status).to.equal(200);
  });

  it('leaves other upgrade requests to the host server', async () => {
    const server = createServer();
    const other = new WebSocketServer({ noServer: true });
    server.on('upgrade', (req, socket, head) => {
      if (req.url === '/chat') other.handleUpgrade(req, socket, head, (ws) => ws.send('from host'));
    });
    h = await startEngine({}, undefined, server);
    const ws = new WebSocket(`ws://127.0.0.1:${h.port}/chat`);
    const [msg] = await once<[Buffer]>(ws, 'message');
    expect(msg.toString()).to.equal('from host');
    ws.close();
    await once(ws, 'close');
    const raw = await RawWs.open(h);
    expect((await raw.next()).toString()[0]).to.equal('0');
    raw.ws.close();
    await raw.closed;
    other.close();
  });

  it('destroys unknown upgrades when it is the only upgrade listener', async () => {
    h = await startEngine();
    const ws = new WebSocket(`ws://127.0.0.1:${h.port}/elsewhere`);
    ws.on('error', () => {});
    const [code] = await once<[number]>(ws, 'close');
    expect(code).to.equal(1006);
  });

  it('refuses a second attach', async () => {
    h = await startEngine();
    expect(() => h!.engine.attach(createServer())).to.throw(SockjetError).with.property('code', 'ERR_ALREADY_ATTACHED');
  });

  it('refuses the handshake when generateId gives an id already in use, with ERR_INVALID_ID in the context', async () => {
    h = await startEngine();
    const first = await pollingHandshake(h);
    h.engine.generateId = () => first.open.sid;
    const refused = once<[{ code: number; context: { name: string; error: SockjetError } }]>(h.engine, 'connection_error');
    expect((await request(h.port, h.url('transport=polling'))).status).to.equal(400);
    const [{ code, context }] = await refused;
    expect([code, context.name, context.error.code]).to.deep.equal([3, 'ID_GENERATION_ERROR', 'ERR_INVALID_ID']);
    expect(context.error.message).to.equal('generateId gave an id in use');
  });

  it('refuses to attach once closed', async () => {
    const engine = new Engine();
    await engine.close();
    expect(() => engine.attach(createServer())).to.throw(SockjetError, 'Engine is closed').with.property('code', 'ERR_ENGINE_CLOSED');
  });

  it('close() closes every connection with "server shutting down" and detaches', async () => {
    const server = createServer((_req, res) => res.end('host'));
    h = await startEngine({}, undefined, server);
    const polling = await pollingHandshake(h);
    const pending = poll(h, polling.open.sid);
    while (!polling.conn.writable) await new Promise((r) => setImmediate(r));
    const connected = once<[Connection]>(h.engine, 'connection');
    const raw = await RawWs.open(h);
    const [wsConn] = await connected;
    const reasons: string[] = [];
    polling.conn.on('close', (r) => reasons.push(r));
    wsConn.on('close', (r) => reasons.push(r));
    await h.engine.close();
    expect(reasons).to.deep.equal(['server shutting down', 'server shutting down']);
    expect(h.engine.clientsCount).to.equal(0);
    expect((await pending).text).to.equal('1');
    await raw.closed;
    // Detached: the host's own listener answers the engine's path now.
    expect((await request(h.port, h.url('transport=polling'))).text).to.equal('host');
    expect(server.listenerCount('upgrade')).to.equal(0);
  });

  it('leaves no timer or socket behind after close()', async () => {
    const count = (): Record<string, number> => {
      const out: Record<string, number> = {};
      for (const r of process.getActiveResourcesInfo()) out[r] = (out[r] ?? 0) + 1;
      return out;
    };
    // Mocha arms its own test timer after the first tick: take the baseline once it is there.
    await new Promise((r) => setImmediate(r));
    const baseline = count();
    const harness = await startEngine({ pingInterval: 1000, upgradeTimeout: 1000 });
    const polling = await pollingHandshake(harness);
    const pending = poll(harness, polling.open.sid);
    const raw = await RawWs.open(harness);
    // A probe in flight holds the upgrade timer.
    const probe = await RawWs.open(harness, `&sid=${polling.open.sid}`);
    const client = new ClientSocket(`http://127.0.0.1:${harness.port}`, { transports: ['polling', 'websocket'] });
    await once(client, 'open');
    expect(harness.engine.clientsCount).to.equal(3);
    const clientClosed = once(client, 'close');
    await harness.close();
    await Promise.all([pending, raw.closed, probe.closed, clientClosed]);
    const settled = (): boolean => {
      const now = count();
      return Object.keys(now).every((k) => (now[k] ?? 0) <= (baseline[k] ?? 0));
    };
    // Sockets are released a few ticks after their 'close' events; wait for that, never for a fixed time.
    while (!settled()) await new Promise((r) => setImmediate(r));
    expect(settled()).to.equal(true);
  });

  it('closes when the http server closes', async () => {
    h = await startEngine();
    const { conn } = await pollingHandshake(h);
    const closed = once<[string]>(conn, 'close');
    h.server.close();
    h.server.closeAllConnections();
    expect((await closed)[0]).to.equal('server shutting down');
  });

  it('listen() runs its own server, answers 501 elsewhere, and close() closes it', async () => {
    const engine = await new Promise<Engine>((resolve) => {
      const e = Engine.listen(0, { pingInterval: 1000 }, () => resolve(e));
    });
    const port = (engine.httpServer!.address() as AddressInfo).port;
    expect((await request(port, '/')).status).to.equal(501);
    const client = new ClientSocket(`http://127.0.0.1:${port}`, { transports: ['websocket'] });
    const [conn] = await once<[Connection]>(engine, 'connection');
    const closed = once<[string]>(client, 'close');
    await engine.close();
    expect(conn.readyState).to.equal('closed');
    expect((await closed)[0]).to.equal('transport close');
    expect(engine.httpServer!.listening).to.equal(false);
  });
});
