import { expect } from 'chai';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { openLink, type Link } from '../../src/testing/link.js';
import { once } from '../support/events.js';
import { listen } from '../support/net.js';

/** The link under the kit: a TCP relay that keeps the port, delays, freezes, and passes closes on in order. */
describe('sockjet/testing link', () => {
  let target: Server;
  let link: Link | undefined;
  const sockets: Socket[] = [];
  /** A target that runs `onSocket` on each connection. */
  const startTarget = async (onSocket: (s: Socket) => void) => {
    target = createServer((s) => (sockets.push(s), onSocket(s)));
    return listen(target);
  };
  const dial = (port: number) => {
    const s = connect(port, '127.0.0.1');
    sockets.push(s);
    return s;
  };
  /** Everything `s` receives until it closes. */
  const readAll = async (s: Socket) => {
    const chunks: Buffer[] = [];
    s.on('data', (c: Buffer) => chunks.push(c));
    await once(s, 'close');
    return Buffer.concat(chunks);
  };

  afterEach(async () => {
    for (const s of sockets.splice(0)) s.destroy();
    await link?.close();
    link = undefined;
    await new Promise((resolve) => target.close(resolve));
  });

  it('passes everything a side wrote before closing, however large, then the close', async () => {
    const big = Buffer.alloc(4 * 1024 * 1024, 7);
    let sent!: () => void;
    const serverDone = new Promise<void>((resolve) => (sent = resolve));
    link = await openLink(await startTarget((s) => s.end(big).on('close', sent)));
    // The client reads nothing until the server side has closed: the link still holds most of the bytes then.
    const client = dial(link.port);
    const got = readAll(client);
    // (readAll's 'data' listener set the socket flowing.)
    client.pause();
    await serverDone;
    client.resume();
    const all = await got;
    expect(all.length).to.equal(big.length);
    expect(all.equals(big)).to.equal(true);
  });

  it('keeps the order of chunks and of the close under latency, and delays by at least the latency', async () => {
    link = await openLink(await startTarget((s) => s.on('data', (c) => s.write(c))));
    link.latency(50);
    const client = dial(link.port);
    const t0 = Date.now();
    const received = readAll(client);
    for (let i = 0; i < 20; i++) client.write(`${i},`);
    // The echo of every chunk comes back before the close that follows them.
    client.on('data', (c: Buffer) => c.toString().includes('19,') && client.end());
    const text = (await received).toString();
    expect(text).to.equal(Array.from({ length: 20 }, (_, i) => `${i},`).join(''));
    expect(Date.now() - t0).to.be.at.least(100);
  });

  it('refuses connections while it has no target, and forwards again once given one', async () => {
    const port = await startTarget((s) => s.end('hi'));
    link = await openLink(null);
    expect((await readAll(dial(link.port))).length).to.equal(0);
    link.target(port);
    expect((await readAll(dial(link.port))).toString()).to.equal('hi');
  });

  it('freeze drops bytes and holds the close; thaw passes the close on', async () => {
    let arrived!: (s: Socket) => void;
    const accepted = new Promise<Socket>((resolve) => (arrived = resolve));
    link = await openLink(await startTarget((s) => arrived(s)));
    const client = dial(link.port);
    const got: Buffer[] = [];
    client.on('data', (c: Buffer) => got.push(c));
    const serverSide = await accepted;
    link.freeze();
    serverSide.end('lost');
    await once(serverSide, 'close');
    expect(client.destroyed).to.equal(false);
    const closed = once(client, 'close');
    link.thaw();
    await closed;
    expect(Buffer.concat(got).length).to.equal(0);
  });
});
