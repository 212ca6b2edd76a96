import type { IncomingMessage } from 'node:http';
import type { Engine } from './engine/engine.js';

const addressOf = (req: IncomingMessage): string => req.socket?.remoteAddress ?? '';

/**
 * Engine connections that have not joined a namespace yet, counted per remote address, for
 * `maxPendingHandshakesPerIp` (issue 13). Each such connection holds its session until `connectTimeout` (45 s by
 * default); without a cap one address could open them faster than they time out. Only pending ones are kept
 * here, so a connected client costs nothing, and nothing is counted while the option is off.
 */
export class PendingHandshakes {
  private readonly counts = new Map<string, number>();
  private readonly pending = new Map<object, string>();

  /** `limit` reads the option when asked, so a later `attach(srv, opts)` that sets it takes effect. */
  constructor(private readonly limit: () => number | undefined) {}

  /** Makes `engine` refuse (403) handshakes from an address already at the limit; returns it. */
  watch(engine: Engine): Engine {
    engine._gate = this.gate;
    return engine;
  }

  private readonly gate = (req: IncomingMessage): string | undefined => {
    const max = this.limit();
    if (max === undefined || (this.counts.get(addressOf(req)) ?? 0) < max) return undefined;
    return 'Too many pending handshakes from this address';
  };

  /** A connection from `req` was made and has not joined a namespace. */
  add(owner: object, req: IncomingMessage): void {
    if (this.limit() === undefined) return;
    const address = addressOf(req);
    this.pending.set(owner, address);
    this.counts.set(address, (this.counts.get(address) ?? 0) + 1);
  }

  /** The connection joined a namespace or closed; further calls change nothing. */
  settle(owner: object): void {
    const address = this.pending.get(owner);
    if (address === undefined) return;
    this.pending.delete(owner);
    const n = this.counts.get(address)! - 1;
    if (n) this.counts.set(address, n);
    else this.counts.delete(address);
  }
}
