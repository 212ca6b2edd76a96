import { decodePacket, encodePacket } from '../../protocol/engine-packet.js';
import { report, type Transport, type TransportFactory } from './transport.js';

/**
 * Engine.IO over a WebSocket with the browser's API (`onopen`/`onmessage`/`onclose`/`onerror`): the native
 * one, or any constructor passed as the `WebSocket` option (e.g. the `ws` package in Node 20). Throws when no
 * WebSocket exists; the session then falls back to the next transport.
 */
export const WebSocketTransport: TransportFactory = (u, s, o) => {
  let x = false;
  const ws = new (o.WebSocket ?? globalThis.WebSocket)(u.replace(/^http/, 'ws'));
  const t: Transport = {
    s,
    u,
    // Writable once open: the session may write before its handshake.
    w: false,
    send: (packets) => (packets.forEach((p) => ws.send(encodePacket(p, true))), packets.length),
    close: () => {
      x = true;
      ws.close();
    },
  };
  ws.binaryType = 'arraybuffer';
  ws.onopen = () => x || ((t.w = true), t.s());
  ws.onmessage = (e) => x || report(t.s, [decodePacket(e.data)]);
  // Browsers fire `error` then `close`; the first one wins, the transport is dead after it.
  ws.onclose = ws.onerror = (e) => x || (t.close(), t.s('transport ' + (e.type == 'error' ? 'error' : 'close')));
  return t;
};
WebSocketTransport.n = 'websocket';
