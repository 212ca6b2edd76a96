import { expect } from 'chai';
import { createRequire } from 'node:module';
import type { Socket } from '../../src/server/socket.js';
import { eachServer, startServer, type ParityEnv } from './parity-helpers.js';
import { once } from '../support/events.js';

/** The slice of a socket.io-client 2.x socket these tests use (the package has no types). */
interface V2Socket {
  id: string;
  connected: boolean;
  io: { engine: { transport: { name: string }; once(event: string, fn: (...args: unknown[]) => void): void } };
  on(event: string, fn: (...args: any[]) => void): V2Socket;
  once(event: string, fn: (...args: any[]) => void): V2Socket;
  off(event: string, fn: (...args: any[]) => void): V2Socket;
  emit(event: string, ...args: unknown[]): V2Socket;
  close(): void;
}
type V2Connect = (url: string, opts: Record<string, unknown>) => V2Socket;
const connectV2 = createRequire(import.meta.url)('socket.io-client-v2') as V2Connect;

const WAYS = [
  { name: 'polling', transports: ['polling'] },
  { name: 'websocket', transports: ['websocket'] },
  { name: 'polling then websocket', transports: ['polling', 'websocket'] },
];

eachServer('allowEIO3: Socket.IO v2 clients', (kind) => {
  let env: ParityEnv;
  const clients: V2Socket[] = [];

  const client = (nsp: string, transports: string[]): V2Socket => {
    const socket = connectV2(env.url + nsp, { forceNew: true, reconnection: false, transports });
    clients.push(socket);
    return socket;
  };

  beforeEach(async () => {
    env = await startServer(kind, { allowEIO3: true, pingInterval: 200, pingTimeout: 400 });
  });

  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await env.close();
  });

  for (const way of WAYS) {
    it(`${way.name}: connects with the same id, events and acks both ways with binary, heartbeats`, async () => {
      const serverSide = once<[Socket]>(env.io, 'connection');
      const socket = client('/', way.transports);
      await once(socket, 'connect');
      const [peer] = await serverSide;
      expect(peer.id).to.equal(socket.id);
      expect(peer.conn.protocol).to.equal(3);
      if (way.transports.length === 2 && peer.conn.transport.name !== 'websocket') await once(peer.conn, 'upgrade');

      peer.on('upload', (bytes: Buffer, ack: (n: number, echo: Buffer) => void) => ack(bytes.length, bytes));
      const [n, echo] = await new Promise<[number, Uint8Array]>((resolve) =>
        socket.emit('upload', Buffer.from([1, 2, 3]), (...answer: [number, Uint8Array]) => resolve(answer)),
      );
      expect([n, [...echo]]).to.deep.equal([3, [1, 2, 3]]);

      socket.on('ask', (text: string, bytes: Uint8Array, ack: (r: string) => void) => ack(`${text}:${bytes.length}`));
      expect(await peer.timeout(2000).emitWithAck('ask', 'hi', Buffer.from([9, 9]))).to.equal('hi:2');

      // The client pings (protocol v3); the server answers and keeps the session.
      for (let i = 0; i < 2; i++) await once(peer.conn, 'heartbeat');
      expect(socket.connected).to.equal(true);
    });
  }

  it('a namespace with a query: the query is the auth; a middleware refusal reaches the client', async () => {
    const chat = env.io.of('/chat');
    const serverSide = once<[Socket]>(chat, 'connection');
    const socket = client('/chat?token=abc', ['websocket']);
    await once(socket, 'connect');
    const [peer] = await serverSide;
    expect(peer.handshake.auth).to.deep.equal({ token: 'abc' });
    expect(peer.id).to.equal(`/chat#${peer.conn.id}`);

    env.io.of('/guarded').use((_socket, next) => next(Object.assign(new Error('refused'), { data: { why: 'token' } })));
    const refused = client('/guarded', ['websocket']);
    expect((await once(refused, 'error'))[0]).to.deep.equal({ why: 'token' });
  });
});

eachServer('allowEIO3 off (the default)', (kind) => {
  it('a Socket.IO v2 client cannot connect', async () => {
    const env = await startServer(kind);
    const socket = connectV2(env.url, { forceNew: true, reconnection: false, transports: ['polling'] });
    await once(socket, 'connect_error');
    socket.close();
    await env.close();
  });
});
