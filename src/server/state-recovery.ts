import type { Adapter, EncodedPacket, RestoredSession, SocketId } from './adapter/adapter.js';
import type { DisconnectReason, Socket } from './socket.js';

/**
 * The disconnect reasons after which a socket's session is kept for recovery (Socket.IO's list): the connection
 * was lost or closed under the client, which will come back. A client or server namespace disconnect is meant.
 */
export const RECOVERABLE_REASONS: ReadonlySet<DisconnectReason> = new Set<DisconnectReason>([
  'transport error',
  'transport close',
  'forced close',
  'ping timeout',
  'server shutting down',
  'forced server close',
  // The client is cut, not gone: when it comes back, what it missed is replayed from the session log.
  'slow consumer',
]);

/**
 * The most packets held for one restored socket while its middlewares run. A middleware that takes long (or never
 * calls `next`) while its rooms are busy would otherwise grow the hold without end; past this the connection is
 * closed instead, and the client, reconnecting, finds what it missed in the session log.
 */
export const MAX_HELD_PACKETS = 1000;

/** A restored socket whose connection middlewares are running, and what its rooms were sent meanwhile. */
interface Recovering {
  readonly socket: Socket;
  readonly held: EncodedPacket[];
}

/**
 * The restored sockets of one namespace whose connection middlewares are still running (`skipMiddlewares:
 * false`). Such a socket is in its rooms already, so what they are sent meanwhile is held here (up to
 * MAX_HELD_PACKETS), for the namespace to write after the missed packets, in order.
 */
export class RecoveringSockets {
  private readonly byId = new Map<SocketId, Recovering>();

  has(id: SocketId): boolean {
    return this.byId.has(id);
  }

  /** Starts holding what is written to `socket`. */
  start(socket: Socket): void {
    this.byId.set(socket.id, { socket, held: [] });
  }

  /** Stops holding for `socket` (its middlewares are done): what was held, or nothing when its hold overflowed. */
  end(socket: Socket): EncodedPacket[] {
    const entry = this.byId.get(socket.id);
    if (entry?.socket !== socket) return [];
    this.byId.delete(socket.id);
    return entry.held;
  }

  /**
   * Holds a packet written to `id`; false when no socket by that id is recovering or its connection is gone (then
   * it is forgotten), and when its hold is full (then its connection is closed).
   */
  hold(id: SocketId, packet: EncodedPacket): boolean {
    const entry = this.byId.get(id);
    if (!entry) return false;
    const { socket, held } = entry;
    if (socket.client.open && held.length < MAX_HELD_PACKETS) {
      held.push(packet);
      return true;
    }
    this.byId.delete(id);
    socket.nsp.adapter.delAll(id);
    socket.client.close();
    return false;
  }
}

/** Asks the adapter for the session a CONNECT payload names; `done(null)` when it names none or is not found. */
export function restoreFromAuth(
  adapter: Adapter,
  auth: Record<string, unknown> | undefined,
  done: (session: RestoredSession | null) => void,
): void {
  const pid = auth?.pid;
  const offset = auth?.offset;
  if (typeof pid !== 'string' || typeof offset !== 'string') return done(null);
  let result: ReturnType<Adapter['restoreSession']>;
  try {
    result = adapter.restoreSession(pid, offset);
  } catch {
    // An adapter that fails to look the session up (a store that is down) costs the client its state, not
    // its connection: Socket.IO starts a fresh session then, and so do we.
    return done(null);
  }
  if (result instanceof Promise) result.then(done, () => done(null));
  else done(result);
}
