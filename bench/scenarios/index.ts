import { broadcast, broadcastClient } from './broadcast.js';
import { connect, connectClient } from './connect.js';
import { idle } from './idle.js';
import { requestLoad, requestLoadClient } from './request-load.js';
import type { ClientCommand, Scenario } from './scenario.js';

/** Every scenario in the order the bench runs them, and the commands their client side answers. */
export const SCENARIOS: readonly Scenario[] = [requestLoad('echo'), requestLoad('ack'), broadcast, idle, connect];

export const CLIENT_COMMANDS: Record<string, ClientCommand> = {
  ...requestLoadClient,
  ...broadcastClient,
  ...connectClient,
};
