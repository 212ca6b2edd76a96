import type { ServerOptions } from '../server/index.js';
import { TestingError } from './testing-error.js';
import { onSessionEnd, type PageSockets } from './session-end.js';
import { createTestServer, type SocketInfo, type TestServer, type TestServerSetup } from './test-server.js';

export interface SockjetServerPluginOptions {
  /** The app's server code, run on a fresh `Server` at each `sockjet:start` and `sockjet:restart`. */
  setup: TestServerSetup;
  /** Options for every `Server` (a test may add its own with `sockjet:start`'s `serverOptions`). */
  serverOptions?: Partial<ServerOptions>;
}

/** `sockjet:start`'s payload: `serverOptions` go to the `Server`, and the whole object to `setup` as `ctx.options`. */
export interface StartPayload {
  serverOptions?: Partial<ServerOptions>;
  [option: string]: unknown;
}

/** What `sockjet:start` and `sockjet:restart` answer. */
export interface StartedServer {
  id: number;
  url: string;
  port: number;
}

/** The payload of every command but `sockjet:start`, by command. */
export interface CommandPayloads {
  'sockjet:stop': { id: number };
  'sockjet:restart': { id: number };
  'sockjet:cut': { id: number; socket?: string; nsp?: string };
  'sockjet:emit': { id: number; event: string; args?: unknown[]; room?: string };
  'sockjet:latency': { id: number; ms: number };
  'sockjet:block': { id: number; on?: boolean };
  'sockjet:sockets': { id: number; nsp?: string };
}

/** The slice of web-test-runner's plugin API this plugin uses (so its types need no web-test-runner package). */
interface Logger {
  error(...args: unknown[]): void;
}
interface CommandArgs {
  command: string;
  payload?: unknown;
  session: { id: string; testFile: string };
}

/** A web-test-runner plugin (structurally a `TestRunnerPlugin`). */
export interface SockjetServerPlugin {
  name: string;
  serverStart(args: { webSockets?: PageSockets; logger?: Logger }): void;
  serverStop(): Promise<void>;
  executeCommand(args: CommandArgs): Promise<unknown> | undefined;
}

interface Entry {
  server: TestServer;
  session: string;
}

/**
 * Gives browser tests real sockjet servers, set up by the app's code, through web-test-runner's server commands:
 *
 *   // web-test-runner.config.mjs
 *   plugins: [sockjetServerPlugin({ setup: (io) => installChat(io) })]
 *   // a test (or use the typed wrappers of sockjet/testing/browser)
 *   const { id, url } = await executeServerCommand('sockjet:start');
 *   await executeServerCommand('sockjet:restart', { id });
 *
 * Every server a test file started is closed when that file's session ends (or its page goes away).
 */
export function sockjetServerPlugin(options: SockjetServerPluginOptions): SockjetServerPlugin {
  const servers = new Map<number, Entry>();
  let nextId = 1;

  const closeSession = (session: string) =>
    Promise.all(
      [...servers].filter(([, e]) => e.session === session).map(([id, e]) => (servers.delete(id), e.server.close())),
    );
  const get = (payload: unknown, session: string): TestServer => {
    const id = (payload as { id?: unknown } | undefined)?.id;
    const entry = servers.get(Number(id));
    if (!entry || entry.session !== session) {
      const message = `no sockjet test server with id ${String(id)} in this test file`;
      throw new TestingError('ERR_UNKNOWN_TEST_SERVER', message);
    }
    return entry.server;
  };
  const started = (id: number, server: TestServer): StartedServer => ({ id, url: server.url, port: server.port });

  const commands: Record<string, (payload: any, session: CommandArgs['session']) => Promise<unknown> | unknown> = {
    'sockjet:start': async (payload: StartPayload | undefined, session) => {
      const server = await createTestServer(options.setup, {
        serverOptions: { ...options.serverOptions, ...payload?.serverOptions },
        options: { ...payload },
      });
      const id = nextId++;
      servers.set(id, { server, session: session.id });
      return started(id, server);
    },
    'sockjet:stop': (p: CommandPayloads['sockjet:stop'], s) => get(p, s.id).stop().then(() => true),
    'sockjet:restart': async (p: CommandPayloads['sockjet:restart'], s) => {
      const server = get(p, s.id);
      await server.restart();
      return started(p.id, server);
    },
    'sockjet:cut': (p: CommandPayloads['sockjet:cut'], s) => get(p, s.id).cut(p.socket, p.nsp),
    'sockjet:emit': (p: CommandPayloads['sockjet:emit'], s) => {
      const server = get(p, s.id);
      if (p.room === undefined) server.emit(p.event, ...(p.args ?? []));
      else server.emitTo(p.room, p.event, ...(p.args ?? []));
      return true;
    },
    'sockjet:latency': (p: CommandPayloads['sockjet:latency'], s) => (get(p, s.id).latency(p.ms), true),
    'sockjet:block': (p: CommandPayloads['sockjet:block'], s) => (get(p, s.id).block(p.on ?? true), true),
    'sockjet:sockets': (p: CommandPayloads['sockjet:sockets'], s): SocketInfo[] => get(p, s.id).sockets(p.nsp),
  };

  return {
    name: 'sockjet-test-servers',
    serverStart({ webSockets, logger = console }) {
      const fail = (err: unknown) => logger.error('sockjet/testing: a test server failed to close', err);
      onSessionEnd(webSockets, (session) => void closeSession(session).catch(fail));
    },
    async serverStop() {
      await Promise.all([...servers.values()].map((e) => e.server.close()));
      servers.clear();
    },
    executeCommand({ command, payload, session }) {
      const run = commands[command];
      // undefined tells web-test-runner that another plugin may handle this command.
      if (!run) return undefined;
      return Promise.resolve().then(() => run(payload, session));
    },
  };
}
