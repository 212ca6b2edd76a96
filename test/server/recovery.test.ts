import { expect } from 'chai';
import { Socket as EngineClient } from 'engine.io-client';
import { io as ioClient } from 'socket.io-client';
import { MemoryAdapter } from '../../src/server/adapter/memory-adapter.js';
import type { ServerOptions } from '../../src/server/server-options.js';
import { MAX_HELD_PACKETS } from '../../src/server/state-recovery.js';
import type { DisconnectReason, Socket } from '../../src/server/socket.js';
import { cleanup as closeSockjetClients, connect as sockjetClient } from '../client/helpers.js';
import { InteropEnv } from './interop-helpers.js';
import { eventually, once } from '../support/events.js';

type Transports = ('websocket' | 'polling')[];

/** What the tests need of either client. */
interface TestClient {
  readonly id: string | undefined;
  readonly recovered: boolean;
  on(event: string, fn: (...args: unknown[]) => void): unknown;
  once(event: string, fn: (...args: unknown[]) => void): unknown;
  off(event: string, fn: (...args: unknown[]) => void): unknown;
  emit(event: string, ...args: unknown[]): unknown;
  emitWithAck(event: string, ...args: unknown[]): Promise<unknown>;
  connect(): unknown;
  disconnect(): unknown;
}

const CLIENTS: { name: string; make: (url: string, transports: Transports, auth?: Record<string, unknown>) => TestClient }[] = [
  {
    name: 'socket.io-client',
    make: (url, transports, auth) =>
      ioClient(url, {
        forceNew: true,
        transports,
        reconnectionDelay: 10,
        reconnectionDelayMax: 20,
        ...(auth && { auth }),
      }) as unknown as TestClient,
  },
  {
    name: 'sockjet client',
    make: (url, transports, auth) => sockjetClient(url, { transports, ...(auth && { auth }) }) as unknown as TestClient,
  },
];

const TRANSPORTS: Transports[] = [['websocket'], ['polling']];

