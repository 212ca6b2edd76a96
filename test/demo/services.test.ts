import { expect } from 'chai';
import { spawn } from 'node:child_process';

describe('demo/services: three chained services', () => {
  it('carries a hello from service 3 through service 2 to service 1 and the reply back', async function () {
    this.timeout(30_000);
    const child = spawn(process.execPath, ['demo/services/run-all.js'], {
      env: { ...process.env, ONCE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (output += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (output += text));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(output).to.contain('[service 1] hello from service 3 via service 2');
    expect(output).to.contain('[service 3] reply: hello service 3 via service 2, from service 1');
    expect(code, output).to.equal(0);
  });
});
