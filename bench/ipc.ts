import type { ChildProcess } from 'node:child_process';

/**
 * Request/response over a child process's IPC channel. Each request carries an id; the child answers with the
 * same id and either `result` or `error`. Requests time out so a wedged child cannot hang the bench.
 */

interface Reply {
  id: number;
  result?: unknown;
  error?: string;
}

type Handler = (args: Record<string, unknown>) => unknown;

/** The command every child answers by exiting; it sends no reply. */
export const EXIT = 'exit';

export class Rpc {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  constructor(private readonly child: ChildProcess) {
    child.on('message', (msg: Reply) => {
      const entry = this.pending.get(msg.id);
      if (!entry) return;
      this.pending.delete(msg.id);
      if (msg.error !== undefined) entry.reject(new Error(msg.error));
      else entry.resolve(msg.result);
    });
    child.on('exit', (code, signal) => {
      const err = new Error(`child exited (code ${code}, signal ${signal})`);
      for (const entry of this.pending.values()) entry.reject(err);
      this.pending.clear();
    });
  }

  call<T>(cmd: string, args: Record<string, unknown> = {}, timeoutMs = 60_000): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${cmd}: no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (v) => { clearTimeout(timer); resolve(v as T); },
        reject: (e) => { clearTimeout(timer); reject(e); },
      });
      this.child.send({ id, cmd, args });
    });
  }
}

/** In a child process: answer requests from the parent with `handlers[cmd](args)`. */
export function serveRpc(handlers: Record<string, Handler>): void {
  process.on('message', async (msg: { id: number; cmd: string; args: Record<string, unknown> }) => {
    // A normal exit (not a signal) lets --cpu-prof write its profile.
    if (msg.cmd === EXIT) return void setImmediate(() => process.exit(0));
    const handler = handlers[msg.cmd];
    try {
      if (!handler) throw new Error(`unknown command ${msg.cmd}`);
      const result = await handler(msg.args);
      process.send?.({ id: msg.id, result: result ?? null });
    } catch (err) {
      process.send?.({ id: msg.id, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    }
  });
  // The parent going away must not leave this process running.
  process.on('disconnect', () => process.exit(0));
}
