/**
 * `sockjet/testing/browser`: typed wrappers around the `sockjet:*` commands of `sockjetServerPlugin`, for tests
 * that run in the browser under web-test-runner. Imports only `@web/test-runner-commands` (an optional peer).
 */
import { executeServerCommand } from '@web/test-runner-commands';
import type { CommandPayloads, StartedServer, StartPayload } from './server-plugin.js';
import type { SocketInfo } from './test-server.js';

export { waitFor } from './wait-for.js';
export type { EventSource, WaitForOptions } from './wait-for.js';
export type { SocketInfo, StartedServer, StartPayload };

const run = <K extends keyof CommandPayloads, R = true>(command: K, payload: CommandPayloads[K]): Promise<R> =>
  executeServerCommand<R, CommandPayloads[K]>(command, payload);

/** A server started by `startServer`: the same controls as the Node side's `TestServer`. */
export interface ServerHandle {
  readonly id: number;
  /** `http://127.0.0.1:<port>`, the same after a restart. */
  readonly url: string;
  readonly port: number;
  /** Closes the server; the URL stays reserved for `restart()`. */
  stop(): Promise<void>;
  /** Starts it again on the same URL (stopping it first if needed): clients reconnect. */
  restart(): Promise<void>;
  /** Drops every connection at the transport level, or the one under socket `id`; resolves with how many. */
  cut(id?: string, nsp?: string): Promise<number>;
  /** The server emits to every socket of '/'. */
  emit(event: string, ...args: unknown[]): Promise<void>;
  /** The server emits to the sockets in `room`. */
  emitTo(room: string, event: string, ...args: unknown[]): Promise<void>;
  /** Holds every packet `ms` milliseconds each way (0 turns it off). */
  latency(ms: number): Promise<void>;
  /** Refuses WebSocket upgrades (true) so clients fall back to long-polling, or lets them through again. */
  block(on?: boolean): Promise<void>;
  /** What the server sees: ids, rooms, data and transport of a namespace's sockets. */
  sockets(nsp?: string): Promise<SocketInfo[]>;
}

/**
 * Starts a fresh server set up by the plugin's `setup`; it is closed when the test file ends.
 * @example
 *   const server = await startServer();
 *   const socket = io(server.url);
 *   await waitFor(socket, 'connect');
 *   await server.restart();
 */
export async function startServer(options: StartPayload = {}): Promise<ServerHandle> {
  const { id, url, port } = await executeServerCommand<StartedServer, StartPayload>('sockjet:start', options);
  const done = () => undefined;
  return {
    id,
    url,
    port,
    stop: () => run('sockjet:stop', { id }).then(done),
    restart: () => run('sockjet:restart', { id }).then(done),
    cut: (socket, nsp) => run<'sockjet:cut', number>('sockjet:cut', { id, socket, nsp }),
    emit: (event, ...args) => run('sockjet:emit', { id, event, args }).then(done),
    emitTo: (room, event, ...args) => run('sockjet:emit', { id, event, args, room }).then(done),
    latency: (ms) => run('sockjet:latency', { id, ms }).then(done),
    block: (on = true) => run('sockjet:block', { id, on }).then(done),
    sockets: (nsp) => run<'sockjet:sockets', SocketInfo[]>('sockjet:sockets', { id, nsp }),
  };
}
