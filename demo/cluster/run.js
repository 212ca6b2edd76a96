// `npm run demo:cluster`: a Redis of its own and two chat servers on it, on two ports. Open one in each of two
// windows and chat across servers: each server is a separate process, sharing rooms, broadcasts and the online list
// through Redis with the official @socket.io/redis-adapter.
//
// No load balancer here: each window talks to one server for its whole life, so stickiness is not a question. Behind
// a balancer, a client that starts with long-polling needs sticky sessions (every request of a session must reach the
// server that holds it); the sockjet client starts with WebSocket, one connection, and needs none once connected.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
/** @import { ChildProcess } from 'node:child_process' */

const REDIS_PORT = Number(process.env.REDIS_PORT ?? 6390);
const PORTS = (process.env.PORTS ?? '3001,3002').split(',').map(Number);
/** @type {ChildProcess[]} */
const children = [];

/** @param {number} code the exit code */
function stopAll(code) {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  process.exitCode = code;
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

/**
 * Resolves once Redis answers PING on `port`.
 * @param {number} port
 */
async function redisReady(port) {
  for (let i = 0; i < 200; i++) {
    const ok = await new Promise((resolve) => {
      const sock = createConnection(port, '127.0.0.1', () => sock.write('PING\r\n'));
      sock.once('data', (d) => (sock.destroy(), resolve(d.toString().startsWith('+PONG'))));
      sock.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`redis-server did not answer on port ${port}`);
}

const dir = mkdtempSync(join(tmpdir(), 'sockjet-demo-redis-'));
const redis = spawn('redis-server', ['--port', String(REDIS_PORT), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], {
  stdio: 'ignore',
});
children.push(redis);
redis.on('error', (err) => {
  console.error(`cannot start redis-server (${err.message}): install it (Debian: apt-get install redis-server)`);
  stopAll(1);
});
redis.on('exit', () => rmSync(dir, { recursive: true, force: true }));
await redisReady(REDIS_PORT);
console.log(`redis-server on 127.0.0.1:${REDIS_PORT}`);

for (const port of PORTS) {
  const server = spawn(process.execPath, [new URL('../chat/server.js', import.meta.url).pathname], {
    env: { ...process.env, PORT: String(port), REDIS_URL: `redis://127.0.0.1:${REDIS_PORT}` },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  children.push(server);
  server.on('exit', (code) => code && stopAll(code));
}
console.log(`two chat servers, one Redis: open ${PORTS.map((p) => `http://localhost:${p}/`).join(' and ')} (Ctrl-C stops all)`);
