import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { freePort } from '../support/net.js';

/** Runs one guide program (they stop by themselves) and gives its output lines. */
function run(name: string, env: Record<string, string> = {}): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const options = { timeout: 20_000, env: { ...process.env, ...env } };
    execFile(process.execPath, [`demo/guide/${name}.js`], options, (err, stdout, stderr) => {
      if (err) reject(new Error(`${name} failed: ${err.message}\n${stdout}\n${stderr}`));
      else resolve(stdout.trim().split('\n'));
    });
  });
}

describe('demo/guide: the README programs', function () {
  this.timeout(30_000);

  it('quick-start: a pushed event and an acknowledged one, then a clean exit (as pasted from the README)', async () => {
    const lines = await run('quick-start', { PORT: String(await freePort()) });
    expect(lines).to.have.length(2);
    expect(lines[0]).to.match(/^hi, you are [\w-]{20}$/);
    expect(lines[1]).to.equal('hello ada');
  });

  it('rooms: a room message reaches the room but not the sender; a namespace broadcasts to another', async () => {
    const lines = await run('rooms');
    expect(lines[0]).to.equal('bob got said: hi bob');
    // The two announcements travel on two connections: either may land first.
    expect(lines.slice(1, 3)).to.have.members(['alice got announcement: closing soon', 'bob got announcement: closing soon']);
    expect(lines.slice(3)).to.deep.equal(['sockets on /: 2 - on /admin: 1']);
  });

  it('reconnection: reconnects after a restart and delivers what was emitted meanwhile, in order', async () => {
    const lines = await run('reconnection');
    expect(lines.filter((l) => l.startsWith('server got:'))).to.deep.equal([
      'server got: before the restart',
      'server got: written while the server was down',
      'server got: and this one too',
      'server got: after the restart',
    ]);
    expect(lines).to.include.members(['disconnected: transport close', 'reconnect attempt 1', 'reconnected']);
  });

  it('recovery: a cut client gets its session back and the events it missed, in order', async () => {
    expect(await run('recovery')).to.deep.equal([
      'client: connected, recovered: false',
      'client: news: first',
      'client: disconnected (transport close)',
      'server: ada is back, still in news',
      'client: news: while away 1',
      'client: news: while away 2',
      'client: connected, recovered: true',
      'client: disconnected (io client disconnect)',
    ]);
  });

  it('websocket: the drop-in echoes, fires close then open again across a restart, and keeps binaryType', async () => {
    expect(await run('websocket')).to.deep.equal([
      'open 1',
      'message: HELLO',
      'close 1005 reconnecting',
      'open 2',
      'binary: 1,2,3 still arraybuffer',
      'close 1000 for good',
    ]);
  });
});
