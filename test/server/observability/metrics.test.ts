import { expect } from 'chai';
import { request } from 'node:http';
import parsePrometheusTextFormat, { type PrometheusFamily } from 'parse-prometheus-text-format';
import { io as ioClient, type Socket as ClientSocket } from 'socket.io-client';
import { WebSocket } from 'ws';
import { Server } from '../../../src/server/server.js';
import type { ServerOptions } from '../../../src/server/server-options.js';
import type { Socket } from '../../../src/server/socket.js';
import { once } from '../../support/events.js';
import { serve, type Served } from '../../support/net.js';

type TestServer = Served<Server>;

const clients = new Set<ClientSocket>();
const servers = new Set<TestServer>();

async function startServer(opts: Partial<ServerOptions> = {}): Promise<TestServer> {
  const t = await serve((http) => new Server(http, opts));
  servers.add(t);
  return t;
}

function client(t: TestServer, opts: Parameters<typeof ioClient>[1] = {}): ClientSocket {
  const socket = ioClient(t.url, { forceNew: true, reconnection: false, ...opts });
  clients.add(socket);
  return socket;
}

function get(t: TestServer, path: string, headers: Record<string, string> = {}): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: t.port, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, type: String(res.headers['content-type']), body }));
    });
    req.on('error', reject).end();
  });
}

/** One sample's value by family name and labels, from the parsed exposition. */
function sample(families: PrometheusFamily[], name: string, labels: Record<string, string> = {}): number | undefined {
  const family = families.find((f) => f.name === name);
  const found = family?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
  return found ? Number(found.value) : undefined;
}

/** A polling client that upgrades, joins `room`, and exchanges one event with an ack. */
async function busyClient(t: TestServer): Promise<{ socket: ClientSocket; server: Socket }> {
  const joined = new Promise<Socket>((resolve) =>
    t.io.once('connection', (s: Socket) => {
      void s.join('lobby');
      s.on('ping?', (n: number, ack: (m: number) => void) => ack(n + 1));
      resolve(s);
    }),
  );
  const socket = client(t, { transports: ['polling', 'websocket'] });
  await once(socket, 'connect');
  if (socket.io.engine.transport.name !== 'websocket') await once(socket.io.engine, 'upgrade');
  expect(await socket.emitWithAck('ping?', 1)).to.equal(2);
  return { socket, server: await joined };
}

