import { encodeSocketPacket } from '../protocol/socket-encoder.js';
import { SocketPacketType, type SocketPacket } from '../protocol/socket-packet.js';
import type { DefaultEventsMap, EventsMap } from '../shared/typed-events.js';
import type { BroadcastFlags, EncodedPacket, RestoredSession, Room, SocketId } from './adapter/adapter.js';
import type { Client } from './client.js';
import { randomId } from './engine/random-id.js';
import type { Namespace } from './namespace.js';
import { Socket } from './socket.js';
import { restoreFromAuth } from './state-recovery.js';
import { runMiddlewareChain } from './middleware-chain.js';
import { namespaceLog, socketLog } from './observability/debug-log.js';
import { count } from './observability/engine-stats.js';

/** What a connection middleware may pass to `next`: its `message` and `data` reach the client's connect_error. */
export type MiddlewareError = Error & { data?: unknown };
export type Middleware<
  ListenEvents extends EventsMap = DefaultEventsMap,
  EmitEvents extends EventsMap = ListenEvents,
  ServerSideEvents extends EventsMap = DefaultEventsMap,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  SocketData = any,
> = (socket: Socket<ListenEvents, EmitEvents, ServerSideEvents, SocketData>, next: (err?: MiddlewareError) => void) => void;

const { CONNECT, CONNECT_ERROR, EVENT } = SocketPacketType;
const NO_FLAGS: BroadcastFlags = Object.freeze({});

/**
 * A CONNECT's way into a namespace, in the order Socket.IO takes it (its `Namespace#_add`, `_doConnect` and
 * `Socket#_onconnect`; test/server/parity-admission.test.ts runs the same steps against both servers):
 *
 * 1. recovery, with `connectionStateRecovery`: the adapter looks up the session the CONNECT's auth names. Found and
 *    not in use, the socket takes back its id, rooms and data, and the packets it missed wait for step 4;
 *    otherwise it starts a new session;
 * 2. the namespace's middlewares (`use()`), in order; a recovered socket skips them with `skipMiddlewares`;
 * 3. refused by a middleware, or the connection gone meanwhile: the socket leaves the rooms it joined, and a
 *    refusal is answered with CONNECT_ERROR;
 * 4. admitted: the socket is listed in the namespace and joins its own room (and its session's); the missed
 *    packets, then the CONNECT answer, are written; the client lists it; then the namespace's `connect` listeners
 *    run, then its `connection` ones.
 *
 * `done` is the client's: `done(socket)` once the socket is in, `done()` when it is not.
 */
export function runAdmission(nsp: Namespace, client: Client, auth: Record<string, unknown> | undefined, done: (socket?: Socket) => void): void {
  new Admission(nsp, client, auth, done).start();
}

class Admission {
  /** Connection state recovery: the socket's private session id. */
  private pid: string | undefined;
  /** A recovered socket's missed packets, then what its rooms were sent while its middlewares ran. */
  private replay: readonly EncodedPacket[] = [];

  constructor(
    private readonly nsp: Namespace,
    private readonly client: Client,
    private readonly auth: Record<string, unknown> | undefined,
    private readonly done: (socket?: Socket) => void,
  ) {}

  start(): void {
    if (this.nsp.recovery) restoreFromAuth(this.nsp.adapter, this.auth, (session) => this.recover(session));
    else this.runMiddlewares(this.newSocket(this.newId()));
  }

  // 1. Recovery.

  private recover(session: RestoredSession | null): void {
    const { nsp, client } = this;
    if (session && !client.open) {
      // The connection dropped while the adapter looked: keep the session for the next attempt.
      namespaceLog('%s: recovery of %s put back, the connection dropped meanwhile', nsp.name, session.sid);
      void nsp.adapter.persistSession(session);
      return this.end();
    }
    if (!session || nsp.sockets.has(session.sid) || nsp.recovering!.has(session.sid)) {
      if (namespaceLog.enabled && this.auth?.pid !== undefined)
        namespaceLog('%s: no recovery for client %s (%s): new session', nsp.name, client.conn.id, session ? 'session in use' : 'session unknown, expired or offset too old');
      return this.runMiddlewares(this.newSocket(randomId(), randomId()));
    }
    const socket = this.newSocket(session.sid, session.pid, session);
    this.replay = replayOf(nsp.name, session);
    namespaceLog('%s: session %s recovered with %d missed packet(s)', nsp.name, session.sid, this.replay.length);
    if (nsp.recovery!.skipMiddlewares) return this.finish(socket, undefined, session.rooms);
    this.runMiddlewaresInRooms(socket, session);
  }

  /** A socket id: random, or for a Socket.IO v2 client the one it computes itself (`/nsp#<engine id>`, as Socket.IO). */
  private newId(): SocketId {
    const { nsp, client } = this;
    if (client.conn.protocol !== 3) return randomId();
    return nsp.name === '/' ? client.conn.id : `${nsp.name}#${client.conn.id}`;
  }

