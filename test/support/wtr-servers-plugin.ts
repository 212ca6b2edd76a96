import type { TestRunnerPlugin } from '@web/test-runner-core';
import { openLink, type Link } from '../../src/testing/link.js';
import { onSessionEnd, type PageSockets } from '../../src/testing/session-end.js';
import { SERVER_KINDS } from './server-kinds.js';
import type { TestServer, TestServerOptions } from './test-server.js';

interface Running {
  kind: string;
  options: TestServerOptions;
  server: TestServer | undefined;
  /** sockjet/testing's link: it owns the public port, so a restart keeps the URL; it also freezes. */
  link: Link;
  session: string;
}

export interface StartPayload {
  kind: string;
  options?: TestServerOptions;
}

/**
 * Lets browser tests start real servers of the kinds the kit does not cover (a bare `ws` or Engine echo, the
 * official socket.io for interop bodies), on the kit's mechanism: each sits behind sockjet/testing's link on
 * 127.0.0.1 and a test file's servers close when the file ends, as with sockjetServerPlugin.
 *
 *   const { id, url } = await executeServerCommand('server:start', { kind: 'ws-echo' });
 *   await executeServerCommand('server:stop', { id });      // the URL stays reserved for a restart
 *   await executeServerCommand('server:restart', { id });   // a fresh server behind the same URL
 *   await executeServerCommand('server:action', { id, name: 'disconnectAll', args });
 *   await executeServerCommand('server:action', { id, name: 'freeze' });  // or 'thaw': the link, any kind
 *   await executeServerCommand('server:close', { id });     // stops it for good
 */
export function serversPlugin(): TestRunnerPlugin {
  const running = new Map<number, Running>();
  let nextId = 1;

  const get = (id: unknown): Running => {
    const entry = running.get(Number(id));
    if (!entry) throw new Error(`no test server with id ${String(id)}`);
    return entry;
  };
  const publicUrl = (entry: Running) => entry.server!.url.replace(`:${entry.server!.port}`, `:${entry.link.port}`);
  const start = async (entry: Running) => {
    entry.server = await SERVER_KINDS[entry.kind]!(entry.options);
    entry.link.target(entry.server.port);
    return { url: publicUrl(entry), port: entry.link.port };
  };
  const stop = async (entry: Running) => {
    const server = entry.server;
    entry.server = undefined;
    entry.link.target(null);
    const closing = server?.close();
    // Not after the close: a WebSocket close handshake on a frozen link would hold it up for ws's 30 s.
    entry.link.drop();
    await closing;
  };
  const close = async (id: number) => {
    const entry = get(id);
    running.delete(id);
    await stop(entry);
    await entry.link.close();
  };

  const commands: Record<string, (payload: Record<string, unknown>, session: string) => Promise<unknown>> = {
    'server:start': async (payload, session) => {
      const { kind, options = {} } = payload as unknown as StartPayload;
      if (!SERVER_KINDS[kind]) throw new Error(`unknown test server kind "${kind}"`);
      const id = nextId++;
      const entry: Running = { kind, options, server: undefined, link: await openLink(null), session };
      running.set(id, entry);
      return { id, ...(await start(entry)) };
    },
    'server:stop': async ({ id }) => stop(get(id)).then(() => true),
    'server:restart': async ({ id }) => {
      const entry = get(id);
      await stop(entry);
      return start(entry);
    },
    'server:close': async ({ id }) => close(Number(id)).then(() => true),
    'server:action': async ({ id, name, args }) => {
      const entry = get(id);
      if (name === 'freeze' || name === 'thaw') {
        entry.link[name]();
        return true;
      }
      const action = entry.server?.actions?.[String(name)];
      if (!action) throw new Error(`test server ${String(id)} has no action "${String(name)}" (or is stopped)`);
      // web-test-runner reads undefined and null as "no plugin handles this command".
      return (await action(args)) ?? true;
    },
  };
  const closeSession = (session: string) =>
    Promise.all([...running].filter(([, e]) => e.session === session).map(([id]) => close(id)));

  return {
    name: 'sockjet-test-servers',
    serverStart({ webSockets, logger }) {
      const fail = (err: unknown) => logger.error(`a test server failed to close: ${String(err)}`);
      onSessionEnd(webSockets as PageSockets | undefined, (session) => void closeSession(session).catch(fail));
    },
    async executeCommand({ command, payload, session }) {
      const run = commands[command];
      if (!run) return undefined;
      return run((payload ?? {}) as Record<string, unknown>, session.id);
    },
    async serverStop() {
      await Promise.all([...running.keys()].map(close));
    },
  };
}
