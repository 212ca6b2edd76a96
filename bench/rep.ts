import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXIT, Rpc } from './ipc.js';
import type { ImplName } from './impl/types.js';
import type { Measurement, Params, Scenario } from './scenarios/scenario.js';

/**
 * One repetition of one scenario for one implementation: a fresh server process and a fresh client process,
 * both killed afterwards, so nothing (heap, JIT state, sockets) carries over between repetitions.
 */

const SERVER = fileURLToPath(new URL('./server-proc.ts', import.meta.url));
const CLIENT = fileURLToPath(new URL('./client-proc.ts', import.meta.url));
const START_TIMEOUT_MS = 30_000;
const EXIT_GRACE_MS = 3_000;

export interface RepOptions {
  /** Write the server process's CPU profile to this directory (node --cpu-prof). */
  profileDir?: string;
  /** Names the profile's directory. */
  label: string;
}

function spawnChild(script: string, extraArgs: string[]): ChildProcess {
  return fork(script, [], { execArgv: ['--import', 'tsx', ...extraArgs], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    // Asked politely first (a child writing a CPU profile needs a normal exit); a child still loading or too
    // busy to answer is terminated, and one that ignores that too is killed.
    const term = setTimeout(() => child.kill('SIGTERM'), EXIT_GRACE_MS);
    const kill = setTimeout(() => child.kill('SIGKILL'), 2 * EXIT_GRACE_MS);
    child.once('exit', () => { clearTimeout(term); clearTimeout(kill); resolve(); });
    if (child.connected) child.send({ id: 0, cmd: EXIT, args: {} });
    else child.kill('SIGTERM');
  });
}

export async function runRep(scenario: Scenario, impl: ImplName, params: Params, opts: RepOptions): Promise<Measurement> {
  const prof = opts.profileDir
    // One directory per repetition: every thread (tsx's loader runs in a worker) writes its own profile.
    ? ['--cpu-prof', `--cpu-prof-dir=${join(opts.profileDir, `${opts.label}-server`)}`]
    : [];
  const serverProc = spawnChild(SERVER, ['--expose-gc', ...prof]);
  const clientProc = spawnChild(CLIENT, []);
  try {
    const server = new Rpc(serverProc);
    const client = new Rpc(clientProc);
    const { port } = await server.call<{ port: number }>('start', { impl, joinRoom: scenario.joinRoom }, START_TIMEOUT_MS);
    await client.call('init', { impl, port }, START_TIMEOUT_MS);
    const pids = [process.pid, serverProc.pid!, clientProc.pid!];
    return await scenario.measure({ impl, server, client, pids, params });
  } finally {
    // Clients first, so the server is still up while their connections drop.
    await stopChild(clientProc);
    await stopChild(serverProc);
  }
}
