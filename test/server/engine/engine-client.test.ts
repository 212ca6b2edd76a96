import { expect } from 'chai';
import { Socket as ClientSocket } from 'engine.io-client';
import type { Connection } from '../../../src/server/engine/index.js';
import { startEngine } from './engine-helpers.js';
import type { Harness } from './engine-helpers.js';
import { once } from '../../support/events.js';

/** The official engine.io-client against a bare Engine, on every transport combination. */
const setups: { title: string; transports: ('polling' | 'websocket')[]; upgrade: boolean; expected: string }[] = [
  { title: 'websocket only', transports: ['websocket'], upgrade: false, expected: 'websocket' },
  { title: 'polling only', transports: ['polling'], upgrade: false, expected: 'polling' },
  { title: 'polling with upgrade', transports: ['polling', 'websocket'], upgrade: true, expected: 'websocket' },
];

for (const setup of setups) {
  describe(`Engine with engine.io-client (${setup.title})`, () => {
    let h: Harness;
    let client: ClientSocket;

    beforeEach(async () => {
      h = await startEngine();
      h.engine.on('connection', (conn) => conn.on('message', (data) => conn.send(data)));
    });

    afterEach(async () => {
      client?.close();
      await h.close();
    });

    async function connect(): Promise<Connection> {
      const connected = once<[Connection]>(h.engine, 'connection');
      client = new ClientSocket(`http://127.0.0.1:${h.port}`, { transports: setup.transports, upgrade: setup.upgrade });
      const [conn] = await connected;
      await once(client, 'open');
      if (setup.upgrade) await once(conn, 'upgrade');
      expect(conn.transport.name).to.equal(setup.expected);
      return conn;
    }

    it('echoes text', async () => {
      await connect();
      const reply = once<[string]>(client, 'message');
      client.send('héllo ✓');
      expect((await reply)[0]).to.equal('héllo ✓');
    });

    it('echoes binary', async () => {
      const conn = await connect();
      const received = once<[string | Buffer]>(conn, 'message');
      const reply = once<[ArrayBuffer | Buffer]>(client, 'message');
      client.send(new Uint8Array([0, 1, 2, 255]));
      const [data] = await received;
      expect(Buffer.isBuffer(data)).to.equal(true);
      expect([...(data as Buffer)]).to.deep.equal([0, 1, 2, 255]);
      const [back] = await reply;
      expect([...new Uint8Array(back as ArrayBuffer)]).to.deep.equal([0, 1, 2, 255]);
    });

    it('delivers messages sent right after the connection event, in order', async () => {
      h.engine.on('connection', (conn) => conn.send('a').sendMany(['b', new Uint8Array([7])]).send('c'));
      const got: unknown[] = [];
      const done = new Promise<void>((resolve) => {
        const onMessage = (data: unknown): void => {
          got.push(typeof data === 'string' ? data : [...new Uint8Array(data as ArrayBuffer)]);
          if (got.length === 4) resolve();
        };
        client = new ClientSocket(`http://127.0.0.1:${h.port}`, { transports: setup.transports, upgrade: setup.upgrade });
        client.on('message', onMessage);
      });
      await done;
      expect(got).to.deep.equal(['a', 'b', [7], 'c']);
    });

    it('closes with "transport close" when the client closes', async () => {
      const conn = await connect();
      const closed = once<[string]>(conn, 'close');
      client.close();
      expect((await closed)[0]).to.equal('transport close');
      expect(h.engine.clientsCount).to.equal(0);
    });

    it('closes the client with conn.close()', async () => {
      const conn = await connect();
      const clientClosed = once<[string]>(client, 'close');
      const closed = once<[string]>(conn, 'close');
      conn.close();
      expect((await closed)[0]).to.equal('forced close');
      expect((await clientClosed)[0]).to.equal('transport close');
    });

    it('keeps the session alive over several heartbeats', async () => {
      await h.close();
      h = await startEngine({ pingInterval: 30, pingTimeout: 200 });
      const conn = await connect();
      let pongs = 0;
      await new Promise<void>((resolve) =>
        conn.on('packet', (p) => {
          if (p.type === 'pong' && ++pongs === 3) resolve();
        }),
      );
      expect(conn.readyState).to.equal('open');
    });
  });
}
