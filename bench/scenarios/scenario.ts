import type { Rpc } from '../ipc.js';
import type { LoadReading } from '../load.js';
import type { BenchClient, Implementation, ImplName } from '../impl/types.js';

/** What a scenario gives the orchestrator, and what the client process keeps between commands. */

export interface ClientState {
  impl: Implementation;
  port: number;
  clients: BenchClient[];
}

export type ClientCommand = (state: ClientState, args: Record<string, unknown>) => unknown;

export interface Params {
  quick: boolean;
  echoClients: number;
  inFlight: number;
  warmupMs: number;
  durationMs: number;
  maxMessages: number;
  singleMs: number;
  broadcastClients: number;
  broadcastEvents: number;
  idleClients: number;
  connects: number;
  connectWarmup: number;
}

export const FULL: Params = {
  quick: false, echoClients: 50, inFlight: 10, warmupMs: 1_000, durationMs: 3_000, maxMessages: 2_000_000,
  singleMs: 1_500, broadcastClients: 1_000, broadcastEvents: 200, idleClients: 2_000, connects: 200,
  connectWarmup: 20,
};

export const QUICK: Params = {
  quick: true, echoClients: 50, inFlight: 10, warmupMs: 300, durationMs: 1_000, maxMessages: 1_000_000,
  singleMs: 500, broadcastClients: 300, broadcastEvents: 100, idleClients: 500, connects: 50, connectWarmup: 5,
};

export interface RepContext {
  impl: ImplName;
  server: Rpc;
  client: Rpc;
  /** Our own processes (orchestrator, server, client), left out of the "other load" figure. */
  pids: number[];
  params: Params;
}

export interface Measurement {
  metrics: Record<string, number>;
  load: LoadReading | null;
}

export interface MetricDef {
  key: string;
  label: string;
  unit: string;
  /** Which way is better, so the report can say so. */
  better: 'lower' | 'higher';
}

export interface Scenario {
  name: string;
  /** Whether the server puts every connection in the broadcast room. */
  joinRoom: boolean;
  metrics: MetricDef[];
  measure(ctx: RepContext): Promise<Measurement>;
}
