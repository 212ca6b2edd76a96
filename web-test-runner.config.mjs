import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { serversPlugin } from './test/support/wtr-servers-plugin.ts';

// Flags for Debian's Chromium on a closed network, running as root (see ../shared/TOOLCHAIN.md).
const chromeArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-domain-reliability',
  '--no-first-run',
  '--no-pings',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
];

export default {
  files: ['test/**/*.browser.test.ts', 'test/**/*.any.test.ts'],
  hostname: '127.0.0.1',
  nodeResolve: true,
  forbidOnly: true,
  concurrency: 2,
  testsFinishTimeout: 180_000,
  browsers: [
    chromeLauncher({
      launchOptions: { executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', args: chromeArgs, headless: true },
    }),
  ],
  plugins: [esbuildPlugin({ ts: true, target: 'es2022' }), serversPlugin()],
  testFramework: { config: { timeout: 10_000 } },
};
