import { TestServerHandle, type Kind } from './browser-helpers.js';
import { transportContract } from './transport-contract.js';

/** The client transport contract in Chromium (its own WebSocket and fetch), against the same servers as in Node. */
transportContract({
  options: {},
  async start(kind) {
    // Any kind of test/support/server-kinds.ts starts this way; `Kind` names the two the other tests use.
    const server = await TestServerHandle.start(kind as Kind);
    return {
      url: server.url,
      action: (name, args) => server.action(name, args),
      stop: () => server.stop(),
      close: () => server.close(),
    };
  },
});
