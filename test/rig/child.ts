import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The project root: the package itself, which its own files may import by name ("exports" self-reference). */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface RunOptions {
  cwd?: string;
  env?: Record<string, string>;
  /**
   * Killed after this long (default 110 s; the test then fails with what the child printed). Set below the
   * test's own timeout, so no child outlives its test. Generous: 2 loaded cores make tsc take a minute.
   */
  timeoutMs?: number;
}

/**
 * Runs a command and resolves with its stdout; rejects with its exit code, stdout and stderr when it fails or
 * runs past its timeout, so a failing child explains itself in the test's message.
 */
export function run(file: string, args: readonly string[], opts: RunOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      {
        cwd: opts.cwd ?? ROOT,
        env: { ...process.env, ...opts.env },
        timeout: opts.timeoutMs ?? 110_000,
        maxBuffer: 16 * 1024 * 1024,
      },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`${file} ${args.join(' ')} failed (${err.code ?? err.signal}):\n${stdout}\n${stderr}`));
        else resolve(stdout);
      },
    );
  });
}

/** Runs a Node program given as source: CommonJS, or an ES module (`esm`), from `cwd` (the package by default). */
export function runNode(source: string, esm: boolean, opts: RunOptions = {}): Promise<string> {
  return run(process.execPath, [`--input-type=${esm ? 'module' : 'commonjs'}`, '-e', source], opts);
}

/**
 * A program that loads the three entries (`load(name)` is `require` or `import`), starts a server, and connects a
 * client over WebSocket only, so it connects only if the Node client found the `ws` package (Node 20 has no global
 * WebSocket); prints one JSON line: the ack's answer and the entries' export names.
 */
export const connectProgram = (load: (name: string) => string): string => `
  const { Server } = ${load('sockjet/server')};
  const { io, Manager, Socket } = ${load('sockjet')};
  const { WebSocket } = ${load('sockjet/websocket')};
  const server = new Server(0);
  server.on('connection', (socket) => socket.on('ping', (ack) => ack('pong')));
  server.httpServer.on('listening', () => {
    const socket = io('http://127.0.0.1:' + server.httpServer.address().port, { transports: ['websocket'] });
    socket.on('connect_error', (err) => { console.error('connect_error', err.message); process.exit(1); });
    socket.on('connect', async () => {
      const reply = await socket.timeout(5000).emitWithAck('ping');
      const kinds = [Server, io, Manager, Socket, WebSocket].map((x) => typeof x);
      console.log(JSON.stringify({ reply, kinds, transport: socket.io.engine.transport.name }));
      socket.disconnect();
      await server.close();
    });
  });
`;
