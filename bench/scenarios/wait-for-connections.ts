import type { Rpc } from '../ipc.js';

/** Polls the server until it counts `expected` connections; bounded so a lost client fails the rep. */
export async function waitForConnections(server: Rpc, expected: number, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  let count = 0;
  while (Date.now() < end) {
    count = await server.call<number>('count');
    if (count === expected) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`server counts ${count} connections, expected ${expected}`);
}
