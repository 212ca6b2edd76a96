import type { Transport, TransportFactory } from './transport.js';

/**
 * Engine.IO over a WebSocket with the browser's API (`onopen`/`onmessage`/`onclose`/`onerror`): the native
 * one, or any constructor passed as the `WebSocket` option (e.g. the `ws` package in Node 20). Throws when no
 * WebSocket exists; the session then falls back to the next transport. Text packets are frames as they are,
 * binary message data goes as a binary frame; a Blob is handed over as it is, since a WebSocket reads Blobs
 * itself and keeps them in order (browsers, Node 22+, and the `ws` package since 8.18).
 */
export const WebSocketTransport: TransportFactory = {
  name: 'websocket',
  open(url, sink, opts) {
    /** Nothing more is reported: closed, gone or paused. */
    let closed = false;
    // A third argument is ignored by browsers; the `ws` package (Node) sends its headers with the handshake.
    const ws = new (opts.WebSocket ?? globalThis.WebSocket)(url.replace(/^http/, 'ws'), [], { headers: opts.extraHeaders });
    const transport: Transport = {
      name: 'websocket',
      sink,
      url,
      // Writable once open: the session may write before its handshake.
      writable: false,
      closePacket: false,
      send(packets) {
        for (const packet of packets) ws.send(packet);
        return packets.length;
      },
      pause(done) {
        closed = true;
        transport.writable = false;
        done();
      },
      close() {
        closed = true;
        ws.close();
      },
    };
    ws.binaryType = 'arraybuffer';
    ws.onopen = () => {
      // autoUnref: the `ws` package's TCP socket (a WebSocket without one is left as it is).
      if (opts.autoUnref) (ws as { _socket?: { unref(): void } })._socket?.unref();
      closed || ((transport.writable = true), transport.sink());
    };
    ws.onmessage = (e) => closed || transport.sink(e.data);
    // Browsers fire `error` then `close`; the first one wins, the transport is dead after it.
    ws.onclose = ws.onerror = (e) => closed || (transport.close(), transport.sink(undefined, 'transport ' + e.type));
    return transport;
  },
};
