import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { serversPlugin } from './test/support/wtr-servers-plugin.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './test/support/chromium.ts';
import { sockjetServerPlugin } from './src/testing/index.ts';
import { kitSetup } from './test/testing/kit-setup.ts';

export default {
  files: ['test/**/*.browser.test.ts', 'test/**/*.any.test.ts'],
  hostname: '127.0.0.1',
  nodeResolve: true,
  forbidOnly: true,
  concurrency: 2,
  testsFinishTimeout: 180_000,
  browsers: [
    chromeLauncher({
      launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true },
    }),
  ],
  plugins: [esbuildPlugin({ ts: true, target: 'es2022' }), serversPlugin(), sockjetServerPlugin({ setup: kitSetup })],
  testFramework: { config: { timeout: 10_000 } },
};
