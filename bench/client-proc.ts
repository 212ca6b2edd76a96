import { serveRpc } from './ipc.js';
import { loadImpl } from './impl/load-impl.js';
import type { ImplName, Strategy } from './impl/types.js';
import { CLIENT_COMMANDS } from './scenarios/index.js';
import type { ClientState } from './scenarios/scenario.js';

/** The client process: holds every client of one repetition, driven by the orchestrator over IPC. */

const CONNECT_CONCURRENCY = 50;

let state: ClientState | undefined;

function need(): ClientState {
  if (!state) throw new Error('client process not initialised');
  return state;
}

async function connectMany(count: number, strategy: Strategy): Promise<number> {
  const s = need();
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next++;
      s.clients.push(await s.impl.connect(s.port, strategy));
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONNECT_CONCURRENCY, count) }, worker));
  return s.clients.length;
}

const handlers: Record<string, (args: Record<string, unknown>) => unknown> = {
  async init(args) {
    state = { impl: await loadImpl(args.impl as ImplName), port: Number(args.port), clients: [] };
    return process.pid;
  },
  connectMany: (args) => connectMany(Number(args.count), args.strategy as Strategy),
  closeAll() {
    for (const client of need().clients.splice(0)) client.close();
  },
};
for (const [name, command] of Object.entries(CLIENT_COMMANDS)) {
  handlers[name] = (args) => command(need(), args);
}

serveRpc(handlers);
