import { expect } from 'chai';
import { executeServerCommand } from '@web/test-runner-commands';
import { io, type IoOptions, type Socket } from '../../src/client/index.js';
import { startServer, waitFor, type ServerHandle } from '../../src/testing/browser.js';

/**
 * Every `sockjet:*` command of sockjetServerPlugin, from a real page, over each transport. The server side is
 * test/testing/kit-setup.ts (wired in web-test-runner.config.mjs).
 */
const TRANSPORTS = [['websocket'], ['polling']] as const;

describe('sockjet/testing commands (browser)', () => {
  const sockets: Socket[] = [];
  const connect = async (server: ServerHandle, opts: Partial<IoOptions> = {}) => {
    const socket = io(server.url, { forceNew: true, reconnectionDelay: 50, reconnectionDelayMax: 250, ...opts });
    sockets.push(socket);
    await waitFor(socket, 'connect', { timeout: 5000 });
    return socket;
  };
  afterEach(() => {
    for (const s of sockets.splice(0)) s.io.close();
  });

  for (const transports of TRANSPORTS) {
    describe(`over ${transports[0]}`, () => {
      const opts = { transports: [...transports] };

      it('sockjet:start gives a fresh server on 127.0.0.1 that greets with the start options', async () => {
        const server = await startServer({ flavour: 'plain' });
        expect(server.url).to.equal(`http://127.0.0.1:${server.port}`);
        const socket = io(server.url, { forceNew: true, ...opts });
        sockets.push(socket);
        const [hello] = await waitFor(socket, 'hello');
        expect(hello).to.deep.equal({ restarts: 0, options: { flavour: 'plain' } });
        const other = await startServer();
        expect(other.port).to.not.equal(server.port);
      });

      it('sockjet:sockets reports ids, rooms, data and transport', async () => {
        const server = await startServer();
        const socket = await connect(server, { ...opts, auth: { name: 'ada' } });
        await socket.timeout(2000).emitWithAck('join', 'lab');
        const [seen, ...rest] = await server.sockets();
        expect(rest).to.deep.equal([]);
        expect(seen).to.deep.include({ id: socket.id, nsp: '/', data: { name: 'ada' }, transport: transports[0] });
        expect(seen!.rooms).to.have.members([socket.id, 'lab']);
      });

      it('sockjet:emit reaches every socket, or only a room', async () => {
        const server = await startServer();
        const a = await connect(server, opts);
        const b = await connect(server, opts);
        await a.timeout(2000).emitWithAck('join', 'lab');
        const both = Promise.all([waitFor(a, 'news'), waitFor(b, 'news')]);
        await server.emit('news', { n: 1 });
        expect(await both).to.deep.equal([[{ n: 1 }], [{ n: 1 }]]);
        const bSaw: unknown[] = [];
        b.on('lab-only', (v) => bSaw.push(v));
        const inRoom = waitFor(a, 'lab-only');
        await server.emitTo('lab', 'lab-only', 'x');
        expect(await inRoom).to.deep.equal(['x']);
        // One connection keeps order: had b got the room event, it would have come before this one.
        const later = waitFor(b, 'news');
        await server.emit('news', 2);
        await later;
        expect(bSaw).to.deep.equal([]);
      });

      it('sockjet:cut drops every connection, or one socket by id; the clients reconnect', async () => {
        const server = await startServer();
        const a = await connect(server, opts);
        const b = await connect(server, opts);
        const gone = Promise.all([waitFor(a, 'disconnect'), waitFor(b, 'disconnect')]);
        const back = Promise.all([waitFor(a, 'connect'), waitFor(b, 'connect')]);
        expect(await server.cut()).to.equal(2);
        expect(await gone).to.deep.equal([['transport close'], ['transport close']]);
        await back;

        let bDropped = false;
        b.on('disconnect', () => (bDropped = true));
        const aGone = waitFor(a, 'disconnect');
        expect(await server.cut(a.id)).to.equal(1);
        expect(await aGone).to.deep.equal(['transport close']);
        await waitFor(a, 'connect');
        expect(await b.timeout(2000).emitWithAck('echo', 'here')).to.equal('here');
        expect(bDropped).to.equal(false);
      });

      it('sockjet:stop and sockjet:restart keep the URL; the client reconnects to a fresh server', async () => {
        const server = await startServer();
        const socket = await connect(server, opts);
        const dropped = waitFor(socket, 'disconnect');
        await server.stop();
        await dropped;
        await waitFor(socket.io, 'reconnect_error', { timeout: 5000 });
        const hello = waitFor(socket, 'hello', { timeout: 5000 });
        await server.restart();
        expect(await hello).to.deep.equal([{ restarts: 1, options: {} }]);
        // A restart of a running server: the same, once more.
        const again = waitFor(socket, 'hello', { timeout: 5000 });
        await server.restart();
        expect(await again).to.deep.equal([{ restarts: 2, options: {} }]);
      });

      it('sockjet:latency holds every packet each way, until set back to 0', async () => {
        const server = await startServer();
        const socket = await connect(server, opts);
        await server.latency(150);
        const t0 = performance.now();
        expect(await socket.timeout(5000).emitWithAck('echo', 'slow')).to.equal('slow');
        // A lower bound only: the request and its answer each waited 150 ms.
        expect(performance.now() - t0).to.be.at.least(300);
        await server.latency(0);
        expect(await socket.timeout(2000).emitWithAck('echo', 'fast')).to.equal('fast');
      });
    });
  }

  it('sockjet:block refuses WebSocket: the client falls back to long-polling; unblocked, WebSocket works', async () => {
    const server = await startServer();
    await server.block(true);
    const socket = await connect(server);
    expect(socket.io.engine!.transport!.name).to.equal('polling');
    expect((await server.sockets())[0]!.transport).to.equal('polling');
    await server.block(false);
    const other = await connect(server);
    expect(other.io.engine!.transport!.name).to.equal('websocket');
  });

  it('a command names a server of this file only, with a clear error otherwise', async () => {
    const err = await executeServerCommand('sockjet:stop', { id: 987654 }).catch((e: unknown) => e);
    expect(String(err)).to.contain('no sockjet test server with id 987654');
  });
});
