import { expect } from 'chai';
import type { Socket } from '../../src/server/socket.js';
import { eachServer, startServer, type ParityEnv } from './parity-helpers.js';
import { once } from '../support/events.js';
import { nextMacrotask } from '../support/net.js';

/** The state a step of the way in sees, with the socket's own id written `own` (ids differ between runs). */
function state(socket: Socket, listed: boolean): string {
  const rooms = [...socket.rooms].map((r) => (r === socket.id ? 'own' : r)).sort();
  return `connected=${socket.connected} listed=${listed} rooms=${rooms.join(',')}`;
}

type ConnectError = Error & { data?: unknown };

/** A CONNECT's way into a namespace, as the application sees it (src/server/admission.ts). */
eachServer('Admission parity', (kind) => {
  let env: ParityEnv;

  beforeEach(async () => {
    env = await startServer(kind, { pingInterval: 10_000, pingTimeout: 5_000 });
  });

  afterEach(() => env.close());

  it('middlewares in order, then the socket is listed and in its own room, then connect listeners, then connection ones', async () => {
    const nsp = env.io.of('/steps');
    const steps: string[] = [];
    nsp.use((socket, go) => {
      steps.push(`middleware 1: ${state(socket, nsp.sockets.has(socket.id))}`);
      void socket.join('from-middleware');
      setImmediate(go);
    });
    nsp.use((socket, go) => {
      steps.push(`middleware 2: ${state(socket, nsp.sockets.has(socket.id))}`);
      go();
    });
    nsp.on('connect', (socket) => steps.push(`connect: ${state(socket, nsp.sockets.get(socket.id) === socket)}`));
    nsp.on('connection', (socket) => steps.push(`connection: ${state(socket, nsp.sockets.get(socket.id) === socket)}`));
    const serverSide = once<[Socket]>(nsp, 'connection');
    await once(env.client('/steps'), 'connect', { rejectOn: 'connect_error' });
    await serverSide;
    expect(steps).to.deep.equal([
      'middleware 1: connected=false listed=false rooms=',
      'middleware 2: connected=false listed=false rooms=from-middleware',
      'connect: connected=true listed=true rooms=from-middleware,own',
      'connection: connected=true listed=true rooms=from-middleware,own',
    ]);
  });

  it("the CONNECT answer goes before anything a connection listener sends, and carries the socket's id", async () => {
    env.io.on('connection', (socket) => socket.emit('welcome', socket.id));
    const client = env.client('/');
    const order: string[] = [];
    client.on('connect', () => order.push(`connect ${client.id}`));
    const [id] = await once<[string]>(client, 'welcome');
    order.push(`welcome ${id}`);
    expect(order).to.deep.equal([`connect ${id}`, `welcome ${id}`]);
  });

  it('a refusal reaches the client with its message and data; the socket leaves its rooms and is never listed or connected', async () => {
    const nsp = env.io.of('/guarded');
    let refused: Socket | undefined;
    let connections = 0;
    nsp.on('connection', () => connections++);
    nsp.use((socket, go) => {
      refused = socket;
      void socket.join('from-middleware');
      go(Object.assign(new Error('not today'), { data: { retryIn: 5 } }));
    });
    const [err] = await once<[ConnectError]>(env.client('/guarded'), 'connect_error');
    expect([err.message, err.data]).to.deep.equal(['not today', { retryIn: 5 }]);
    expect([connections, nsp.sockets.size, refused!.connected, nsp.adapter.rooms.size]).to.deep.equal([0, 0, false, 0]);
  });

  it('a refusal without data: the client gets the message and no data', async () => {
    env.io.use((_socket, go) => go(new Error('closed for maintenance')));
    const [err] = await once<[ConnectError]>(env.client('/'), 'connect_error');
    expect([err.message, err.data]).to.deep.equal(['closed for maintenance', undefined]);
  });

  it('a client gone while a middleware runs is never connected, and its rooms are left', async () => {
    let release: () => void = () => {};
    const entered = new Promise<Socket>((resolve) =>
      env.io.use((socket, go) => {
        void socket.join('from-middleware');
        release = go;
        resolve(socket);
      }),
    );
    let connections = 0;
    env.io.on('connection', () => connections++);
    const client = env.client('/');
    const socket = await entered;
    const closed = once(socket.conn, 'close');
    client.disconnect();
    await closed;
    release();
    // socket.io admits (or not) on the next tick after the middlewares.
    await nextMacrotask();
    expect([connections, env.io.sockets.sockets.size, socket.connected, env.io.sockets.adapter.rooms.size]).to.deep.equal([0, 0, false, 0]);
  });
});
