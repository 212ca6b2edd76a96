import { expect } from 'chai';
import { once } from 'node:events';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher, startTestRunner } from '@web/test-runner';
import type { Server } from '../../src/server/index.js';
import { sockjetServerPlugin, type SetupContext } from '../../src/testing/index.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/chromium.js';

/**
 * "Every server started by a test file is closed when the file ends": a web-test-runner of its own runs two
 * files one after the other; the first starts servers (with clients on them) and ends, the second asks the
 * Node side whether they are closed by now, long before the run (and the plugin's serverStop) ends.
 */
describe('sockjetServerPlugin closes the servers of a test file when the file ends', function () {
  this.timeout(60_000);

  it('closes the first file\'s servers before the second file runs', async () => {
    const opener: Promise<unknown>[] = [];
    const setup = (io: Server, ctx: SetupContext) => {
      if (ctx.options.file === 'opener') opener.push(once(io.httpServer!, 'close'));
    };
    // Waits for the closes themselves: they start when the opener's session ends and finish a moment later. Were
    // they never to come, the checker's command would not answer and this test would fail on its timeout.
    const probe = {
      name: 'probe',
      async executeCommand({ command }: { command: string }) {
        if (command !== 'probe:opener-closed') return undefined;
        await Promise.all(opener);
        return { started: opener.length, closed: opener.length };
      },
    };
    const runner = await startTestRunner({
      readCliArgs: false,
      readFileConfig: false,
      autoExitProcess: false,
      config: {
        files: ['test/testing/fixtures/opener.fixture.ts', 'test/testing/fixtures/checker.fixture.ts'],
        concurrency: 1,
        hostname: '127.0.0.1',
        nodeResolve: true,
        staticLogging: true,
        reporters: [],
        browsers: [
          chromeLauncher({ launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true } }),
        ],
        plugins: [esbuildPlugin({ ts: true, target: 'es2022' }), sockjetServerPlugin({ setup }), probe],
      },
    });
    if (!runner) throw new Error('web-test-runner did not start');
    // Not node:events' once(): the runner has its own emitter, with on() only.
    const passed = await new Promise((resolve) => runner.on('stopped', resolve));
    expect(opener).to.have.length(2);
    expect(passed, 'both fixture files passed').to.equal(true);
  });
});
