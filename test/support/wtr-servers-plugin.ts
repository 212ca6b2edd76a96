import type { TestRunnerPlugin } from '@web/test-runner-core';
import { SERVER_KINDS } from './server-kinds.js';
import type { TestServer, TestServerOptions } from './test-server.js';

interface Running {
  kind: string;
  options: TestServerOptions;
  server: TestServer | undefined;
}

export interface StartPayload {
  kind: string;
  options?: TestServerOptions;
}

/**
 * Lets browser tests start real servers on 127.0.0.1, port 0, one per test when they need it:
 *
 *   const { id, url } = await executeServerCommand('server:start', { kind: 'ws-echo' });
 *   await executeServerCommand('server:stop', { id });      // the port stays reserved for a restart
 *   await executeServerCommand('server:restart', { id });   // listens again on the same port
 *   await executeServerCommand('server:action', { id, name: 'disconnectAll', args });
 *   await executeServerCommand('server:close', { id });     // stops it for good
 *
 * Every server still running is closed when the test run ends.
 */
export function serversPlugin(): TestRunnerPlugin {
  const running = new Map<number, Running>();
  let nextId = 1;

  const get = (id: unknown): Running => {
    const entry = running.get(Number(id));
    if (!entry) throw new Error(`no test server with id ${String(id)}`);
    return entry;
  };
  const start = async (entry: Running) => {
    entry.server = await SERVER_KINDS[entry.kind]!(entry.options);
    entry.options = { ...entry.options, port: entry.server.port };
    return { url: entry.server.url, port: entry.server.port };
  };
  const stop = async (entry: Running) => {
    const server = entry.server;
    entry.server = undefined;
    await server?.close();
  };

  const commands: Record<string, (payload: Record<string, unknown>) => Promise<unknown>> = {
    'server:start': async (payload) => {
      const { kind, options = {} } = payload as unknown as StartPayload;
      if (!SERVER_KINDS[kind]) throw new Error(`unknown test server kind "${kind}"`);
      const id = nextId++;
      const entry: Running = { kind, options, server: undefined };
      running.set(id, entry);
      return { id, ...(await start(entry)) };
    },
    'server:stop': async ({ id }) => stop(get(id)).then(() => true),
    'server:restart': async ({ id }) => {
      const entry = get(id);
      await stop(entry);
      return start(entry);
    },
    'server:close': async ({ id }) => {
      await stop(get(id));
      running.delete(Number(id));
      return true;
    },
    'server:action': async ({ id, name, args }) => {
      const server = get(id).server;
      const action = server?.actions?.[String(name)];
      if (!action) throw new Error(`test server ${String(id)} has no action "${String(name)}" (or is stopped)`);
      // web-test-runner reads undefined and null as "no plugin handles this command".
      return (await action(args)) ?? true;
    },
  };

  return {
    name: 'sockjet-test-servers',
    async executeCommand({ command, payload }) {
      const run = commands[command];
      if (!run) return undefined;
      return run((payload ?? {}) as Record<string, unknown>);
    },
    async serverStop() {
      await Promise.all([...running.values()].map(stop));
      running.clear();
    },
  };
}
