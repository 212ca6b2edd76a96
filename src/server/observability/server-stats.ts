import { newTally, type Tally } from './engine-stats.js';

/** The Socket.IO layer's running totals, beside the engine's (see EngineStats). */
export class ServerStats {
  readonly startedAt = Date.now();
  /** Sockets that left a namespace, by Socket.IO's disconnect reason. */
  readonly disconnects: Tally = newTally();
  /** Input refused above the engine: undecodable packets, unknown namespaces, middleware refusals. */
  readonly refused: Tally = newTally();
}
