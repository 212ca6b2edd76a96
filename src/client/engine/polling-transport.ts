import { fromBase64, toBase64 } from '../../protocol/base64.js';
import { PAYLOAD_SEPARATOR as SEPARATOR } from '../../protocol/engine-packet.js';
import { byteSize, isBlob, toBytes } from '../bytes.js';
import { NOT_ENGINE_IO, type IncomingPacket, type OutgoingPacket, type Transport, type TransportFactory } from './transport.js';

/** A payload record: text packets as they are, binary message data (a Blob once read) as `b` + base64. */
const encodeRecord = (packet: string | ArrayBuffer | ArrayBufferView): string =>
  typeof packet == 'string' ? packet : 'b' + toBase64(toBytes(packet));

/** A packet's record length in UTF-8 bytes, known before a Blob is read: `b` + base64 of its bytes. */
const recordSize = (packet: OutgoingPacket): number =>
  typeof packet == 'string' ? byteSize(packet) : 1 + 4 * Math.ceil(byteSize(packet) / 3);

/** A record as a packet: `b` + base64 becomes the bytes of a binary message; undefined when it is bad base64. */
const decodeRecord = (record: string): IncomingPacket | undefined =>
  record[0] == 'b' ? (fromBase64(record.slice(1))?.buffer as ArrayBuffer | undefined) : record;

/**
 * Engine.IO long-polling on `fetch` (pages, workers, Node 18+): one GET always in flight to receive, one POST
 * at a time to send.
 */
export const PollingTransport: TransportFactory = {
  name: 'polling',
  open(url, sink, opts) {
    /** Nothing more is reported: closed, gone or paused. */
    let closed = false;
    /** Aborts the pending GET; set while one is in flight. */
    let abortGet: AbortController | undefined;
    /** A POST is in flight. */
    let posting = false;
    /** Set by `pause`: called once nothing is in flight. */
    let paused: (() => void) | undefined;
    // The owner closes the transport when it hears of the failure (with `bye` if the session ends with it).
    // A 404 is no Engine.IO server's answer (its errors are 400 and 403, with a JSON body).
    const fail = (status?: unknown) => closed || transport.sink(undefined, status == 404 ? NOT_ENGINE_IO : 'transport error');
    const request = (body?: string, signal?: AbortSignal) =>
      fetch(transport.url, {
        method: body == null ? 'GET' : 'POST',
        body,
        signal,
        cache: 'no-store',
        // Otherwise fetch's default, 'same-origin'.
        credentials: opts.withCredentials ? 'include' : undefined,
        headers: opts.extraHeaders,
      }).then((res) => (res.ok ? res.text() : Promise.reject(res.status)));
    /**
     * After a request came back: a pause ends once nothing is in flight; otherwise the transport is writable
     * again once no POST is (the first time after the first poll, which brought the handshake).
     */
    const settle = () => {
      if (closed) return;
      if (paused) !abortGet && !posting && ((closed = true), paused());
      else if (!posting && !transport.writable) (transport.writable = true), transport.sink();
    };
    /** Hands over a payload's packets in order; a bad record is a 'parse error' and ends the transport. */
    const receive = (payload: string) => {
      const packets = payload.split(SEPARATOR).map(decodeRecord);
      if (packets.includes(undefined)) return transport.sink(undefined, 'parse error');
      for (const packet of packets) closed || transport.sink(packet);
    };
    const poll = () => {
      request(undefined, (abortGet = new AbortController()).signal).then((payload) => {
        abortGet = undefined;
        closed || receive(payload);
        settle();
        closed || paused || poll();
      }, fail);
    };
    const transport: Transport = {
      name: 'polling',
      sink,
      url,
      writable: false,
      closePacket: true,
      send(packets, max = Infinity) {
        // Batch within the server's maxPayload (counted in UTF-8 bytes), but always at least one packet.
        let size = -1;
        let count = 0;
        while (count < packets.length && ((size += recordSize(packets[count]!) + 1) <= max || !count)) count++;
        transport.writable = false;
        posting = true;
        // Blobs are read first, all of this batch at once; a Blob that cannot be read fails the transport.
        Promise.all(packets.slice(0, count).map((packet) => (isBlob(packet) ? packet.arrayBuffer() : packet)))
          .then((parts) => request(parts.map(encodeRecord).join(SEPARATOR)))
          .then(() => {
            posting = false;
            settle();
          }, fail);
        return count;
      },
      pause(done) {
        paused = done;
        transport.writable = false;
        settle();
      },
      close(bye) {
        closed = true;
        abortGet?.abort();
        if (bye && transport.url.includes('&sid=')) {
          // A close packet, tried again while the network fails it (not when the server answers, even with an
          // error), for 2 s at most. The next session of this owner waits for it (see `TransportOptions._bye`).
          const signal = AbortSignal.timeout(2000);
          const goodbye = (): Promise<unknown> =>
            request('1', signal).catch((status) => typeof status != 'number' && !signal.aborted && goodbye());
          const bye: Promise<unknown> = (opts._bye = goodbye().then(() => opts._bye == bye && (opts._bye = undefined)));
        }
      },
    };
    poll();
    return transport;
  },
};
