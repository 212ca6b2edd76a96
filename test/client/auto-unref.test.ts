import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { cleanup, startServer } from './helpers.js';

const CLIENT = fileURLToPath(new URL('../../src/client/node.ts', import.meta.url));

/**
 * Runs a Node process whose only handles are a sockjet client's (`script` gets `io` and the URL) and resolves
 * with its exit code and output once it exits by itself: with `autoUnref` it must (socket.io-client's option).
 */
function runAlone(script: string, url: string): Promise<{ code: number | null; out: string }> {
  const source = `import { io } from ${JSON.stringify(CLIENT)};\nconst url = ${JSON.stringify(url)};\n${script}`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', source], { stdio: 'pipe' });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  // 'close', not 'exit': the output may still be on its way when the process exits.
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out })));
}

describe('autoUnref: a Node process whose only handles are the client\'s exits', function () {
  this.timeout(30_000);
  afterEach(cleanup);

  it('connected over WebSocket (the `ws` package), with a pending ack timeout', async () => {
    const srv = await startServer();
    srv.io.on('connection', (s) => s.on('never', () => undefined));
    const r = await runAlone(
      // The script holds the process until connected (an unref'd client alone would let it end before that).
      `const hold = setInterval(() => {}, 1000);
       const s = io(url, { autoUnref: true, transports: ['websocket'] });
       s.on('connect', () => { console.log('connected'); clearInterval(hold); s.timeout(60000).emit('never', () => {}); });`,
      srv.url,
    );
    expect(r).to.deep.equal({ code: 0, out: 'connected\n' });
    expect(srv.io.engine.clientsCount).to.be.at.most(1);
  });

  it('while reconnecting to a server that is down', async () => {
    const srv = await startServer();
    const url = srv.url;
    await srv.close();
    const r = await runAlone(
      `const s = io(url, { autoUnref: true, reconnectionDelay: 60000, timeout: 60000 });
       s.io.once('reconnect_scheduled', (delay) => console.log('retry in', delay > 0));`,
      url,
    );
    // It exits while the retry (and the connect timeout) wait.
    expect(r).to.deep.equal({ code: 0, out: 'retry in true\n' });
  });
});
