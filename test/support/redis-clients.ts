import { createClient } from 'redis';

export type RedisClient = ReturnType<typeof createClient>;

/**
 * The Redis clients a test made, connected, to quit together at the end. An error on one is written to stderr
 * (a client without an 'error' listener would end the process).
 *
 * @example
 *   const clients = new RedisClients();
 *   const pub = await clients.connect(redis.url);
 *   ...
 *   await clients.quitAll();
 */
export class RedisClients {
  private readonly made: RedisClient[] = [];

  async connect(url: string): Promise<RedisClient> {
    const client = createClient({ url });
    client.on('error', (err: Error) => process.stderr.write(`redis client: ${err.message}\n`));
    await client.connect();
    this.made.push(client);
    return client;
  }

  async quitAll(): Promise<void> {
    for (const client of this.made.splice(0)) await client.quit();
  }
}
