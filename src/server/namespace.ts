import { randomBytes } from 'node:crypto';
import { Emitter } from '../shared/emitter.js';
import { createAdapter, type Adapter, type AdapterConstructor, type AdapterNamespace, type BroadcastFlags, type EncodedPacket, type AckRequest, type Room, type SocketId } from './adapter/adapter.js';
import { BroadcastOperator } from './broadcast-operator.js';
import type { Client } from './client.js';
import type { RemoteSocket } from './remote-socket.js';
import type { Server } from './server.js';
import { Socket } from './socket.js';

/** What a connection middleware may pass to `next`: its `message` and `data` reach the client's connect_error. */
export type MiddlewareError = Error & { data?: unknown };
export type Middleware = (socket: Socket, next: (err?: MiddlewareError) => void) => void;

export type NamespaceEvents = {
  connection: [socket: Socket];
  connect: [socket: Socket];
  new_namespace: [nsp: Namespace];
};

/**
 * A communication channel: its sockets, its middlewares, its rooms (kept by its adapter).
 *
 * @example
 *   const chat = io.of('/chat');
 *   chat.use((socket, next) => (socket.handshake.auth.token ? next() : next(new Error('unauthorized'))));
 *   chat.on('connection', (socket) => chat.to('lobby').emit('joined', socket.id));
 */
export class Namespace extends Emitter<NamespaceEvents> implements AdapterNamespace {
  /** The connected sockets, by id. */
  readonly sockets = new Map<SocketId, Socket>();
  readonly adapter: Adapter;
  /** @internal */
  _fns: Middleware[] = [];
  /** @internal Called when the last socket leaves (child namespaces with `cleanupEmptyChildNamespaces`). */
  _onEmpty?: () => void;
  /** @internal */
  readonly _lookup = (id: SocketId): Socket | undefined => this.sockets.get(id);
  private readonly root: BroadcastOperator<Socket>;
  private ids = 0;

  constructor(
    readonly server: Server,
    readonly name: string,
    adapter: AdapterConstructor = server._layer.adapter,
  ) {
    super();
    this.adapter = createAdapter(adapter, this);
    void this.adapter.init();
    this.root = new BroadcastOperator(this.adapter, this._lookup);
  }

  /** Adds a connection middleware; `next(err)` refuses the socket with a connect_error. */
  use(fn: Middleware): this {
    this._fns.push(fn);
    return this;
  }

  to(room: Room | readonly Room[]): BroadcastOperator<Socket> {
    return this.root.to(room);
  }

  in(room: Room | readonly Room[]): BroadcastOperator<Socket> {
    return this.root.to(room);
  }

  except(room: Room | readonly Room[]): BroadcastOperator<Socket> {
    return this.root.except(room);
  }

  compress(compress: boolean): BroadcastOperator<Socket> {
    return this.root.compress(compress);
  }

  get volatile(): BroadcastOperator<Socket> {
    return this.root.volatile;
  }

  get local(): BroadcastOperator<Socket> {
    return this.root.local;
  }

  timeout(ms: number): BroadcastOperator<Socket> {
    return this.root.timeout(ms);
  }

  /** Emits to every socket of the namespace. */
  emit(event: string, ...args: unknown[]): boolean {
    return this.root.emit(event, ...args);
  }

  emitWithAck(event: string, ...args: unknown[]): Promise<unknown[]> {
    return this.root.emitWithAck(event, ...args);
  }

  send(...args: unknown[]): this {
    this.root.emit('message', ...args);
    return this;
  }

  write(...args: unknown[]): this {
    return this.send(...args);
  }

  fetchSockets(): Promise<(Socket | RemoteSocket)[]> {
    return this.root.fetchSockets();
  }

  socketsJoin(room: Room | readonly Room[]): void {
    this.root.socketsJoin(room);
  }

  socketsLeave(room: Room | readonly Room[]): void {
    this.root.socketsLeave(room);
  }

  disconnectSockets(close = false): void {
    this.root.disconnectSockets(close);
  }

  // The adapter's view (AdapterNamespace).

  writeTo(id: SocketId, packet: EncodedPacket, flags: BroadcastFlags, ack?: AckRequest): boolean {
    return this.sockets.get(id)?._write(packet, flags, ack) ?? false;
  }

  nextAckId(): number {
    return this.ids++;
  }

  socketDetails(id: SocketId): Socket | undefined {
    return this.sockets.get(id);
  }

  disconnectSocket(id: SocketId, close: boolean): void {
    this.sockets.get(id)?.disconnect(close);
  }

  /** @internal Runs the middlewares for a CONNECT, then lets the socket in (`done(socket)`) or refuses it (`done()`). */
  _add(client: Client, auth: Record<string, unknown>, done: (socket?: Socket) => void): void {
    const socket = new Socket(this, client, auth, randomBytes(15).toString('base64url'));
    runMiddlewares(this._fns.slice(), socket, (err) => {
      if (!client._open) return done();
      if (err) {
        client._refuse(this.name, err.message, err.data);
        return done();
      }
      this.sockets.set(socket.id, socket);
      socket._onconnect();
      done(socket);
      this.emitReserved('connection', socket);
      this.emitReserved('connect', socket);
    });
  }

  /** @internal */
  _remove(socket: Socket): void {
    if (!this.sockets.delete(socket.id)) return;
    if (!this.sockets.size) this._onEmpty?.();
  }
}

function runMiddlewares(fns: Middleware[], socket: Socket, done: (err?: MiddlewareError) => void): void {
  let i = 0;
  let finished = false;
  const next = (err?: MiddlewareError): void => {
    if (finished) return;
    if (err || i === fns.length) {
      finished = true;
      return done(err);
    }
    const fn = fns[i++]!;
    try {
      fn(socket, next);
    } catch (e) {
      next(e instanceof Error ? e : new Error(String(e)));
    }
  };
  next();
}
