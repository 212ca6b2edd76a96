import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const FIXTURE = fileURLToPath(new URL('./debug-story.fixture.ts', import.meta.url));

/** Runs the fixture under `DEBUG` and resolves with its stderr, once it exits (failing on a non-zero exit). */
function runStory(debug: string | undefined): Promise<string> {
  const env: NodeJS.ProcessEnv = { ...process.env, DEBUG_COLORS: 'no' };
  if (debug === undefined) delete env.DEBUG;
  else env.DEBUG = debug;
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(stderr) : reject(new Error(`fixture exited with ${code}:\n${stderr}`))));
  });
}

/** The index of the first line at or after `from` that matches, or a failure naming the line looked for. */
function findLine(lines: string[], re: RegExp, from: number): number {
  const i = lines.findIndex((line, j) => j >= from && re.test(line));
  expect(i, `no line matching ${re} after line ${from} in:\n${lines.join('\n')}`).to.be.at.least(0);
  return i;
}

describe('Debug logs (DEBUG=sockjet:*)', function () {
  // Two child processes that each load TypeScript through tsx.
  this.timeout(30_000);

  it('tell the story of one client connecting, upgrading and disconnecting, in order', async () => {
    const lines = (await runStory('sockjet:*')).split('\n');
    const hs = findLine(lines, /sockjet:engine handshake (\S+): transport polling from \S*127\.0\.0\.1, upgrades \["websocket"\]/, 0);
    const sid = /handshake (\S+):/.exec(lines[hs]!)![1]!;
    // The probe may start before or after the namespace's CONNECT is answered: both follow the handshake.
    const joined = findLine(lines, new RegExp(`sockjet:socket socket (\\S+) joined / on client ${sid} \\(polling\\)`), hs);
    const socketId = /socket (\S+) joined/.exec(lines[joined]!)![1]!;
    const probe = findLine(lines, new RegExp(`sockjet:engine upgrade of ${sid}: probing websocket`), hs);
    const upgraded = findLine(lines, new RegExp(`sockjet:engine upgrade of ${sid}: now on websocket`), probe);
    // The client's DISCONNECT and the end of its connection: the socket leaves for one reason or the other.
    const closed = findLine(lines, new RegExp(`sockjet:engine close ${sid} \\(websocket\\): transport close`), upgraded);
    findLine(lines, new RegExp(`sockjet:socket socket ${socketId} left /: (client namespace disconnect|transport close)`), joined);
    expect(closed).to.be.greaterThan(joined);
    expect(lines.some((l) => l.includes('sockjet:namespace namespace / created'))).to.equal(true);
  });

  it('print nothing when DEBUG is not set', async () => {
    expect(await runStory(undefined)).to.equal('');
  });
});
