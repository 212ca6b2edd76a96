import { expect } from 'chai';
import type { Socket as ClientSocket } from '../../src/client/socket.js';
import { size, startChaosServer, type ChaosServer } from './chaos-env.js';
import { figure, printFigures } from './figures.js';
import { allConnect, sockjetClient } from './sockjet-clients.js';
import { once, WAIT_MS } from '../support/events.js';

const CLIENTS = size(40, 200);

describe('chaos: server restart with clients coming back', function () {
  this.timeout(size(30_000, 120_000));
  let server: ChaosServer | undefined;
  const clients: ClientSocket[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) c.disconnect();
    await server?.close();
    server = undefined;
  });
  after(() => printFigures('chaos: server restart'));

  it(`${CLIENTS} clients (half long-polling) reconnect, with jitter, to a server restarted on the same port`, async () => {
    server = await startChaosServer();
    const { port, url } = server;
    for (let i = 0; i < CLIENTS; i++)
      clients.push(sockjetClient(url, i, { reconnectionDelay: 100, reconnectionDelayMax: 2000, randomizationFactor: 0.5 }));
    await allConnect(clients);
    expect(server.io.engine.clientsCount).to.equal(CLIENTS);

    // Every client sees the server go, then comes back by its own backoff (jittered per attempt).
    const gone = Promise.all(clients.map((c) => once<[string]>(c, 'disconnect').then(([reason]) => reason)));
    const back: number[] = [];
    const attempts: number[] = [];
    for (const c of clients) c.io.on('reconnect', (attempt: number) => attempts.push(attempt));
    await server.close();
    const reasons = await gone;
    const t0 = performance.now();
    const returned = Promise.all(
      clients.map((c) => once(c, 'connect', { timeout: size(WAIT_MS, 60_000) }).then(() => back.push(performance.now() - t0))),
    );
    server = await startChaosServer({}, port);
    await returned;

    // A WebSocket sees its close; a long-polling client its pending request fail. Both mean "reconnect".
    for (const reason of reasons) expect(reason).to.be.oneOf(['transport close', 'transport error']);
    expect(server.io.engine.clientsCount).to.equal(CLIENTS);
    expect(server.io.sockets.sockets.size).to.equal(CLIENTS);
    back.sort((a, b) => a - b);
    const name = `${CLIENTS} clients`;
    figure(name, 'first client back (ms after restart began)', back[0]!.toFixed(0));
    figure(name, 'median client back (ms)', back[back.length >> 1]!.toFixed(0));
    figure(name, 'last client back (ms)', back[back.length - 1]!.toFixed(0));
    figure(name, 'reconnect attempts (max)', Math.max(...attempts));
    // Jitter spreads the returns out rather than bringing every client back in the same instant.
    expect(back[back.length - 1]! - back[0]!).to.be.above(0);
  });
});
