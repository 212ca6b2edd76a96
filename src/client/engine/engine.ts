import { Emitter } from '../../shared/emitter.js';
import { later } from '../../shared/later.js';
import { PollingTransport } from './polling-transport.js';
import { NOT_ENGINE_IO, type IncomingPacket, type OutgoingPacket, type Transport, type TransportFactory, type TransportOptions, type TransportSink } from './transport.js';
import { WebSocketTransport } from './websocket-transport.js';

/**
 * Who hears what the engine session does. After `close()` the engine reports nothing more. A session whose every
 * transport throws as it is constructed ends inside `openEngine`: the owner hears `_onClose` before the call returns.
 */
export interface EngineOwner {
  // Each member is @internal, like the Manager's methods that implement it, so the published declarations
  // (built with stripInternal) keep the two in step.
  /** @internal The handshake is done: messages flow. */
  _onOpen(): void;
  /** @internal A message: text, or the bytes of a binary one (a fresh ArrayBuffer each time). */
  _onMessage(data: string | ArrayBuffer): void;
  /** @internal The server pinged (and was answered). */
  _onPing(): void;
  /**
   * @internal The session is over, or never opened: 'transport close', 'transport error', 'ping timeout', 'parse error'.
   * `closeData` is the server's close packet payload ('' when it had none; sockjet's server may put
   * `{"code":...,"reason":...}` there), undefined when no close packet came.
   */
  _onClose(reason: string, closeData?: string): void;
}

export interface EngineOptions extends TransportOptions {
  /**
   * Transports to try in order until one opens: names or factories. The engine replaces this array with the
   * factories, the one that opened first, so an owner that reuses this object for reconnects starts with what
   * worked (and may still upgrade to the others, which are probed as upgrades when the server offers them).
   * Any string is accepted, as in socket.io-client (`params.get('transports')?.split(',')` compiles): a name
   * that is not a transport fails to open, and the next one is tried.
   */
  transports: Array<'websocket' | 'polling' | (string & {}) | TransportFactory>;
  /** Probe the server's advertised upgrades (polling -> websocket) after opening. */
  upgrade: boolean;
}

/** An Engine.IO packet as engine.io-client's events show it: `{ type: 'message', data: 'hello' }`. */
export interface EnginePacket {
  type: 'open' | 'close' | 'ping' | 'pong' | 'message' | 'upgrade' | 'noop';
  data?: string | ArrayBuffer | ArrayBufferView | Blob;
}

/** engine.io-client's events, for tests and for watching the transport. */
export interface EngineEvents {
  [event: string]: unknown[];
  /** A packet is queued for sending. */
  packetCreate: [packet: EnginePacket];
  /** A packet arrived. */
  packet: [packet: EnginePacket];
  /** Everything queued has been handed to the transport. */
  drain: [];
  /** Long-polling was upgraded to WebSocket; `transport` is the new one. */
  upgrade: [transport: Transport];
  /** The session ended ('transport close', 'transport error', 'ping timeout', 'parse error', 'forced close'). */
  close: [reason: string];
}

/**
 * One session, with engine.io-client's events: `socket.io.engine.on('packet', (p) => p.type)`.
 */
export interface Engine extends Emitter<EngineEvents> {
  /** The transport in use (Socket.IO's `socket.io.engine.transport.name`: 'websocket' or 'polling'). */
  transport: Transport;
  /** Queues one message; it is written as soon as the transport allows (a Blob in its turn, once read). */
  send(data: OutgoingPacket): void;
  /**
   * Ends the session as engine.io-client's `close()` does: after what is queued, then 'close' with reason
   * 'forced close', to the listeners and to the owner (a Manager then reconnects, as socket.io-client's does).
   */
  close(): void;
  /** @internal The same, without a word to anyone: the owner is letting the session go. */
  _drop(): void;
}

interface Handshake {
  sid: string;
  upgrades: string[];
  pingInterval: number;
  pingTimeout: number;
  maxPayload: number;
}

// Engine.IO packet types (https://socket.io/docs/v4/engine-io-protocol/#packet-encoding), as the first
// character of a text packet.
const OPEN_PACKET = '0';
const CLOSE_PACKET = '1';
const PING = '2';
const PONG = '3';
const MESSAGE = '4';
const UPGRADE = '5';
const NOOP = '6';
const TYPES = ['open', 'close', 'ping', 'pong', 'message', 'upgrade', 'noop'] as const;
/** A packet as the events show it. */
const shown = (type: string, data: EnginePacket['data']): EnginePacket => ({ type: TYPES[+type]!, data });

/** How long a WebSocket that opened may stay silent before it counts as not an Engine.IO server. */
const HANDSHAKE_WAIT = 2000;

