/**
 * Servers that browser tests start, stop and restart through web-test-runner's server commands (see
 * wtr-servers-plugin.ts, which puts each behind sockjet/testing's link). Each kind is a factory; a test asks for
 * one by name (see `server-kinds.ts`).
 */
export interface TestServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
  /** Named actions a browser test may trigger on the server side (for example "disconnect everyone"). */
  readonly actions?: Record<string, (args: unknown) => unknown>;
}

export interface TestServerOptions {
  /** The port to listen on; 0 (the default) picks a free one. */
  port?: number;
  [option: string]: unknown;
}

export type TestServerFactory = (options: TestServerOptions) => Promise<TestServer>;