  private newSocket(id: SocketId, pid?: string, restored?: RestoredSession): Socket {
    const socket = new Socket(this.nsp, this.client, this.auth, id);
    this.pid = pid;
    if (pid !== undefined) socket.useSession(pid, restored);
    return socket;
  }

  // 2. The middlewares.

  private runMiddlewares(socket: Socket): void {
    const fns = this.nsp.middlewares;
    // No middleware (the usual case): straight in, without the closures of the middleware chain.
    if (!fns.length) return this.finish(socket, undefined);
    runMiddlewareChain(fns.slice(), socket, (err) => this.finish(socket, err));
  }

  /**
   * A recovered socket whose middlewares run (`skipMiddlewares: false`) is in its rooms meanwhile, as in Socket.IO:
   * what they are sent is held (see RecoveringSockets) and written after the missed packets.
   */
  private runMiddlewaresInRooms(socket: Socket, session: RestoredSession): void {
    const { nsp, client } = this;
    const recovering = nsp.recovering!;
    recovering.start(socket);
    void nsp.adapter.addAll(socket.id, session.rooms);
    runMiddlewareChain(nsp.middlewares.slice(), socket, (err) => {
      const held = recovering.end(socket);
      if (err || !client.open) nsp.adapter.delAll(socket.id);
      // The connection dropped while the middlewares ran: the session stays for the next attempt, whose replay
      // comes from the log again.
      if (!err && !client.open) void nsp.adapter.persistSession(session);
      this.replay = [...this.replay, ...held];
      this.finish(socket, err);
    });
  }

  private finish(socket: Socket, err: MiddlewareError | undefined, rooms?: readonly Room[]): void {
    if (err || !this.client.open) this.refuse(socket, err);
    else this.accept(socket, rooms);
  }

  // 3. Refused.

  private refuse(socket: Socket, err: MiddlewareError | undefined): void {
    const { nsp, client } = this;
    if (err) {
      count(client.stats.refused, 'middleware');
      namespaceLog('%s: middleware refused client %s: %s', nsp.name, client.conn.id, err.message);
    }
    // As Socket.IO: rooms joined in a middleware are left, and `join` does nothing from now on.
    socket.leaveAllRooms();
    if (err && client.open) client.write(encodeSocketPacket({ type: CONNECT_ERROR, nsp: nsp.name, data: refusal(client, err) }), NO_FLAGS);
    this.end();
  }

  /** Not admitted: the namespace may let go of a dynamic child left empty, and the client of the CONNECT. */
  private end(): void {
    this.nsp.settleAdmission();
    this.done();
  }

  // 4. Admitted.

  private accept(socket: Socket, rooms: readonly Room[] | undefined): void {
    const { nsp, client } = this;
    nsp.settleAdmission(socket);
    if (rooms) void nsp.adapter.addAll(socket.id, rooms);
    socket.connected = true;
    void socket.join(socket.id);
    // A recovered socket's missed packets go first: a client keeps events that arrive before the CONNECT answer
    // and hands them over right after it, before anything sent later.
    for (const packet of this.replay) client.write(packet, NO_FLAGS);
    if (socketLog.enabled)
      socketLog('socket %s joined %s on client %s (%s)%s', socket.id, nsp.name, client.conn.id, client.conn.transport.name, socket.recovered ? ', recovered' : '');
    client.write(encodeSocketPacket(this.connectAnswer(socket)), NO_FLAGS);
    this.done(socket);
    nsp.emitReserved('connect', socket);
    nsp.emitReserved('connection', socket);
  }

  /** The CONNECT answer: the socket's id, and its private session id with recovery on. */
  private connectAnswer(socket: Socket): SocketPacket {
    const { name } = this.nsp;
    // A Socket.IO v2 client's CONNECT answer carries nothing (it knows its id).
    if (this.client.conn.protocol === 3) return { type: CONNECT, nsp: name };
    const pid = this.pid;
    return { type: CONNECT, nsp: name, data: pid === undefined ? { sid: socket.id } : { sid: socket.id, pid } };
  }
}

/** The CONNECT_ERROR payload of a refusal (a Socket.IO v2 client gets `data || message`, as Socket.IO sends it). */
function refusal(client: Client, { message, data }: MiddlewareError): unknown {
  if (client.conn.protocol === 3) return data || message;
  return data === undefined ? { message } : { message, data };
}

/**
 * A restored session's missed packets, encoded: sockjet's adapters keep them so; the official ones hand over each
 * EVENT's arguments (see `RestoredSession`).
 */
function replayOf(nsp: string, session: RestoredSession): readonly EncodedPacket[] {
  if (session.encodedPackets) return session.encodedPackets;
  const events = session.missedPackets ?? [];
  return events.map((data) => encodeSocketPacket({ type: EVENT, nsp, data }));
}
