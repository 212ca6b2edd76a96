import { expect } from 'chai';
import { createServer } from 'node:http';
import { Server } from '../../src/server/server.js';
import type { Socket } from '../../src/server/socket.js';
import { RawWs } from './engine/engine-helpers.js';
import { once } from '../support/events.js';
import { listen, nextMacrotask } from '../support/net.js';

const CHUNK = 'z'.repeat(16 * 1024);

/** A Socket.IO server and a raw WebSocket client joined to `/`, so the test can stop reading at will. */
async function joined(options: ConstructorParameters<typeof Server>[1]): Promise<{ io: Server; raw: RawWs; socket: Socket }> {
  const http = createServer();
  const io = new Server(http, options);
  const port = await listen(http);
  const connected = once<[Socket]>(io, 'connection');
  const raw = new RawWs(`ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket`);
  expect((await raw.next()) as string).to.match(/^0\{/);
  raw.ws.send('40');
  const [socket] = await connected;
  expect((await raw.next()) as string).to.match(/^40\{"sid"/);
  return { io, raw, socket };
}

describe('limits: a slow consumer at the Socket.IO layer', () => {
  let io: Server | undefined;
  let raw: RawWs | undefined;
  afterEach(async () => {
    raw?.ws.terminate();
    await io?.close();
    io = raw = undefined;
  });

  it('drops volatile packets while backed up, then disconnects with reason "slow consumer"', async () => {
    const limit = 512 * 1024;
    let socket: Socket;
    ({ io, raw, socket } = await joined({ maxWriteBufferSize: limit }));
    raw.ws.pause();
    // Volatile emits alone never close the connection: they are dropped once it backs up.
    let volatileWritten = 0;
    for (let i = 0; i < 4000 && socket.connected; i++) {
      const before = socket.conn.bufferedAmount;
      socket.volatile.emit('tick', CHUNK);
      if (socket.conn.bufferedAmount > before) volatileWritten++;
      if (i % 4 === 3) await nextMacrotask();
    }
    expect(socket.connected).to.equal(true);
    expect(volatileWritten).to.be.below(4000);
    expect(socket.conn.bufferedAmount).to.be.at.most(limit);
    // Plain emits are never dropped silently: past the limit the app sees the disconnect and its reason.
    const disconnected = once<[string]>(socket, 'disconnect');
    for (let i = 0; i < 1000 && socket.connected; i++) socket.emit('data', CHUNK);
    expect((await disconnected)[0]).to.equal('slow consumer');
    expect(io.engine.clientsCount).to.equal(0);
  });

  it('lets an app pace itself on conn.bufferedAmount and drain, and deliver everything', async () => {
    let socket: Socket;
    ({ io, raw, socket } = await joined({ maxWriteBufferSize: 256 * 1024 }));
    raw.ws.pause();
    const total = 400;
    let sent = 0;
    const writer = (async () => {
      while (sent < total) {
        if (socket.conn.bufferedAmount > 64 * 1024) await once(socket.conn, 'drain');
        else socket.emit('data', sent++, CHUNK);
      }
    })();
    // Stall long enough for the writer to block on drain, then read again.
    while (socket.conn.bufferedAmount <= 64 * 1024) await nextMacrotask();
    raw.ws.resume();
    await writer;
    while (raw.frames.length < total) await once(raw.ws, 'message');
    expect(socket.connected).to.equal(true);
    expect(raw.frames.length).to.equal(total);
    expect(raw.frames[total - 1]).to.match(new RegExp(`^42\\["data",${total - 1},`));
  });
});
