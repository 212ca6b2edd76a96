import type { BinaryInput, OutgoingEnginePacket } from '../../protocol/engine-packet.js';
import type { Transport, TransportFactory, TransportOptions, TransportSink } from './transport.js';

/** Who hears what the engine session does. After `close()` the engine reports nothing more. */
export interface EngineOwner {
  /** The handshake is done: messages flow. */
  onOpen(): void;
  onMessage(data: string | Uint8Array): void;
  /** The server pinged (and was answered). */
  onPing(): void;
  /** The session is over, or never opened: 'transport close', 'transport error', 'ping timeout', 'parse error'. */
  onClose(reason: string): void;
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

export interface Engine {
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

  const write = (p: OutgoingEnginePacket) => {
    wb.push(p);
    flush();
  };
  /** Writes what the transport takes now; the rest waits until it reports ready. */
  const flush = () => {
    if (st != OPEN && st != CLOSING) return;
    if (t!.w && !up && wb.length) wb.splice(0, t!.send(wb, hs.maxPayload));
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
  const end = (reason: string) => {
    if (st == CLOSED) return;
    stop();
    t?.close();
    h.onClose(reason);
  };
  const beat = () => {
    clearTimeout(hb);
    hb = setTimeout(end, hs.pingInterval + hs.pingTimeout, 'ping timeout');
  };
  const make = (C: TransportFactory, sink: TransportSink, sid = '') => C(u + '&transport=' + C.n + sid, sink, o);
  /** Opens transport number `i`; one that cannot even be constructed counts as failed. */
  const next = () => {
    try {
      t = make(o.transports[i]!, sink);
    } catch {
      sink('transport error');
    }
  };
  const sink: TransportSink = (e) => {
    if (typeof e == 'string') {
      // Before the handshake a failed transport hands over to the next one.
      if (st == OPENING && ++i < o.transports.length) return t?.close(), next();
      if (st > OPEN) st = CLOSED;
      return end(e);
    }
    if (!e) return flush();
    const { type, data } = e;
    if (type == OPEN_PACKET && st == OPENING) return handshake(data as string);
    if (st != OPEN) return;
    if (type == CLOSE_PACKET) end('transport close');
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
          t = p;
          p.s = sink;
          p.send([{ type: UPGRADE }], 0);
          flush();
        });
      }, '&sid=' + hs.sid);
    } catch {}
  };

  next();
  return {
    send: (data) => write({ type: MESSAGE, data }),
    close() {
      const open = st == OPEN && !up;
      stop();
      if (open) {
        st = CLOSING;
        write({ type: CLOSE_PACKET });
      } else t?.close();
    },
  };
}