// States: opening, open, closing (draining the close packet, silent to the owner), closed.
const OPENING = 0;
const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;

/**
 * The URL `openEngine` takes, from a server's origin (`ws(s)` read as `http(s)`), the Engine's path (a missing
 * trailing slash added) and a query without its `?`, e.g. `http://h/socket.io/?EIO=4&token=1`.
 */
export const engineUrl = (origin: string, path: string, query: string): string =>
  origin.replace(/^ws/, 'http') + path.replace(/\/?$/, '/') + '?EIO=4' + (query && '&' + query);

const factory = (t: EngineOptions['transports'][number]): TransportFactory =>
  t == 'polling' ? PollingTransport : t == 'websocket' ? WebSocketTransport : (t as TransportFactory);

/**
 * The client side of one Engine.IO v4 session (https://socket.io/docs/v4/engine-io-protocol/): opens the
 * first transport that works, answers pings and closes with 'ping timeout' when the server falls silent for
 * pingInterval + pingTimeout, upgrades long-polling to WebSocket, and queues writes while a transport is busy.
 * `url` is the server URL with path and query, as `engineUrl` makes it.
 */
export function openEngine(url: string, opts: EngineOptions, owner: EngineOwner): Engine {
  const transports = (opts.transports = opts.transports.map(factory));
  let state = OPENING;
  /** Index in `transports` of the transport being opened. */
  let attempt = 0;
  let transport: Transport | undefined;
  /** The transport being probed for an upgrade. */
  let probing: Transport | undefined;
  /** A transport of this attempt reached a server that is not Engine.IO. */
  let wrongServer = false;
  /** The long-polling transport an upgrade left behind (paused). */
  let left: Transport | undefined;
  /** Upgrading: the old transport is pausing, writes wait. */
  let upgrading = false;
  let heartbeat: ReturnType<typeof setTimeout> | undefined;
  let handshake: Handshake;
  const queue: OutgoingPacket[] = [];
  /** Written before the handshake. */
  let early: OutgoingPacket[] = [];

  /** Written since the last 'drain'. */
  let undrained = false;
  const write = (packet: OutgoingPacket) => {
    engine.emitReserved('packetCreate', typeof packet == 'string' ? shown(packet[0]!, packet.slice(1)) : shown(MESSAGE, packet));
    queue.push(packet);
    flush();
  };
  /** Writes what the transport takes now; the rest waits until it reports ready. */
  const flush = () => {
    // Before the handshake a WebSocket (a transport that never pauses) already carries messages: the server
    // writes its open packet first, so ours land after it, and the namespace CONNECT saves a round trip. They
    // are kept in `early` until the handshake, to be sent again if the session falls back to the next transport.
    if (state == CLOSED || (state == OPENING && (!transport || transport.pause))) return;
    if (transport!.writable && !upgrading && queue.length) {
      const sent = queue.splice(0, transport!.send(queue, handshake?.maxPayload));
      if (state == OPENING) early.push(...sent);
      undrained = true;
    }
    if (undrained && transport!.writable && !queue.length) (undrained = false), engine.emitReserved('drain');
    if (state == CLOSING && !queue.length) {
      state = CLOSED;
      transport!.close();
    }
  };
  /** Stops timers and the probe without a word to anyone. */
  const stop = () => {
    state = CLOSED;
    clearTimeout(heartbeat);
    probing?.close();
    probing = undefined;
  };
  /** The session ended on its own: tell the owner once, unless it is closing (or closed) already. */
  const end = (reason: string, closeData?: string) => {
    const was = state;
    stop();
    // An open session that did not end by the server's close packet: the transport says goodbye for us.
    // After an upgrade, the long-polling one says it too: if a cut swallowed our upgrade packet, the server still
    // holds the session on long-polling (with no request of ours pending) and only a close packet ends it there.
    const bye = was == OPEN && closeData == null;
    transport?.close(bye);
    left?.close(bye);
    if (was < CLOSING) report(reason, closeData);
  };
  const report = (reason: string, closeData?: string) => {
    engine.emitReserved('close', reason);
    owner._onClose(reason, closeData);
  };
  const beat = () => {
    clearTimeout(heartbeat);
    heartbeat = later(() => end('ping timeout'), handshake.pingInterval + handshake.pingTimeout, opts);
  };
  const engine = new Emitter() as Engine;
  const open = (kind: TransportFactory, sink: TransportSink, sid = '') =>
    Object.assign(kind.open(url + '&transport=' + kind.name + sid, sink, opts), { name: kind.name });
  /** Opens transport number `attempt`; one that cannot even be constructed counts as failed. */
  const next = () => {
    try {
      transport = engine.transport = open(transports[attempt]!, sink);
    } catch {
      sink(undefined, 'transport error');
    }
  };
  const sink: TransportSink = (packet, closeReason) => {
    if (closeReason) {
      // A server found not to be Engine.IO on one transport is not one on the next (where a browser may not
      // even see a status: a 404 without CORS headers is a network error to fetch).
      if (closeReason == NOT_ENGINE_IO) wrongServer = true;
      // Before the handshake a failed transport hands over to the next one.
      if (state == OPENING && ++attempt < transports.length) {
        clearTimeout(heartbeat);
        transport?.close();
        queue.unshift(...early);
        early = [];
        return next();
      }
      return end(state == OPENING && wrongServer ? NOT_ENGINE_IO : closeReason);
    }
    // A WebSocket that opened has its handshake on the way: an Engine.IO server writes it at once.
    if (packet == null && state == OPENING && !transport!.pause)
      heartbeat = later(() => sink(undefined, NOT_ENGINE_IO), HANDSHAKE_WAIT, opts);
    if (packet == null) return flush();
    const type = typeof packet == 'string' ? packet[0]! : MESSAGE;
    const data = typeof packet == 'string' ? packet.slice(1) : packet;
    const known = type >= OPEN_PACKET && type <= NOOP;
    // Before the handshake, anything else means the server is no Engine.IO server.
    if (state == OPENING) return known && type == OPEN_PACKET ? onHandshake(data as string) : sink(undefined, NOT_ENGINE_IO);
    if (!known) return end('parse error');
    engine.emitReserved('packet', shown(type, data));
    if (state != OPEN) return;
    if (type == CLOSE_PACKET) end('transport close', data as string);
    if (type == PING) beat(), write(PONG), owner._onPing();
    if (type == MESSAGE) owner._onMessage(data);
  };
  /** The open packet: session parameters, then maybe an upgrade probe. */
  const onHandshake = (json: string) => {
    try {
      handshake = JSON.parse(json);
      if (!handshake.sid || !Array.isArray(handshake.upgrades)) throw 0;
    } catch {
      return sink(undefined, NOT_ENGINE_IO);
    }
    engine.emitReserved('packet', shown(OPEN_PACKET, json));
    // What opened goes first, for reconnects.
    opts.transports = [transports[attempt]!, ...transports.filter((_, i) => i != attempt)];
    transport!.url += '&sid=' + handshake.sid;
    state = OPEN;
    early = [];
    beat();
    owner._onOpen();
    flush();
    const upgrade =
      opts.upgrade && transport!.pause && transports.find((kind, i) => i != attempt && handshake.upgrades.includes(kind.name));
    if (upgrade && state == OPEN) probe(upgrade);
  };
  /** `2probe` -> `3probe` on the new transport, pause the old one, then `5` and switch. */
  const probe = (kind: TransportFactory) => {
    let candidate: Transport;
    const fail = () => {
      candidate.close();
      if (probing == candidate) probing = undefined;
    };
    try {
      candidate = probing = open(
        kind,
        (packet, closeReason) => {
          if (closeReason || (packet != null && packet != PONG + 'probe')) return fail();
          if (packet == null) return candidate.send([PING + 'probe']);
          upgrading = true;
          transport!.pause!(() => {
            if (state == CLOSED) return;
            if (probing != candidate) return end('transport close');
            probing = undefined;
            upgrading = false;
            left = transport;
            transport = engine.transport = candidate;
            candidate.sink = sink;
            candidate.send([UPGRADE]);
            flush();
            state == OPEN && engine.emitReserved('upgrade', candidate);
          });
        },
        '&sid=' + handshake.sid,
      );
    } catch {
      // No transport to probe: stay on the current one.
    }
  };

  engine.send = (data) => write(typeof data == 'string' ? MESSAGE + data : data);
  engine.close = () => {
    const was = state;
    engine._drop();
    if (was < CLOSING) report('forced close');
  };
  engine._drop = () => {
    if (state != OPEN) return stop(), transport?.close();
    // After what is written so far. While upgrading, the writes wait for the new transport: the switch goes on,
    // then they are sent on it, close packet last (as socket.io-client does). A WebSocket (a transport that
    // never pauses) needs no close packet: its closing handshake says the same, and a close packet would make
    // the server start a closing handshake of its own that crosses ours.
    clearTimeout(heartbeat);
    upgrading || (probing?.close(), (probing = undefined));
    state = CLOSING;
    transport!.pause ? write(CLOSE_PACKET) : flush();
  };
  // After the goodbye of this owner's last long-polling session, if one is on its way (see `close(bye)`).
  opts._bye ? opts._bye.then(() => state == OPENING && !transport && next()) : next();
  return engine;
}
