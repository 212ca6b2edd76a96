/**
 * Helpers shared by the client's browser tests (`*.browser.test.ts` in this folder): starting test servers
 * through the web-test-runner plugin (see test/support/wtr-servers-plugin.ts). Waiting for events:
 * test/support/events.ts.
 */
import { executeServerCommand } from '@web/test-runner-commands';
import { io, type IoOptions, type Socket } from '../../src/client/index.js';
import { eventually } from '../support/events.js';

export interface Started {
  id: number;
  url: string;
  port: number;
}

export type Kind = 'sockjet' | 'socket.io';

/** Emits with a callback and resolves with every argument of the ack: `await reply(s.timeout(99), 'ev', 1)`. */
export const reply = (s: Socket, ev: string, ...args: unknown[]): Promise<unknown[]> =>
  new Promise((resolve) => s.emit(ev, ...args, (...res: unknown[]) => resolve(res)));

/** Whatever `fn` throws (or undefined). */
export const thrown = (fn: () => unknown): any => {
  try {
    fn();
  } catch (err) {
    return err;
  }
  return undefined;
};

/** The bytes of a binary value as a plain array, whatever the container (Uint8Array, ArrayBuffer, view). */
export const bytes = (b: unknown): number[] => {
  if (b instanceof ArrayBuffer) return [...new Uint8Array(b)];
  if (ArrayBuffer.isView(b)) return [...new Uint8Array(b.buffer, b.byteOffset, b.byteLength)];
  throw new Error(`not binary: ${Object.prototype.toString.call(b)}`);
};

/**
 * One test server plus the clients a test opens on it; `close()` disconnects them all and closes the server.
 * Client options default to fast reconnects so that tests stay short.
 */
export class TestServerHandle {
  readonly sockets: Socket[] = [];

  private constructor(readonly started: Started) {}

  static async start(kind: Kind, options: Record<string, unknown> = {}): Promise<TestServerHandle> {
    return new TestServerHandle(await executeServerCommand<Started, unknown>('server:start', { kind, options }));
  }

  get url(): string {
    return this.started.url;
  }

  connect(nsp = '/', opts: Partial<IoOptions> = {}): Socket {
    const s = io(this.url + nsp, { forceNew: true, reconnectionDelay: 20, reconnectionDelayMax: 50, ...opts });
    this.sockets.push(s);
    return s;
  }

  /** Keeps a socket made elsewhere (e.g. `io()` without forceNew) for the final cleanup. */
  track(s: Socket): Socket {
    this.sockets.push(s);
    return s;
  }

  action<T = unknown>(name: string, args?: unknown): Promise<T> {
    return executeServerCommand<T, unknown>('server:action', { id: this.started.id, name, args }) as Promise<T>;
  }

  /** Asks the server action `name` until `check` accepts its answer (each ask is a round trip, no sleeping). */
  async until<T>(name: string, check: (value: T) => boolean, args?: unknown): Promise<T> {
    let value!: T;
    await eventually(`server action "${name}" to answer as expected`, async () => check((value = await this.action<T>(name, args))));
    return value;
  }

  stop(): Promise<unknown> {
    return executeServerCommand('server:stop', { id: this.started.id });
  }

  restart(): Promise<unknown> {
    return executeServerCommand('server:restart', { id: this.started.id });
  }

  async close(): Promise<void> {
    for (const s of this.sockets.splice(0)) {
      s.disconnect();
      s.io.close();
    }
    await executeServerCommand('server:close', { id: this.started.id });
  }
}

/**
 * A fresh test server of `kind` for each test of the enclosing `describe`, closed after it: `env.server` is
 * the current one and `env.connect` opens a client on it.
 */
export function serverForEachTest(kind: Kind): { readonly server: TestServerHandle; connect: TestServerHandle['connect'] } {
  let server: TestServerHandle;
  beforeEach(async () => {
    server = await TestServerHandle.start(kind);
  });
  afterEach(() => server.close());
  return {
    get server() {
      return server;
    },
    connect: (...args) => server.connect(...args),
  };
}
