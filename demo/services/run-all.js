// `npm run demo:services`: starts the three services in order, each in its own process, on free ports,
// and stops them all on Ctrl-C. With ONCE=1 it stops by itself once the reply reached service 3.
import { spawn } from 'node:child_process';
/** @import { ChildProcess } from 'node:child_process' */

/** @type {ChildProcess[]} */
const children = [];

/**
 * Starts one service; resolves with the port it listens on (when it listens at all).
 * @param {string} file
 * @param {Record<string, string>} env
 * @param {boolean} listens
 * @returns {Promise<number>}
 */
function start(file, env, listens) {
  const child = spawn(process.execPath, [new URL(file, import.meta.url).pathname], {
    env: { ...process.env, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => reject(new Error(`${file} exited with ${code}`)));
    child.stdout.setEncoding('utf8').on('data', (text) => {
      process.stdout.write(text);
      const port = /listening on (\d+)/.exec(text)?.[1];
      if (port) resolve(Number(port));
      if (!listens && /reply: /.test(text)) resolve(0);
    });
  });
}

function stopAll() {
  for (const child of children) child.kill('SIGTERM');
}
process.on('SIGINT', stopAll);
process.on('SIGTERM', stopAll);

try {
  const port1 = await start('./service1.js', {}, true);
  const port2 = await start('./service2.js', { SERVICE1_URL: `http://127.0.0.1:${port1}` }, true);
  await start('./service3.js', { SERVICE2_URL: `http://127.0.0.1:${port2}` }, false);
  if (process.env.ONCE) stopAll();
} catch (err) {
  console.error(/** @type {Error} */ (err).message);
  stopAll();
  process.exitCode = 1;
}
