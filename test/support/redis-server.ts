import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from './events.js';
import { freePort } from './net.js';

/** A redis-server of the test's own, on a free port of 127.0.0.1, with persistence off. */
export interface RedisServer {
  readonly port: number;
  readonly url: string;
  /** Stops it (SIGKILL by PID: nothing to flush) and waits for the process to exit. */
  stop(): Promise<void>;
  /**
   * Stops it and starts a fresh, empty one on the same port (a Redis restart: everything in memory is gone);
   * `whileDown` runs in between.
   */
  restart(whileDown?: () => Promise<void>): Promise<void>;
}

const REDIS_BIN = process.env.REDIS_SERVER ?? 'redis-server';

/** One `PING` on a fresh connection: true when Redis answers `+PONG`. */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = new Socket();
    let answer = '';
    const done = (ok: boolean) => {
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(1000, () => done(false));
    sock.once('error', () => done(false));
    sock.on('data', (chunk) => {
      answer += chunk.toString('latin1');
      if (answer.includes('\r\n')) done(answer.startsWith('+PONG'));
    });
    sock.connect(port, '127.0.0.1', () => sock.write('PING\r\n'));
  });
}

function launch(port: number, dir: string): ChildProcess {
  const child = spawn(
    REDIS_BIN,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  const keep = (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  child.once('exit', (code, signal) => {
    if (code) process.stderr.write(`redis-server on ${port} exited with code ${code}:\n${log}\n`);
    void signal;
  });
  return child;
}

function waitForPing(port: number, child: ChildProcess): Promise<void> {
  const answers = async () => {
    if (child.exitCode !== null) throw new Error(`redis-server on port ${port} exited (code ${child.exitCode}) before answering PING`);
    return ping(port);
  };
  return eventually(`redis-server on port ${port} to answer PING`, answers, { timeout: 10_000, every: 20 });
}

function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    process.kill(child.pid!, 'SIGKILL');
  });
}

/**
 * Starts `redis-server --port <free> --bind 127.0.0.1 --save "" --appendonly no --dir <temp dir>` and resolves once
 * it answers PING. Never relies on a Redis that happens to run on the machine.
 *
 * @example
 *   const redis = await startRedis();
 *   const client = createClient({ url: redis.url });
 *   ...
 *   await redis.stop();
 */
export async function startRedis(): Promise<RedisServer> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'sockjet-redis-'));
  let child = launch(port, dir);
  await waitForPing(port, child);
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      await kill(child);
      rmSync(dir, { recursive: true, force: true });
    },
    async restart(whileDown) {
      await kill(child);
      await whileDown?.();
      child = launch(port, dir);
      await waitForPing(port, child);
    },
  };
}