describe('Connection state recovery', () => {
  let env: InteropEnv;
  const clients: TestClient[] = [];

  async function start(options: Partial<ServerOptions>): Promise<InteropEnv> {
    env = await InteropEnv.start({ name: '', transports: ['websocket'], upgrade: false }, options);
    env.io.on('connection', (socket) => {
      socket.on('join', (room: string, done: () => void) => {
        void socket.join(room);
        done();
      });
      socket.on('sync', (done: (v: string) => void) => done('sync'));
    });
    return env;
  }

  afterEach(async () => {
    for (const c of clients.splice(0)) c.disconnect();
    await closeSockjetClients();
    await env?.close();
  });

  /** The first argument of every `tick` the client receives, and the full argument lists. */
  function record(c: TestClient): { ticks: unknown[]; args: unknown[][] } {
    const seen = { ticks: [] as unknown[], args: [] as unknown[][] };
    c.on('tick', (...args) => {
      seen.ticks.push(args[0]);
      seen.args.push(args);
    });
    return seen;
  }

  async function connected(make: (typeof CLIENTS)[number]['make'], transports: Transports, auth?: Record<string, unknown>) {
    const c = make(env.url, transports, auth);
    clients.push(c);
    await once(c, 'connect');
    const server = env.io.of('/').sockets.get(c.id!)!;
    return { c, server };
  }

  /** A client in room r1 that got one event, so it has an offset to present; the ticks it gets are recorded. */
  async function inRoomWithOffset(make: (typeof CLIENTS)[number]['make']) {
    const { c, server } = await connected(make, ['websocket']);
    const seen = record(c);
    await c.emitWithAck('join', 'r1');
    env.io.emit('tick', 0);
    await once(c, 'tick');
    return { c, server, seen };
  }

  /** Cuts the connection under the socket and resolves with the server-side reason once it is gone. */
  async function cut(server: Socket): Promise<DisconnectReason> {
    const gone = once<[DisconnectReason]>(server, 'disconnect');
    server.conn.close();
    return (await gone)[0];
  }

  for (const client of CLIENTS) {
    for (const transports of TRANSPORTS) {
      describe(`${client.name} over ${transports[0]}`, () => {
        it('gets back its id, rooms and data, and the events it missed, in order and exactly once', async () => {
          await start({ connectionStateRecovery: {} });
          const { c, server } = await connected(client.make, transports);
          const seen = record(c);
          expect(c.recovered).to.equal(false);
          expect(server.recovered).to.equal(false);
          await c.emitWithAck('join', 'r1');
          server.data.name = 'ada';
          const id = c.id;
          env.io.emit('tick', 0); // gives the client an offset to present
          await once(c, 'tick');

          expect(await cut(server)).to.equal('forced close');
          const back = once(c, 'connect');
          server.emit('tick', 1); // a direct emit on the old socket object is logged for its id
          env.io.to('r1').emit('tick', 2);
          env.io.to('elsewhere').emit('tick', 'not for it');
          env.io.except('r1').emit('tick', 'not for it either');
          env.io.volatile.emit('tick', 'volatile: lost');
          env.io.emit('tick', 3);
          await back;

          expect(c.recovered).to.equal(true);
          expect(c.id).to.equal(id);
          const restored = env.io.of('/').sockets.get(id!)!;
          expect(restored).to.not.equal(server);
          expect(restored.recovered).to.equal(true);
          expect([...restored.rooms].sort()).to.deep.equal([id, 'r1'].sort());
          expect(restored.data).to.deep.equal({ name: 'ada' });
          env.io.to('r1').emit('tick', 4);
          expect(await c.emitWithAck('sync')).to.equal('sync');
          expect(seen.ticks).to.deep.equal([0, 1, 2, 3, 4]);
          // Each event carries its offset last, a string, all distinct.
          const offsets = seen.args.map((a) => a[a.length - 1]);
          for (const o of offsets) expect(o).to.be.a('string');
          expect(new Set(offsets).size).to.equal(offsets.length);
        });
      });
    }

    describe(`${client.name}: when the session is not recovered`, () => {
      it('starts afresh after a server namespace disconnect (not a recoverable reason)', async () => {
        await start({ connectionStateRecovery: {} });
        const { c, server } = await connected(client.make, ['websocket']);
        const seen = record(c);
        env.io.emit('tick', 0);
        await once(c, 'tick');
        const id = c.id;
        const gone = once(c, 'disconnect');
        server.disconnect();
        await gone;
        env.io.emit('tick', 'missed');
        const back = once(c, 'connect');
        c.connect();
        await back;
        expect(c.recovered).to.equal(false);
        expect(c.id).to.not.equal(id);
        expect(env.io.of('/').sockets.get(c.id!)!.recovered).to.equal(false);
        expect(await c.emitWithAck('sync')).to.equal('sync');
        expect(seen.ticks).to.deep.equal([0]);
      });

      /** Cuts a client that got one event, lets `elapsed` ms pass on a 5 s window, and waits for its reconnect. */
      async function reconnectAfter(elapsed: number) {
        let clock = 1_000_000;
        await start({
          connectionStateRecovery: { maxDisconnectionDuration: 5000 },
          adapter: (nsp) => new MemoryAdapter(nsp, { now: () => clock }),
        });
        const { c, server } = await connected(client.make, ['websocket']);
        env.io.emit('tick', 0);
        await once(c, 'tick');
        const id = c.id;
        const back = once(c, 'connect');
        await cut(server);
        clock += elapsed;
        await back;
        return { c, id };
      }

      it('starts afresh once maxDisconnectionDuration has passed', async () => {
        const { c, id } = await reconnectAfter(5001); // just past the window
        expect(c.recovered).to.equal(false);
        expect(c.id).to.not.equal(id);
      });

      it('recovers just inside maxDisconnectionDuration', async () => {
        const { c, id } = await reconnectAfter(5000);
        expect(c.recovered).to.equal(true);
        expect(c.id).to.equal(id);
      });

      it('starts afresh with an unknown pid', async () => {
        await start({ connectionStateRecovery: {} });
        const { c } = await connected(client.make, ['websocket'], { pid: 'not-a-session', offset: '0' });
        expect(c.recovered).to.equal(false);
        expect(env.io.of('/').sockets.get(c.id!)!.recovered).to.equal(false);
      });

      it('appends no offset and keeps no session when the option is off', async () => {
        await start({});
        const { c, server } = await connected(client.make, ['websocket']);
        const seen = record(c);
        server.emit('tick', 0);
        env.io.emit('tick', 1);
        await c.emitWithAck('sync');
        expect(seen.args).to.deep.equal([[0], [1]]);
        const id = c.id;
        const back = once(c, 'connect');
        await cut(server);
        env.io.emit('tick', 'missed');
        await back;
        expect(Boolean(c.recovered)).to.equal(false); // socket.io-client leaves it undefined when the server sends no pid
        expect(c.id).to.not.equal(id);
        await c.emitWithAck('sync');
        expect(seen.ticks).to.deep.equal([0, 1]);
      });
    });
  }

  describe('middlewares', () => {
    it('skips connection middlewares for a recovered socket by default', async () => {
      await start({ connectionStateRecovery: {} });
      let runs = 0;
      env.io.use((_socket, next) => {
        runs++;
        next();
      });
      const { c, server } = await connected(CLIENTS[0]!.make, ['websocket']);
      env.io.emit('tick', 0);
      await once(c, 'tick');
      const back = once(c, 'connect');
      await cut(server);
      await back;
      expect(c.recovered).to.equal(true);
      expect(runs).to.equal(1);
    });

    it('with skipMiddlewares false, runs them (socket.recovered set) and holds what is sent meanwhile', async () => {
      await start({ connectionStateRecovery: { skipMiddlewares: false } });
      const seenInMiddleware: boolean[] = [];
      let release: (() => void) | undefined;
      env.io.use((socket, next) => {
        seenInMiddleware.push(socket.recovered);
        if (!socket.recovered) return next();
        release = next;
        // While this middleware waits, the recovering socket is in its rooms already.
        env.io.to('r1').emit('tick', 'during middleware');
        socket.emit('tick', 'direct, during middleware');
      });
      const { c, server, seen } = await inRoomWithOffset(CLIENTS[1]!.make);
      await cut(server);
      env.io.to('r1').emit('tick', 'missed');
      const back = once(c, 'connect');
      await eventually('the middleware to hold the recovering socket', () => release !== undefined);
      env.io.emit('tick', 'also during middleware');
      release!();
      await back;
      expect(seenInMiddleware).to.deep.equal([false, true]);
      expect(c.recovered).to.equal(true);
      expect(await c.emitWithAck('sync')).to.equal('sync');
      expect(seen.ticks).to.deep.equal([
        0,
        'missed',
        'during middleware',
        'direct, during middleware',
        'also during middleware',
      ]);
    });

    it(`with skipMiddlewares false, holds at most ${MAX_HELD_PACKETS} packets; past that the connection is closed and the next attempt recovers them from the log`, async () => {
      await start({ connectionStateRecovery: { skipMiddlewares: false } });
      let release: (() => void) | undefined;
      env.io.use((socket, next) => {
        if (socket.recovered && !release) release = next;
        else next();
      });
      // socket.io-client keeps every event replayed before the CONNECT answer (sockjet's client keeps up to its
      // maxBufferedPackets, 1000 by default).
      const { c, server, seen } = await inRoomWithOffset(CLIENTS[0]!.make);
      await cut(server);
      await eventually('the middleware to hold the recovering socket', () => release !== undefined);
      const [conn] = [...env.io.engine.clients.values()];
      const closed = once<[string]>(conn!, 'close');
      const sent = Array.from({ length: MAX_HELD_PACKETS + 1 }, (_, i) => i + 1);
      for (const n of sent) env.io.to('r1').emit('tick', n);
      // The packet past the cap closed the connection at once; the stalled middleware finishing now keeps the
      // session for the client's next attempt.
      expect(conn!.readyState).to.not.equal('open');
      release!();
      expect((await closed)[0]).to.equal('forced close');
      await once(c, 'connect');
      expect(c.recovered).to.equal(true);
      expect(seen.ticks).to.deep.equal([0, ...sent]);
    });

    it('a middleware that refuses a recovering socket leaves it in no room', async () => {
      await start({ connectionStateRecovery: { skipMiddlewares: false } });
      env.io.use((socket, next) => next(socket.recovered ? new Error('no comeback') : undefined));
      const { c, server } = await inRoomWithOffset(CLIENTS[0]!.make);
      const id = c.id!;
      const refused = once<[Error]>(c, 'connect_error');
      await cut(server);
      expect((await refused)[0].message).to.equal('no comeback');
      expect(env.io.of('/').adapter.socketRooms(id)).to.equal(undefined);
      expect(env.io.of('/').adapter.rooms.has('r1')).to.equal(false);
    });
  });

  for (const missed of [3, 4]) {
    it(`sockjet client with maxBufferedPackets 3, ${missed} events missed: ${missed > 3 ? 'the replay is dropped whole and it connects not recovered' : 'all replayed, recovered'}`, async () => {
      await start({ connectionStateRecovery: {} });
      const c = sockjetClient(env.url, { transports: ['websocket'], maxBufferedPackets: 3 }) as unknown as TestClient;
      clients.push(c);
      await once(c, 'connect');
      const seen = record(c);
      env.io.emit('tick', 0);
      await once(c, 'tick');
      await cut(env.io.of('/').sockets.get(c.id!)!);
      const back = once(c, 'connect');
      const sent = Array.from({ length: missed }, (_, i) => i + 1);
      for (const n of sent) env.io.emit('tick', n);
      await back;
      expect(c.recovered).to.equal(missed <= 3);
      expect(seen.ticks).to.deep.equal(missed <= 3 ? [0, ...sent] : [0]);
      const live = once(c, 'tick');
      env.io.emit('tick', 'live');
      await live;
      expect(seen.ticks.at(-1)).to.equal('live');
    });
  }

  for (const on of [true, false]) {
    it(`answers CONNECT with ${on ? '{ sid, pid }, the pid private and distinct' : '{ sid } only'} (recovery ${on ? 'on' : 'off'})`, async () => {
      await start(on ? { connectionStateRecovery: {} } : {});
      const raw = new EngineClient(env.url, { path: '/socket.io/', transports: ['websocket'] });
      try {
        await once(raw, 'open');
        raw.send('0');
        const [answer] = await once<[string]>(raw, 'message');
        expect(answer.startsWith('0{')).to.equal(true);
        const data = JSON.parse(answer.slice(1)) as { sid: string; pid?: string };
        expect(Object.keys(data)).to.deep.equal(on ? ['sid', 'pid'] : ['sid']);
        if (on) {
          expect(data.pid).to.match(/^[\w-]{20}$/);
          expect(data.pid).to.not.equal(data.sid);
        }
      } finally {
        raw.close();
      }
    });
  }
});
