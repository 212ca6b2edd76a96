import { ENGINE_PACKET_NAMES, type EnginePacketName } from '../../protocol/engine-packet.js';
import { Emitter } from '../../shared/emitter.js';
import { NOT_ENGINE_IO, type IncomingPacket, type OutgoingPacket, type Transport, type TransportFactory, type TransportOptions, type TransportSink } from './transport.js';
import { chosen, transportChoice, type TransportList } from './transport-choice.js';
import { upgrade } from './upgrade.js';
import { watchdog } from './watchdog.js';

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
  transports: TransportList;
  /** Probe the server's advertised upgrades (polling -> websocket) after opening. */
  upgrade: boolean;
}

/** An Engine.IO packet as engine.io-client's events show it: `{ type: 'message', data: 'hello' }`. */
export interface EnginePacket {
  type: EnginePacketName;
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

// The packets the session writes, as text (https://socket.io/docs/v4/engine-io-protocol/#packet-encoding): the
// type's digit, then the data. Written out here rather than built from the protocol's EnginePacketType: each
// import of a constant from the chunk the client shares with the server costs the bundle about 5 bytes.
const CLOSE_PACKET = '1';
const PONG = '3';
const MESSAGE = '4';
const UPGRADE = '5';
/**
 * A packet as the events show it, named by the protocol's ENGINE_PACKET_NAMES; the type of a text packet is its
 * first character, a digit (an unknown one shows as undefined, which the session checks before showing it).
 */
const shown = (packet: IncomingPacket | OutgoingPacket): EnginePacket =>
  typeof packet == 'string'
    ? { type: ENGINE_PACKET_NAMES[packet.charCodeAt(0) - 48]!, data: packet.slice(1) }
    : { type: 'message', data: packet };

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

/**
 * The client side of one Engine.IO v4 session (https://socket.io/docs/v4/engine-io-protocol/): opens the
 * first transport that works (`transportChoice`), answers pings and closes with 'ping timeout' when the server
 * falls silent for pingInterval + pingTimeout (`watchdog`), upgrades when the server offers it (`upgrade`), and
 * queues writes while a transport is busy (`flush`). It never asks which transport it has: each one implements
 * all of `Transport`. `url` is the server URL with path and query, as `engineUrl` makes it.
 */
export function openEngine(url: string, opts: EngineOptions, owner: EngineOwner): Engine {
  const engine = new Emitter() as Engine;
  const choose = transportChoice(opts);
  // Before the handshake: a WebSocket that opened but stays silent is no Engine.IO server's. After: the heartbeat.
  const watch = watchdog(() => (state == OPENING ? sink(undefined, NOT_ENGINE_IO) : end('ping timeout')), opts);
  let state = OPENING;
  /** The transport in use, and what opened it. */
  let transport: Transport | undefined;
  let kind: TransportFactory;
  const queue: OutgoingPacket[] = [];
  /** Written before the handshake: sent again if the session falls back to the next transport. */
  let early: OutgoingPacket[] = [];
  /** Written since the last 'drain'. */
  let undrained = false;
  let handshake: Handshake | undefined;
  /** The transport an upgrade left behind (paused). */
  let left: Transport | undefined;
  /** Gives up the upgrade probe, if one is under way. */
  let cancelUpgrade: ((always?: boolean) => void) | undefined;

  const write = (packet: OutgoingPacket) => {
    engine.emitReserved('packetCreate', shown(packet));
    queue.push(packet);
    flush();
  };
  /**
   * Writes what the transport takes now (long-polling batches within maxPayload); the rest waits until it is
   * writable again. Before the handshake only a WebSocket takes any: the server writes its open packet first, so
   * ours land after it, and the namespace CONNECT saves a round trip.
   */
  const flush = () => {
    if (state == CLOSED || !transport) return;
    if (state) early = [];
    if (transport.writable && queue.length) {
      const sent = queue.splice(0, transport.send(queue, handshake?.maxPayload));
      if (!state) early.push(...sent);
      undrained = true;
    }
    if (undrained && transport.writable && !queue.length) (undrained = false), engine.emitReserved('drain');
    if (state == CLOSING && !queue.length) {
      state = CLOSED;
      transport.close();
    }
  };
  /** Stops timers and the probe without a word to anyone. */
  const stop = () => {
    state = CLOSED;
    watch();
    cancelUpgrade?.(true);
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
  const beat = () => watch(handshake!.pingInterval + handshake!.pingTimeout);
  const start = (kind: TransportFactory, to: TransportSink, sid = '') =>
    kind.open(url + '&transport=' + kind.name + sid, to, opts);
  /**
   * Opens the next transport after one failed with `reason` (the first without), or ends the session when none
   * is left. One that cannot even be constructed counts as failed.
   */
  const attempt = (reason?: string) => {
    const [next, why] = choose(reason);
    if (!next) return end(why);
    try {
      transport = engine.transport = start((kind = next), sink);
    } catch {
      sink(undefined, 'transport error');
    }
  };
  const sink: TransportSink = (packet, closeReason) => {
    if (closeReason) {
      if (state != OPENING) return end(closeReason);
      // Before the handshake a failed transport hands over to the next one, with what it was given to write.
      watch();
      transport?.close();
      queue.unshift(...early);
      early = [];
      return attempt(closeReason);
    }
    if (packet == null) return state == OPENING && watch(HANDSHAKE_WAIT), flush();
    const p = shown(packet);
    // Before the handshake, anything else means the server is no Engine.IO server.
    if (state == OPENING) return p.type == 'open' ? onHandshake(p) : sink(undefined, NOT_ENGINE_IO);
    if (!p.type) return end('parse error');
    engine.emitReserved('packet', p);
    if (state != OPEN) return;
    if (p.type == 'close') end('transport close', p.data as string);
    if (p.type == 'ping') beat(), write(PONG), owner._onPing();
    if (p.type == 'message') owner._onMessage(p.data as IncomingPacket);
  };
  /** The open packet: session parameters, then maybe an upgrade probe. */
  const onHandshake = (open: EnginePacket) => {
    let h: Handshake;
    try {
      h = JSON.parse(open.data as string);
      if (!h.sid || !Array.isArray(h.upgrades)) throw 0;
    } catch {
      return sink(undefined, NOT_ENGINE_IO);
    }
    engine.emitReserved('packet', open);
    const sid = '&sid=' + (handshake = h).sid;
    const to = chosen(opts, kind, h.upgrades);
    const from = transport!;
    from.url += sid;
    state = OPEN;
    beat();
    owner._onOpen();
    flush();
    if (to && state == OPEN) cancelUpgrade = upgrade((probe) => start(to, probe, sid), from, switchTo);
  };
  /** The probed transport takes over from the paused one (or, if it failed meanwhile, the session is over). */
  const switchTo = (to?: Transport) => {
    if (state == CLOSED) return;
    if (!to) return end('transport close');
    left = transport;
    transport = engine.transport = to;
    to.sink = sink;
    to.send([UPGRADE]);
    flush();
    state == OPEN && engine.emitReserved('upgrade', to);
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
    // then they are sent on it, close packet last (as socket.io-client does). Only a probe not yet answered is
    // given up.
    watch();
    cancelUpgrade?.();
    state = CLOSING;
    transport!.closePacket ? write(CLOSE_PACKET) : flush();
  };
  // After the goodbye of this owner's last long-polling session, if one is on its way (see `close(bye)`).
  opts._bye ? opts._bye.then(() => state == OPENING && !transport && attempt()) : attempt();
  return engine;
}
