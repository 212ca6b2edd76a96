import type { EncodedPacket, RestoredSession, SocketId } from './adapter/adapter.js';
import type { Client } from './client.js';
import type { Middleware, MiddlewareError, Namespace } from './namespace.js';
import { randomId } from './engine/random-id.js';
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
]);

/**
 * The most packets held for one restored socket while its middlewares run. A middleware that takes long (or never
 * calls `next`) while its rooms are busy would otherwise grow the hold without end; past this the connection is
 * closed instead, and the client, reconnecting, finds what it missed in the session log.
 */
export const MAX_HELD_PACKETS = 1000;

/**
 * A restored socket whose connection middlewares are still running (`skipMiddlewares: false`). It is already in
 * its rooms, so what they are sent meanwhile is held here (up to MAX_HELD_PACKETS) and written after the missed
 * packets, in order.
 */
export interface Recovering {
  readonly socket: Socket;
  readonly client: Client;
  readonly held: EncodedPacket[];
}

type Done = (socket?: Socket) => void;
type RunMiddlewares = (fns: Middleware[], socket: Socket, done: (err?: MiddlewareError) => void) => void;
/** Builds the namespace's socket for this connection with the given id (kept out of here to avoid an import cycle). */
type MakeSocket = (id: SocketId) => Socket;

/**
 * A CONNECT to a namespace with connection state recovery: restores the session named by the payload's `pid`
 * and `offset` when the adapter still has it (same id, rooms and data, the missed packets replayed before the
 * CONNECT answer), and otherwise lets in a fresh socket with a new private session id.
 */
export function addWithRecovery(
  nsp: Namespace,
  client: Client,
  auth: Record<string, unknown> | undefined,
  done: Done,
  makeSocket: MakeSocket,
  runMiddlewares: RunMiddlewares,
): void {
  restoreFromAuth(nsp, auth, (session) => {
    if (session && !client._open) {
      // The connection dropped while the adapter looked: keep the session for the next attempt.
      void nsp.adapter.persistSession(session);
      return done();
    }
    if (!session || nsp.sockets.has(session.sid) || nsp._recovering?.has(session.sid)) {
      const socket = makeSocket(randomId());
      socket._recover(randomId());
      return runMiddlewares(nsp._fns.slice(), socket, (err) => nsp._admit(client, socket, done, err));
    }
    const socket = makeSocket(session.sid);
    socket._recover(session.pid, session);
    if (nsp.recovery!.skipMiddlewares) return nsp._admit(client, socket, done, undefined, session.rooms, session.missedPackets);
    const pending: Recovering = { socket, client, held: [] };
    (nsp._recovering ??= new Map<SocketId, Recovering>()).set(socket.id, pending);
    void nsp.adapter.addAll(socket.id, session.rooms);
    runMiddlewares(nsp._fns.slice(), socket, (err) => {
      if (nsp._recovering?.get(socket.id) === pending) nsp._recovering.delete(socket.id);
      if (!nsp._recovering?.size) nsp._recovering = undefined;
      if (err || !client._open) nsp.adapter.delAll(socket.id);
      // The connection dropped while the middlewares ran: the session stays for the next attempt, whose replay
      // comes from the log again.
      if (!err && !client._open) void nsp.adapter.persistSession(session);
      nsp._admit(client, socket, done, err, undefined, [...session.missedPackets, ...pending.held]);
    });
  });
}

/**
 * Holds a packet written to a restored socket whose middlewares are running; false when there is none by that
 * id or its connection is gone (then it is forgotten), and when the hold is full (then the connection is closed).
 */
export function holdFor(nsp: Namespace, id: SocketId, packet: EncodedPacket): boolean {
  const pending = nsp._recovering?.get(id);
  if (!pending) return false;
  if (pending.client._open && pending.held.length < MAX_HELD_PACKETS) {
    pending.held.push(packet);
    return true;
  }
  nsp._recovering!.delete(id);
  nsp.adapter.delAll(id);
  pending.held.length = 0;
  pending.client._close();
  return false;
}

/** Asks the adapter for the session a CONNECT payload names; `done(null)` when it names none or is not found. */
function restoreFromAuth(
  nsp: Namespace,
  auth: Record<string, unknown> | undefined,
  done: (session: RestoredSession | null) => void,
): void {
  const pid = auth?.pid;
  const offset = auth?.offset;
  if (typeof pid !== 'string' || typeof offset !== 'string') return done(null);
  let result: ReturnType<Namespace['adapter']['restoreSession']>;
  try {
    result = nsp.adapter.restoreSession(pid, offset);
  } catch {
    // An adapter that fails to look the session up (a store that is down) costs the client its state, not
    // its connection: Socket.IO starts a fresh session then, and so do we.
    return done(null);
  }
  if (result instanceof Promise) result.then(done, () => done(null));
  else done(result);
}
