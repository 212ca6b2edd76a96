import { Server, type ServerOptions } from '../../src/server/index.js';
import { serve, type Served } from '../support/net.js';

/**
 * The chaos suite runs at two sizes: `npm test` runs it small enough for CI (well under 30 s on 2 cores), and
 * `npm run test:chaos` sets CHAOS=full for the sizes issue 13 names (200 MB to a stalled reader, 10k connections).
 */
export const FULL = process.env.CHAOS === 'full';

/** Picks the figure for this run's size. */
export const size = (ci: number, full: number): number => (FULL ? full : ci);

export interface ChaosServer extends Served<Server> {
  close(): Promise<void>;
}

/** A sockjet Server on 127.0.0.1 (`port` 0 picks a free one). */
export async function startChaosServer(options: Partial<ServerOptions> = {}, port = 0): Promise<ChaosServer> {
  const served = await serve((http) => new Server(http, options), { port });
  return { ...served, close: () => served.io.close() };
}

export const MB = 1024 * 1024;
export const mb = (bytes: number): string => (bytes / MB).toFixed(1);
