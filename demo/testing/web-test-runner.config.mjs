// web-test-runner for the chat example: each test gets a real sockjet server running the chat's server code.
// Run from the repository root: npm run test:demo-testing (after npm run build).
import { chromeLauncher } from '@web/test-runner-chrome';
import { sockjetServerPlugin } from 'sockjet/testing';
import { installChat } from './chat-server.js';
// This machine's Chromium and its flags (no sandbox as root, no outside DNS); a usual setup needs none of it.
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../test/support/chromium.ts';

export default {
  files: ['demo/testing/*.browser.test.js'],
  hostname: '127.0.0.1',
  nodeResolve: true,
  browsers: [chromeLauncher({ launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true } })],
  plugins: [sockjetServerPlugin({ setup: installChat })],
};
