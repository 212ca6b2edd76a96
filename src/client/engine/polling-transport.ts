import { decodePacket, encodePacket } from '../../protocol/engine-packet.js';
import { report, type Transport, type TransportFactory } from './transport.js';

const utf8 = new TextEncoder();

/**
 * Engine.IO long-polling on `fetch` (pages, workers, Node 18+): one GET always in flight to receive, one POST
 * at a time to send, binary as base64 (`b...`) records.
 */
export const PollingTransport: TransportFactory = (u, s, o) => {
  /** closed */
  let x = false;
  /** aborts the pending GET; set while one is in flight */
  let a: AbortController | undefined;
  /** called once nothing is in flight, while pausing for an upgrade */
  let p: (() => void) | undefined;
  const fail = () => x || (t.close(), t.s('transport error'));
  const req = (body?: string, signal?: AbortSignal) =>
    fetch(t.u, {
      method: body == null ? 'GET' : 'POST',
      body,
      signal,
      cache: 'no-store',
      credentials: o.withCredentials ? 'include' : 'same-origin',
      headers: o.extraHeaders,
    }).then((res) => (res.ok ? res.text() : Promise.reject()));
  /** Finishes a pause once no GET and no POST is in flight. */
  const idle = () => {
    if (p && !a && t.w) {
      x = true;
      p();
    }
  };
  const poll = () => {
    req(undefined, (a = new AbortController()).signal).then((text) => {
      a = undefined;
      x || report(t.s, text.split('\x1e').map(decodePacket));
      x || (p ? idle() : poll());
    }, fail);
  };
  const t: Transport = {
    s,
    u,
    w: true,
    send(packets, max) {
      // Batch within the server's maxPayload (counted in UTF-8 bytes), but always at least one packet.
      let body = '';
      let size = -1;
      let n = 0;
      for (const packet of packets) {
        const record = encodePacket(packet, false) as string;
        size += utf8.encode(record).length + 1;
        if (n && size > max) break;
        body += (n++ ? '\x1e' : '') + record;
      }
      t.w = false;
      req(body).then(() => {
        t.w = true;
        x || (p ? idle() : t.s());
      }, fail);
      return n;
    },
    pause(done) {
      p = done;
      idle();
    },
    close() {
      x = true;
      a?.abort();
    },
  };
  poll();
  return t;
};
PollingTransport.n = 'polling';
