import { expect } from 'chai';
import type { RawWs } from './engine/engine-helpers.js';
import { eachServer, RawPolling, rawWebSocket, startServer, type ParityEnv } from './parity-helpers.js';
import { once } from '../support/events.js';
import type { Socket } from '../../src/server/socket.js';

const isClose = (p: string): boolean => p === '1';

/** A polling session joined to `/`. */
async function joined(env: ParityEnv): Promise<RawPolling> {
  const session = await RawPolling.handshake(env);
  await session.post('40');
  await session.pollUntil((p) => p.startsWith('40{'));
  return session;
}

eachServer('Wire parity: raw packets', (kind) => {
  let env: ParityEnv;
  const raws: RawWs[] = [];

  beforeEach(async () => {
    env = await startServer(kind, { pingInterval: 10_000, pingTimeout: 5_000 });
  });

  afterEach(async () => {
    for (const raw of raws.splice(0)) raw.ws.terminate();
    await env.close();
  });

  it('a second WebSocket on a session that already upgraded is accepted, then closed; the session carries on', async () => {
    const session = await joined(env);
    const ws = await rawWebSocket(env, session.sid, raws);
    ws.ws.send('2probe');
    expect(await ws.next()).to.equal('3probe');
    const pending = session.poll();
    ws.ws.send('5');
    await pending;
    const second = await rawWebSocket(env, session.sid, raws);
    await second.closed;
    const [socket] = [...env.io.sockets.sockets.values()];
    socket!.emit('still', 'here');
    expect(await ws.next()).to.equal('42["still","here"]');
  });

  it('answers a first `40/random` (namespace ending the packet) with Invalid namespace', async () => {
    const session = await RawPolling.handshake(env);
    await session.post('40/random');
    expect((await session.poll()).packets).to.deep.equal(['44/random,{"message":"Invalid namespace"}']);
  });

  it('reads `40/custom{"token":1}` as the namespace `/custom{"token":1}`', async () => {
    env.io.of('/custom');
    const session = await RawPolling.handshake(env);
    await session.post('40/custom{"token":1}');
    expect((await session.poll()).packets).to.deep.equal(['44/custom{"token":1},{"message":"Invalid namespace"}']);
  });

  it('`40`, `40/custom`, `41/custom`, then an EVENT on `/` is answered', async () => {
    env.io.of('/custom');
    env.io.on('connection', (socket) => socket.on('ping', () => socket.emit('pong')));
    const left = once<[Socket, string]>(env.io.of('/custom'), 'connection').then(([s]) => once<[string]>(s, 'disconnect'));
    const session = await joined(env);
    await session.post('40/custom');
    await session.pollUntil((p) => p.startsWith('40/custom,{'));
    await session.post('41/custom');
    expect((await left)[0]).to.equal('client namespace disconnect');
    await session.post('42["ping"]');
    expect(await session.pollUntil((p) => p.startsWith('42'))).to.include('42["pong"]');
  });

  for (const [label, packet] of [
    ['a second CONNECT to a joined namespace', '40'],
    ['an EVENT for a namespace never joined', '42/other,["x"]'],
    ['a CONNECT_ERROR from the client', '44{"message":"x"}'],
    ['an undecodable packet', '4abc'],
  ] as const) {
    it(`${label} closes the session: the next poll gets the close packet`, async () => {
      const gone = once<[Socket]>(env.io, 'connection').then(([s]) => once<[string]>(s, 'disconnect'));
      const session = await joined(env);
      await session.post(packet);
      const seen = await session.pollUntil(isClose);
      expect(seen).to.include('1');
      await gone;
      expect((await session.poll()).status).to.equal(400);
    });
  }

  it('does not deliver an event that follows a DISCONNECT in the same payload', async () => {
    const events: string[] = [];
    env.io.on('connection', (socket) => socket.on('x', () => events.push(socket.id)));
    const session = await joined(env);
    await session.post('41', '42["x"]');
    // The connection carries on: a new CONNECT is answered, and the event was never delivered.
    await session.post('40');
    await session.pollUntil((p) => p.startsWith('40{'));
    expect(events).to.deep.equal([]);
  });
});

eachServer('Wire parity: disconnect(true) with socket.io-client', (kind) => {
  let env: ParityEnv;

  beforeEach(async () => {
    env = await startServer(kind, { pingInterval: 10_000, pingTimeout: 5_000 });
    env.io.of('/other');
  });

  afterEach(() => env.close());

  /** A client on `/` and `/other` over one connection; resolves with the reason each namespace reports. */
  async function twoNamespaces(transports: ('polling' | 'websocket')[]): Promise<{ main: Socket; reasons: Promise<string[]> }> {
    const serverSide = once<[Socket]>(env.io, 'connection');
    const a = env.client('/', { transports });
    const b = a.io.socket('/other');
    b.connect();
    await Promise.all([once(a, 'connect'), once(b, 'connect')]);
    const reasons = Promise.all([once<[string]>(a, 'disconnect'), once<[string]>(b, 'disconnect')]).then((r) => r.map(([x]) => x));
    return { main: (await serverSide)[0], reasons };
  }

  it('socket.disconnect(true) over long-polling: every namespace sees io server disconnect', async () => {
    const { main, reasons } = await twoNamespaces(['polling']);
    main.disconnect(true);
    expect(await reasons).to.deep.equal(['io server disconnect', 'io server disconnect']);
  });

  it('io.disconnectSockets(true) over long-polling: io server disconnect', async () => {
    const { reasons } = await twoNamespaces(['polling']);
    env.io.disconnectSockets(true);
    const [main] = await reasons;
    expect(main).to.equal('io server disconnect');
  });

  it('socket.disconnect(true) while the connection upgrades: io server disconnect', async () => {
    const serverSide = once<[Socket]>(env.io, 'connection');
    const client = env.client('/', { transports: ['polling', 'websocket'] });
    const [socket] = await serverSide;
    socket.conn.once('upgrading', () => socket.disconnect(true));
    expect((await once<[string]>(client, 'disconnect'))[0]).to.equal('io server disconnect');
  });
});
