import { Emitter } from '../../shared/emitter.js';
import { PollingTransport } from './polling-transport.js';
import type { IncomingPacket, OutgoingPacket, Transport, TransportFactory, TransportOptions, TransportSink } from './transport.js';
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
   */
  transports: Array<'websocket' | 'polling' | TransportFactory>;
  /** Probe the server's advertised upgrades (polling -> websocket) after opening. */
  upgrade: boolean;
}

export interface EngineEvents {
  [event: string]: unknown[];
  /** Long-polling was upgraded to WebSocket; `transport` is the new one. */
  upgrade: [transport: Transport];
}

/**
 * One session. Like socket.io-client's engine it tells about upgrades:
 * `socket.io.engine.on('upgrade', (t) => t.name)`.
 */
export interface Engine extends Emitter<EngineEvents> {
  /** The transport in use (Socket.IO's `socket.io.engine.transport.name`: 'websocket' or 'polling'). */
  transport?: Transport;
  /** Queues one message; it is written as soon as the transport allows (a Blob in its turn, once read). */
  send(data: OutgoingPacket): void;
  /** Sends the close packet (after what is queued) and closes; the owner hears nothing more. */
  close(): void;
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
  t == 'polling' ? PollingTransport : t == 'websocket' ? WebSocketTransport : t;

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
  /** Upgrading: the old transport is pausing, writes wait. */
  let upgrading = false;
  let heartbeat: ReturnType<typeof setTimeout> | undefined;
  let handshake: Handshake;
  const queue: OutgoingPacket[] = [];
  /** Written before the handshake. */
  let early: OutgoingPacket[] = [];

  const write = (packet: OutgoingPacket) => {
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
    }
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
    transport?.close();
    if (was < CLOSING) owner._onClose(reason, closeData);
  };
  const beat = () => {
    clearTimeout(heartbeat);
    heartbeat = setTimeout(end, handshake.pingInterval + handshake.pingTimeout, 'ping timeout');
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
      // Before the handshake a failed transport hands over to the next one.
      if (state == OPENING && ++attempt < transports.length) {
        transport?.close();
        queue.unshift(...early);
        early = [];
        return next();
      }
      return end(closeReason);
    }
    if (packet == null) return flush();
    const type = typeof packet == 'string' ? packet[0]! : MESSAGE;
    const data = typeof packet == 'string' ? packet.slice(1) : packet;
    if (!(type >= OPEN_PACKET && type <= NOOP)) return end('parse error');
    if (type == OPEN_PACKET && state == OPENING) return onHandshake(data as string);
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
      return end('parse error');
    }
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
  next();
  return engine;
}
