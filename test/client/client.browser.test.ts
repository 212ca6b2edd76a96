import { expect } from 'chai';
import { executeServerCommand } from '@web/test-runner-commands';
import { io, type IoOptions, type Socket } from '../../src/client/index.js';

interface Started {
  id: number;
  url: string;
  port: number;
}

const once = <T extends unknown[] = unknown[]>(s: { once(ev: string, fn: (...a: T) => void): unknown }, ev: string) =>
  new Promise<T>((resolve) => s.once(ev, (...a: T) => resolve(a)));


describe('sockjet client in Chromium against the official socket.io server', () => {
  let server: Started;
  const sockets: Socket[] = [];
  const connect = (nsp = '/', opts: Partial<IoOptions> = {}) => {
    const s = io(server.url + nsp, { forceNew: true, reconnectionDelay: 20, reconnectionDelayMax: 50, ...opts });
    sockets.push(s);
    return s;
  };

  beforeEach(async () => {
    server = await executeServerCommand<Started, unknown>('server:start', { kind: 'socket.io' });
  });
  afterEach(async () => {
    sockets.splice(0).forEach((s) => s.io.close());
    await executeServerCommand('server:close', { id: server.id });
  });

  for (const transports of [['websocket'], ['polling'], ['polling', 'websocket'], undefined] as const) {
    it(`events, acks and binary (transports: ${transports ?? 'default'})`, async () => {
      const s = connect('/', transports ? { transports: [...transports] } : {});
      const [welcome] = (await once(s, 'welcome')) as [{ nsp: string }];
      expect(welcome.nsp).to.equal('/');
      s.emit('echo', 'hi', { a: [1, 2] });
      expect(await once(s, 'echo')).to.deep.equal(['hi', { a: [1, 2] }]);
      const bytes = new Uint8Array([1, 2, 255]);
      const [err, b1, b2, b3] = await new Promise<unknown[]>((resolve) =>
        s.timeout(5000).emit('ack', bytes, { nested: bytes.buffer }, new Blob([bytes]), (...res: unknown[]) => resolve(res)),
      );
      expect(err).to.equal(null);
      for (const b of [b1, (b2 as { nested: unknown }).nested, b3]) {
        // sockjet hands binary over as Uint8Array everywhere (socket.io-client: ArrayBuffer in browsers).
        expect(b).to.be.instanceOf(Uint8Array);
        expect([...(b as Uint8Array)]).to.deep.equal([1, 2, 255]);
      }
      s.on('question', (q: number, cb: (a: number) => void) => cb(q + 1));
      s.emit('ask', 41);
      expect(await once(s, 'answer')).to.deep.equal([42]);
    });
  }

  it('reads a Blob to bytes before sending', async () => {
    const s = connect();
    s.emit('echo', new Blob([new Uint8Array([9, 8, 7])]), 'after');
    const [bin, after] = (await once(s, 'echo')) as [Uint8Array, string];
    expect([...bin]).to.deep.equal([9, 8, 7]);
    expect(after).to.equal('after');
  });

  it('multiplexes namespaces over one connection; middleware errors carry data', async () => {
    const main = connect();
    const admin = main.io.socket('/admin');
    const guarded = main.io.socket('/guarded', { auth: { token: 'nope' } });
    const [[w1], [w2], [err]] = (await Promise.all([once(main, 'welcome'), once(admin, 'welcome'), once(guarded, 'connect_error')])) as [
      [{ nsp: string }],
      [{ nsp: string }],
      [Error & { data: unknown }],
    ];
    expect([w1.nsp, w2.nsp]).to.deep.equal(['/', '/admin']);
    expect(err.message).to.equal('invalid token');
    expect(err.data).to.deep.equal({ reason: 'token' });
  });

  it('reconnects after a server restart on the same port, flushing buffered emits in order', async () => {
    for (const transports of [['websocket'], ['polling']] as const) {
      const s = connect('/', { transports: [...transports] });
      await once(s, 'welcome');
      const down = once(s, 'disconnect');
      await executeServerCommand('server:stop', { id: server.id });
      expect(await down).to.deep.equal([transports[0] == 'websocket' ? 'transport close' : 'transport error']);
      s.emit('echo', 'buffered', 1);
      s.emit('echo', 'buffered', 2);
      await executeServerCommand('server:restart', { id: server.id });
      expect(await once(s, 'echo')).to.deep.equal(['buffered', 1]);
      expect(await once(s, 'echo')).to.deep.equal(['buffered', 2]);
    }
  });
});
