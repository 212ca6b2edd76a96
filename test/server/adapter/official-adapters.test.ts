import { createAdapter as createRedisAdapter, createShardedAdapter } from '@socket.io/redis-adapter';
import { createAdapter as createStreamsAdapter } from '@socket.io/redis-streams-adapter';
import { createAdapter as createClusterAdapter } from '@socket.io/cluster-adapter';
import { Adapter as SocketIoAdapter, SessionAwareAdapter } from 'socket.io-adapter';
import type { Adapter } from '../../../src/server/adapter/adapter.js';
import { RedisClients } from '../../support/redis-clients.js';
import { startRedis, type RedisServer } from '../../support/redis-server.js';
import { runAdapterContract, type MakeAdapter } from './adapter-contract.js';

/** An official adapter seen through sockjet's Adapter type (their types name socket.io's Namespace). */
const asAdapter = (make: (nsp: never) => unknown): MakeAdapter => (nsp) => make(nsp as never) as Adapter;

const NO_RECOVERY = 'the package has no connection state recovery (its restoreSession is not implemented)';

/**
 * The adapter contract run against each official adapter package (versions pinned in package.json), over a fake
 * namespace offering the surface they use (adapter-host.ts): one server alone, then two servers of one cluster over
 * the test's own redis-server. The packages' behaviour behind real sockjet servers in their own processes is in
 * test/cluster/.
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

  // socket.io's Server takes the session-aware one when connectionStateRecovery is set; so does this.
  runAdapterContract(
    "socket.io-adapter's in-memory Adapter (SessionAwareAdapter with recovery)",
    asAdapter((nsp: { server: { opts: { connectionStateRecovery?: object } } }) =>
      nsp.server.opts.connectionStateRecovery ? new SessionAwareAdapter(nsp as never) : new SocketIoAdapter(nsp as never),
    ),
    {
      skip: {
        cluster: 'an adapter of one process: there is no other server to reach',
        serverSideEmitCallback: 'its serverSideEmit only warns that it is not supported, and never calls back',
        restoresOnce: 'SessionAwareAdapter keeps a restored session until it expires: the same pid restores it again',
      },
    },
  );

  describe('@socket.io/redis-adapter', () => {
    // Clients of its own for each adapter: one closing (unsubscribing) while the next subscribes on a shared
    // subscriber can leave the channel unsubscribed on the Redis side.
    runAdapterContract(
      '@socket.io/redis-adapter',
      async (nsp) => asAdapter(createRedisAdapter(await client(), await client()))(nsp),
      { skip: { recovery: NO_RECOVERY } },
    );
  });

  describe('@socket.io/redis-adapter, sharded (Redis 7 SSUBSCRIBE)', () => {
    runAdapterContract(
      '@socket.io/redis-adapter createShardedAdapter',
      async (nsp) => asAdapter(createShardedAdapter(await client(), await client()))(nsp),
      { skip: { recovery: NO_RECOVERY } },
    );
  });

  describe('@socket.io/redis-streams-adapter', () => {
    let pub: Awaited<ReturnType<typeof client>>;
    before(async () => {
      pub = await client();
    });
    // Each createAdapter is a server: it reads the stream on connections of its own, duplicated from `pub`. A short
    // block time: a closed adapter's stream reader lets go of its connection within it.
    runAdapterContract(
      '@socket.io/redis-streams-adapter',
      (nsp) => asAdapter(createStreamsAdapter(pub, { blockTimeInMs: 100 }))(nsp),
      { replaysVolatile: true },
    );
  });

  describe('@socket.io/cluster-adapter (workers of one process)', () => {
    // The adapter talks to its cluster's primary with process.send; here process.send stands for the primary,
    // handing each message (a JSON copy, as IPC's default serialization makes) to every worker's adapter in this
    // process, which skip their own. The adapters' 'message' listeners on process are removed after each test.
    let listeners: Set<unknown>;
    beforeEach(() => {
      listeners = new Set(process.listeners('message'));
      process.send = (message: unknown) => {
        const copy: unknown = JSON.parse(JSON.stringify(message));
        setImmediate(() => process.emit('message', copy as never, undefined));
        return true;
      };
    });
    afterEach(() => {
      delete process.send;
      for (const l of process.listeners('message')) if (!listeners.has(l)) process.off('message', l);
    });
    runAdapterContract('@socket.io/cluster-adapter', asAdapter(createClusterAdapter()), { skip: { recovery: NO_RECOVERY } });
  });
});
