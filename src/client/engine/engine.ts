import type { BinaryInput, OutgoingEnginePacket } from '../../protocol/engine-packet.js';
import { Emitter } from '../../shared/emitter.js';
import type { Transport, TransportFactory, TransportOptions, TransportSink } from './transport.js';

/** Who hears what the engine session does. After `close()` the engine reports nothing more. */
export interface EngineOwner {
  /** The handshake is done: messages flow. */
  onOpen(): void;
  onMessage(data: string | Uint8Array): void;
  /** The server pinged (and was answered). */
  onPing(): void;
  /**
   * The session is over, or never opened: 'transport close', 'transport error', 'ping timeout', 'parse error'.
   * `closeData` is the server's close packet payload ('' when it had none; sockjet's server may put
   * `{"code":...,"reason":...}` there), undefined when no close packet came.
   */
  onClose(reason: string, closeData?: string): void;
}

export interface EngineOptions extends TransportOptions {
  /**
   * Transports to try in order until one opens. The engine moves the one that opened to the front of this
   * array, so an owner that reuses this object for reconnects starts with what worked (and may still upgrade
   * to the others, which are probed as upgrades when the server offers them).
   */
  transports: TransportFactory[];
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
  /** Queues one message; it is written as soon as the transport allows. */
  send(data: string | BinaryInput): void;
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

// Engine.IO packet types (EnginePacketType), as plain numbers so the shared codec stays out of the bundle.
const OPEN_PACKET = 0;
const CLOSE_PACKET = 1;
const PING = 2;
const PONG = 3;
const MESSAGE = 4;
const UPGRADE = 5;

// States: opening, open, closing (draining the close packet, silent to the owner), closed.
const OPENING = 0;
const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;

/**
 * The client side of one Engine.IO v4 session (https://socket.io/docs/v4/engine-io-protocol/): opens the
 * first transport that works, answers pings and closes with 'ping timeout' when the server falls silent for
 * pingInterval + pingTimeout, upgrades long-polling to WebSocket, and queues writes while a transport is busy.
 * `u` is the server URL with path and query, e.g. `http://h/socket.io/?EIO=4`.
 */
export function openEngine(u: string, o: EngineOptions, h: EngineOwner): Engine {
  let st = OPENING;
  /** index in o.transports of the transport being opened */
  let i = 0;
  let t: Transport | undefined;
  /** the transport being probed for an upgrade */
  let pr: Transport | undefined;
  /** upgrading: the old transport is pausing, writes wait */
  let up = false;
  let hb: ReturnType<typeof setTimeout> | undefined;
  let hs: Handshake;
  const wb: OutgoingEnginePacket[] = [];
  /** written before the handshake */
  let ew: OutgoingEnginePacket[] = [];

  const write = (p: OutgoingEnginePacket) => {
    wb.push(p);
    flush();
  };
  /** Writes what the transport takes now; the rest waits until it reports ready. */
  const flush = () => {
    // Before the handshake a WebSocket (a transport that never pauses) already carries messages: the server
    // writes its open packet first, so ours land after it, and the namespace CONNECT saves a round trip. They
    // are kept in `ew` until the handshake, to be sent again if the session falls back to the next transport.
    if (st == CLOSED || (st == OPENING && (!t || t.pause))) return;
    if (t!.w && !up && wb.length) {
      const sent = wb.splice(0, t!.send(wb, hs?.maxPayload));
      if (st == OPENING) ew.push(...sent);
    }
    if (st == CLOSING && !wb.length) {
      st = CLOSED;
      t!.close();
    }
  };
  /** Stops timers and the probe without a word to anyone. */
  const stop = () => {
    st = CLOSED;
    clearTimeout(hb);
    pr?.close();
    pr = undefined;
  };
  /** The session ended on its own: tell the owner once. */
  const end = (reason: string, closeData?: string) => {
    if (st == CLOSED) return;
    stop();
    t?.close();
    h.onClose(reason, closeData);
  };
  const beat = () => {
    clearTimeout(hb);
    hb = setTimeout(end, hs.pingInterval + hs.pingTimeout, 'ping timeout');
  };
  const engine = new Emitter() as Engine;
  const make = (C: TransportFactory, sink: TransportSink, sid = '') =>
    Object.assign(C(u + '&transport=' + C.n + sid, sink, o), { name: C.n });
  /** Opens transport number `i`; one that cannot even be constructed counts as failed. */
  const next = () => {
    try {
      t = engine.transport = make(o.transports[i]!, sink);
    } catch {
      sink('transport error');
    }
  };
  const sink: TransportSink = (e) => {
    if (typeof e == 'string') {
      // Before the handshake a failed transport hands over to the next one.
      if (st == OPENING && ++i < o.transports.length) return t?.close(), wb.unshift(...ew), (ew = []), next();
      if (st > OPEN) st = CLOSED;
      return end(e);
    }
    if (!e) return flush();
    const { type, data } = e;
    if (type == OPEN_PACKET && st == OPENING) return handshake(data as string);
    if (st != OPEN) return;
    if (type == CLOSE_PACKET) end('transport close', (data as string) ?? '');
    if (type == PING) beat(), write({ type: PONG }), h.onPing();
    if (type == MESSAGE) h.onMessage(data!);
  };
  /** The open packet: session parameters, then maybe an upgrade probe. */
  const handshake = (json: string) => {
    try {
      hs = JSON.parse(json);
      if (!hs.sid || !Array.isArray(hs.upgrades)) throw 0;
    } catch {
      return end('parse error');
    }
    const list = o.transports;
    const tail = (o.transports = [list[i]!, ...list.filter((_, j) => j != i)]);
    i = 0;
    t!.u += '&sid=' + hs.sid;
    st = OPEN;
    ew = [];
    beat();
    h.onOpen();
    flush();
    const C = o.upgrade && t!.pause && tail.find((c, j) => j && hs.upgrades.includes(c.n));
    if (C && st == OPEN) probe(C);
  };
  /** `2probe` -> `3probe` on the new transport, pause the old one, then `5` and switch. */
  const probe = (C: TransportFactory) => {
    let p: Transport;
    const fail = () => {
      p.close();
      if (pr == p) pr = undefined;
    };
    try {
      p = pr = make(C, (e) => {
        if (!e) return p.send([{ type: PING, data: 'probe' }], 0);
        if (typeof e == 'string' || e.type != PONG || e.data != 'probe') return fail();
        up = true;
        t!.pause!(() => {
          if (st != OPEN) return;
          if (pr != p) return end('transport close');
          pr = undefined;
          up = false;
          t = engine.transport = p;
          p.s = sink;
          p.send([{ type: UPGRADE }], 0);
          flush();
          engine.emitReserved('upgrade', p);
        });
      }, '&sid=' + hs.sid);
    } catch {}
  };

  engine.send = (data) => write({ type: MESSAGE, data });
  engine.close = () => {
    const open = st == OPEN && !up;
    stop();
    if (open) {
      st = CLOSING;
      write({ type: CLOSE_PACKET });
    } else t?.close();
  };
  next();
  return engine;
}
