import type { ProtocolError } from '../../protocol/protocol-error.js';

/** Counts keyed by a reason or a kind; keys come from fixed lists in the code, never from the wire. */
export type Tally = Record<string, number>;

/** A table with no prototype, so a key such as `constructor` is a plain count. */
export function newTally(): Tally {
  return Object.create(null) as Tally;
}

export function count(tally: Tally, key: string): void {
  tally[key] = (tally[key] ?? 0) + 1;
}

/**
 * The engine's running totals (issue 16). Always on: each is an integer bump where the engine already is (a
 * packet, a write, a handshake), with nothing allocated per packet, so they cost nothing worth measuring when
 * nobody reads them. `io.metrics()` and `GET <path>metrics` read them.
 */
export class EngineStats {
  /** Engine.IO packets received on a session's transport (upgrade probes excluded), and queued to send. */
  packetsIn = 0;
  packetsOut = 0;
  /** Bytes read from request bodies and WebSocket messages, and written as response bodies and frames. */
  bytesIn = 0;
  bytesOut = 0;
  handshakes = 0;
  upgrades = 0;
  /** Sessions closed because the client did not answer a ping within pingTimeout. */
  heartbeatFailures = 0;
  /** Closed sessions, by the engine's close reason. */
  readonly closes: Tally = newTally();
  /** Refused requests and bad input, by kind (see `refusalKind`). */
  readonly refused: Tally = newTally();
}

/** The kind of a refused handshake or request, by the protocol's error code (engine-error.ts numbers them). */
export const REQUEST_REFUSALS: readonly string[] = [
  'unknown_transport',
  'unknown_sid',
  'bad_handshake_method',
  'bad_request',
  'forbidden',
  'unsupported_protocol_version',
];

/** Descriptions of a transport failure that mean the client sent something it must not (see the transports). */
const BAD_INPUT: Readonly<Record<string, string>> = {
  'payload too large': 'payload_too_large',
  'overlap from client': 'poll_overlap',
  'data request overlap from client': 'post_overlap',
  'invalid content': 'binary_post',
  'invalid heartbeat direction': 'client_ping',
};

/** Counts a session's close: by reason, as a heartbeat failure, and as bad input when it was. */
export function countClose(stats: EngineStats, reason: string, description: unknown): void {
  count(stats.closes, reason);
  if (reason === 'ping timeout') stats.heartbeatFailures++;
  const bad = badInputKind(reason, description);
  if (bad !== undefined) count(stats.refused, bad);
}

/**
 * The kind of bad input behind a session's close, or undefined when the close was not about bad input (a peer
 * that went away, a timeout). A protocol error counts under its code; `ws`'s refusals (an oversized or
 * malformed frame) under theirs.
 */
export function badInputKind(reason: string, description: unknown): string | undefined {
  if (reason === 'parse error') return (description as ProtocolError | undefined)?.code ?? 'parse_error';
  if (reason !== 'transport error') return undefined;
  if (typeof description === 'string') return BAD_INPUT[description];
  const code = (description as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && code.startsWith('WS_ERR_') ? code : undefined;
}
