import { expect } from 'chai';
import type { IncomingMessage } from 'node:http';
import { WebSocket } from 'ws';
import { SockjetError } from '../../src/shared/sockjet-error.js';
import { Engine } from '../../src/server/engine/index.js';
import type { EngineConnectionError, EngineOptions } from '../../src/server/engine/index.js';
import { parseOpen, pollingHandshake, request, startEngine } from './engine/engine-helpers.js';
import type { Harness } from './engine/engine-helpers.js';
import { once } from '../support/events.js';
import { listen } from '../support/net.js';

const GOOD = 'https://app.example';
const EVIL = 'https://evil.example';

/** Opens a raw WebSocket with `headers`; resolves with 101 (opened) or the status of the refusal. */
function upgradeStatus(h: Harness, headers: Record<string, string>, query = ''): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${h.port}${h.url(`transport=websocket${query}`)}`, { headers });
    ws.on('unexpected-response', (_req, res: IncomingMessage) => {
      res.resume();
      resolve(res.statusCode!);
      ws.terminate();
    });
    ws.on('open', () => {
      resolve(101);
      ws.terminate();
    });
    ws.on('error', reject);
  });
}

const handshake = (h: Harness, headers: Record<string, string>) => request(h.port, h.url('transport=polling'), { headers });

describe('limits: origins enforced on handshakes and upgrades', () => {
  let h: Harness;
  afterEach(async () => h && (await h.close()));

  async function start(options: Partial<EngineOptions>): Promise<EngineConnectionError[]> {
    h = await startEngine(options);
    const errors: EngineConnectionError[] = [];
    h.engine.on('connection_error', (e) => errors.push(e));
    return errors;
  }

  for (const [name, options] of [
    ['cors.origin (a list)', { cors: { origin: [GOOD, /^https:\/\/.*\.good\.example$/] } }],
    ['allowedOrigins', { allowedOrigins: [GOOD, /^https:\/\/.*\.good\.example$/] }],
  ] as const) {
    it(`${name}: refuses a foreign Origin with 403 and a connection_error, over WebSocket and polling`, async () => {
      const errors = await start(options);
      expect(await upgradeStatus(h, { Origin: EVIL })).to.equal(403);
      const res = await handshake(h, { Origin: EVIL });
      expect(res.status).to.equal(403);
      expect(JSON.parse(res.text)).to.deep.equal({ code: 4, message: 'Origin not allowed' });
      expect(h.engine.clientsCount).to.equal(0);
      expect(errors.map((e) => [e.code, e.message, (e.context as { name: string; origin: string }).origin])).to.deep.equal([
        [4, 'Origin not allowed', EVIL],
        [4, 'Origin not allowed', EVIL],
      ]);
      expect((errors[0]!.context as { name: string }).name).to.equal('ORIGIN_NOT_ALLOWED');
    });

    it(`${name}: lets in a listed Origin, the server's own host, and a request without Origin`, async () => {
      const errors = await start(options);
      const own = `http://127.0.0.1:${h.port}`;
      const headerSets: Record<string, string>[] = [{ Origin: GOOD }, { Origin: 'https://x.good.example' }, { Origin: own }, {}];
      for (const headers of headerSets) {
        expect(await upgradeStatus(h, headers)).to.equal(101);
        expect(parseOpen((await handshake(h, headers)).text).sid).to.be.a('string');
      }
      expect(errors).to.deep.equal([]);
    });
  }

  it('refuses an upgrade of an existing session from a foreign Origin', async () => {
    await start({ cors: { origin: GOOD } });
    const { open } = await pollingHandshake(h);
    expect(await upgradeStatus(h, { Origin: EVIL }, `&sid=${open.sid}`)).to.equal(403);
    expect(h.engine.clients.get(open.sid)?.transport.name).to.equal('polling');
  });

  it('an allowedOrigins function sees requests without Origin and may refuse them', async () => {
    const seen: (string | undefined)[] = [];
    const errors = await start({ allowedOrigins: (origin) => (seen.push(origin), origin === GOOD) });
    expect(await upgradeStatus(h, {})).to.equal(403);
    expect((await handshake(h, {})).status).to.equal(403);
    expect(await upgradeStatus(h, { Origin: GOOD })).to.equal(101);
    expect(seen).to.deep.equal([undefined, undefined, GOOD]);
    expect(errors.length).to.equal(2);
  });

  it('a throwing allowedOrigins function refuses the request and the process lives', async () => {
    const errors = await start({
      allowedOrigins: () => {
        throw new Error('boom');
      },
    });
    expect((await handshake(h, { Origin: GOOD })).status).to.equal(403);
    expect((errors[0]!.context as { error: Error }).error.message).to.equal('boom');
  });

  it('a cors.origin function is asked (asynchronously) for each browser handshake', async () => {
    await start({ cors: { origin: (origin, cb) => setImmediate(() => cb(null, origin === GOOD)) } });
    expect(await upgradeStatus(h, { Origin: EVIL })).to.equal(403);
    expect(await upgradeStatus(h, { Origin: GOOD })).to.equal(101);
    const res = await handshake(h, { Origin: GOOD });
    expect(res.status).to.equal(200);
    expect(res.headers['access-control-allow-origin']).to.equal(GOOD);
  });

  it("enforces nothing when cors.origin allows any origin ('*', true) or is not set", async () => {
    for (const options of [{ cors: { origin: '*' } }, { cors: { origin: true } }, { cors: {} }, {}]) {
      await start(options);
      expect(await upgradeStatus(h, { Origin: EVIL })).to.equal(101);
      expect((await handshake(h, { Origin: EVIL })).status).to.equal(200);
      await h.close();
    }
    h = undefined as unknown as Harness;
  });

  it('refuses a bad allowedOrigins option at construction', () => {
    for (const bad of [1, true, [GOOD, 2], {}])
      expect(() => new Engine({ allowedOrigins: bad as never }))
        .to.throw(SockjetError, /allowedOrigins/)
        .with.property('code', 'ERR_INVALID_OPTION');
  });

  it('refuses the handshake of a Socket.IO server the same way', async () => {
    const { Server } = await import('../../src/server/server.js');
    const { createServer } = await import('node:http');
    const http = createServer();
    const io = new Server(http, { cors: { origin: GOOD } });
    await listen(http);
    const port = (http.address() as { port: number }).port;
    const refused = once<[EngineConnectionError]>(io.engine, 'connection_error');
    const res = await request(port, '/socket.io/?EIO=4&transport=polling', { headers: { Origin: EVIL } });
    expect(res.status).to.equal(403);
    expect((await refused)[0].code).to.equal(4);
    await io.close();
  });
});
