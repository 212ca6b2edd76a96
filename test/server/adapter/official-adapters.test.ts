import { createAdapter as createRedisAdapter } from '@socket.io/redis-adapter';
import { createAdapter as createStreamsAdapter } from '@socket.io/redis-streams-adapter';
import { createAdapter as createClusterAdapter } from '@socket.io/cluster-adapter';
import type { Adapter } from '../../../src/server/adapter/adapter.js';
import { RedisClients } from '../../support/redis-clients.js';
import { startRedis, type RedisServer } from '../../support/redis-server.js';
import { runAdapterContract } from './adapter-contract.js';


/**
 * The adapter contract run against each official adapter package (versions pinned in package.json), over a fake
 * namespace offering the surface they use (adapter-host.ts), one server alone. The packages' multi-server behaviour
 * against real sockjet servers is in test/cluster/.
 */
describe('Official adapter packages', function () {
  this.timeout(20_000);
  let redis: RedisServer;
  const clients = new RedisClients();
  const client = () => clients.connect(redis.url);

  before(async () => {
    redis = await startRedis();
  });

  after(async () => {
    await clients.quitAll();
    await redis.stop();
  });

  describe('@socket.io/redis-adapter', () => {
    // Clients of its own for each adapter: one closing (unsubscribing) while the next subscribes on a shared
    // subscriber can leave the channel unsubscribed on the Redis side.
    runAdapterContract(
      '@socket.io/redis-adapter',
      async (nsp) => createRedisAdapter(await client(), await client())(nsp) as unknown as Adapter,
      { recovery: false },
    );
  });

  describe('@socket.io/redis-streams-adapter', () => {
    let pub: Awaited<ReturnType<typeof client>>;
    before(async () => {
      pub = await client();
    });
    // A short block time: a closed adapter's stream reader lets go of its connection within it.
    runAdapterContract('@socket.io/redis-streams-adapter', (nsp) =>
      createStreamsAdapter(pub, { blockTimeInMs: 100 })(nsp) as unknown as Adapter, { replaysVolatile: true },
    );
  });

  describe('@socket.io/cluster-adapter (a worker alone)', () => {
    // The adapter talks to its cluster's primary with process.send, which a worker has; here nothing listens, as
    // in a cluster of one worker. Its 'message' listeners on process are removed after each test.
    let listeners: Set<unknown>;
    beforeEach(() => {
      listeners = new Set(process.listeners('message'));
      process.send = () => true;
    });
    afterEach(() => {
      delete process.send;
      for (const l of process.listeners('message')) if (!listeners.has(l)) process.off('message', l);
    });
    runAdapterContract('@socket.io/cluster-adapter', (nsp) => createClusterAdapter()(nsp) as unknown as Adapter, {
      recovery: false,
    });
  });
});