describe('Metrics', () => {
  afterEach(async () => {
    for (const c of clients) c.disconnect();
    clients.clear();
    await Promise.all([...servers].map((t) => t.io.close()));
    servers.clear();
  });

  it('io.metrics() counts connections by transport, sockets, rooms, traffic, handshakes, upgrades and disconnects', async () => {
    const t = await startServer();
    const before = t.io.metrics();
    expect(before.connections).to.deep.equal({ total: 0, polling: 0, websocket: 0 });
    const { server } = await busyClient(t);
    const m = t.io.metrics();
    expect(m.connections).to.deep.equal({ total: 1, polling: 0, websocket: 1 });
    expect(m.namespaces).to.deep.equal([{ name: '/', sockets: 1, rooms: 1 }]);
    expect([m.sockets, m.rooms, m.handshakes, m.upgrades]).to.deep.equal([1, 1, 1, 1]);
    // open, CONNECT answer, ack, the probe's pong excluded: at least three out; CONNECT and the event in.
    expect(m.packets.out).to.be.at.least(3);
    expect(m.packets.in).to.be.at.least(2);
    expect(m.bytes.in).to.be.greaterThan(m.packets.in);
    expect(m.bytes.out).to.be.greaterThan(m.packets.out);
    expect(m.sendQueue).to.deep.equal({ packets: 0, bytes: 0 });
    const gone = once(server, 'disconnect');
    server.disconnect(true);
    await gone;
    const after = t.io.metrics();
    expect(after.disconnects).to.deep.equal({ 'server namespace disconnect': 1 });
    expect(after.closes).to.deep.equal({ 'forced close': 1 });
    expect([after.sockets, after.rooms, after.connections.total]).to.deep.equal([0, 0, 0]);
  });

  it('counts refused input by kind: handshake errors, undecodable packets, unknown namespaces, middleware refusals', async () => {
    const t = await startServer();
    expect((await get(t, '/socket.io/?EIO=3&transport=polling')).status).to.equal(400);
    t.io.of('/guarded').use((_s, next) => next(new Error('no')));
    for (const nsp of ['/guarded', '/nowhere']) {
      const socket = ioClient(`${t.url}${nsp}`, { forceNew: true, reconnection: false, transports: ['websocket'] });
      clients.add(socket);
      await once(socket, 'connect_error');
    }
    // A raw WebSocket sending a Socket.IO packet that does not decode.
    const ws = new WebSocket(`ws://127.0.0.1:${t.port}/socket.io/?EIO=4&transport=websocket`);
    const closed = once(ws, 'close');
    await once(ws, 'message');
    ws.send('42["unterminated');
    await closed;
    const m = t.io.metrics();
    expect(m.refused).to.deep.include({ unsupported_protocol_version: 1, middleware: 1, invalid_namespace: 1, ERR_INVALID_JSON: 1 });
  });

  it('serves GET <path>metrics in the Prometheus text format when `metrics: true`', async () => {
    const t = await startServer({ metrics: true });
    t.io.of('/odd "name"\\');
    await busyClient(t);
    const res = await get(t, '/socket.io/metrics');
    expect(res.status).to.equal(200);
    expect(res.type).to.equal('text/plain; version=0.0.4; charset=utf-8');
    const families = parsePrometheusTextFormat(res.body);
    expect(sample(families, 'sockjet_connections', { transport: 'websocket' })).to.equal(1);
    expect(sample(families, 'sockjet_connections', { transport: 'polling' })).to.equal(0);
    expect(sample(families, 'sockjet_namespaces')).to.equal(2);
    expect(sample(families, 'sockjet_sockets', { namespace: '/' })).to.equal(1);
    expect(sample(families, 'sockjet_sockets', { namespace: '/odd "name"\\' })).to.equal(0);
    expect(sample(families, 'sockjet_rooms', { namespace: '/' })).to.equal(1);
    expect(sample(families, 'sockjet_handshakes_total')).to.equal(1);
    expect(sample(families, 'sockjet_upgrades_total')).to.equal(1);
    expect(sample(families, 'sockjet_packets_received_total')).to.be.greaterThan(0);
    expect(sample(families, 'sockjet_bytes_sent_total')).to.be.greaterThan(0);
    expect(sample(families, 'sockjet_heartbeat_failures_total')).to.equal(0);
    expect(sample(families, 'sockjet_send_queue_bytes')).to.equal(0);
    expect(families.find((f) => f.name === 'sockjet_packets_received_total')?.type).to.equal('COUNTER');
    expect(families.find((f) => f.name === 'sockjet_connections')?.type).to.equal('GAUGE');
    // A refusal shows up under its kind.
    await get(t, '/socket.io/?EIO=4&transport=carrier-pigeon');
    const again = parsePrometheusTextFormat((await get(t, '/socket.io/metrics')).body);
    expect(sample(again, 'sockjet_refused_total', { kind: 'unknown_transport' })).to.equal(1);
  });

  it('does not serve metrics or the dashboard unless asked', async () => {
    const t = await startServer();
    expect((await get(t, '/socket.io/metrics')).status).to.equal(400);
    expect((await get(t, '/socket.io/dashboard')).status).to.equal(400);
  });

  it('asks `auth(req)` first: 403 unless it says true (sync, async, throwing)', async () => {
    const t = await startServer({
      metrics: { auth: (req) => req.headers.authorization === 'Bearer s3cret' },
      dashboard: {
        auth: async (req) => {
          if (req.headers['x-boom']) throw new Error('boom');
          return req.headers.authorization === 'Bearer s3cret';
        },
      },
    });
    expect((await get(t, '/socket.io/metrics')).status).to.equal(403);
    expect((await get(t, '/socket.io/metrics', { authorization: 'Bearer s3cret' })).status).to.equal(200);
    expect((await get(t, '/socket.io/dashboard')).status).to.equal(403);
    expect((await get(t, '/socket.io/dashboard', { authorization: 'Bearer s3cret', 'x-boom': '1' })).status).to.equal(403);
    const page = await get(t, '/socket.io/dashboard', { authorization: 'Bearer s3cret' });
    expect([page.status, page.type]).to.deep.equal([200, 'text/html; charset=utf-8']);
    const data = await get(t, '/socket.io/dashboard/data', { authorization: 'Bearer s3cret' });
    expect(Object.keys(JSON.parse(data.body))).to.deep.equal(['metrics', 'rooms', 'consumers']);
  });

  for (const [name, value] of [
    ['metrics', 'yes'],
    ['metrics', { auth: 'token' }],
    ['dashboard', 1],
    ['dashboard', null],
  ] as const) {
    it(`refuses ${name}: ${JSON.stringify(value)} with ERR_INVALID_OPTION`, () => {
      expect(() => new Server({ [name]: value })).to.throw(new RegExp(name)).with.property('code', 'ERR_INVALID_OPTION');
    });
  }
});
