// Shared by the protocol tests in Node and in Chromium: no Node-only imports here.
import fc from 'fast-check';
import {
  encodeSocketPacket,
  isBinary,
  SockjetError,
  type ProtocolError,
  RESERVED_EVENTS,
  SocketDecoder,
  SocketPacketType,
  toBytes,
  type SocketPacket,
} from '../../src/protocol/index.js';

/** Feeds every chunk and collects what the decoder returned for each. */
/** A decoder for generated packets, which may carry more binary values than the default limit of attachments
 * (the limit itself is tested in socket-codec.any.test.ts). */
export const roomyDecoder = () => new SocketDecoder({ maxAttachments: 1000 });

export function feed(decoder: SocketDecoder, chunks: readonly (string | Uint8Array)[]) {
  return chunks.map((chunk) => decoder.add(chunk));
}

/** Encodes then decodes with a fresh decoder, expecting exactly one packet after the last chunk. */
export function roundTrip(packet: SocketPacket): SocketPacket {
  const chunks = encodeSocketPacket(packet);
  const results = feed(roomyDecoder(), chunks);
  for (const r of results.slice(0, -1)) if (r !== null) throw new Error(`early result ${String(r)}`);
  const last = results[results.length - 1];
  if (last === null || last === undefined || last instanceof SockjetError) {
    throw new Error(`round trip failed: ${last instanceof SockjetError ? last.code : String(last)}`);
  }
  return last;
}

/** A copy where every binary value is a plain Uint8Array with the same bytes (Buffer, ArrayBuffer and other
 * views compare equal to it), so packets from different codecs can be compared with deep equality. */
export function normalize(value: unknown): unknown {
  if (isBinary(value)) return Uint8Array.from(toBytes(value));
  if (Array.isArray(value)) return value.map(normalize);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalize(v)]));
  }
  return value;
}

const containsBinary = (value: unknown): boolean =>
  isBinary(value) ||
  (typeof value === 'object' && value !== null && Object.values(value).some(containsBinary));

/** What decoding an encoded `packet` must give: binary data turns EVENT/ACK into BINARY_*, bytes become
 * Uint8Array, nsp defaults to "/". */
export function expectedDecode(packet: SocketPacket): SocketPacket {
  let type: number = packet.type;
  if (type === SocketPacketType.EVENT || type === SocketPacketType.ACK) {
    if (containsBinary(packet.data)) type += 3;
  }
  const out: SocketPacket = { type: type as SocketPacketType, nsp: packet.nsp || '/' };
  if (packet.data !== undefined) out.data = normalize(packet.data);
  if (packet.id !== undefined) out.id = packet.id;
  return out;
}

// ---- fast-check arbitraries ----

/** Object keys; `__proto__` is excluded because the decoder rejects it by design. */
export const keyArb = fc.string({ maxLength: 8 }).filter((k) => k !== '__proto__');

/** JSON values as they survive a JSON round trip (no -0, no `__proto__` keys). */
export const jsonArb: fc.Arbitrary<unknown> = fc
  .jsonValue({ maxDepth: 3 })
  .filter((v) => !JSON.stringify(v).includes('"__proto__"'))
  .map((v) => JSON.parse(JSON.stringify(v)) as unknown);

type Binary = ArrayBuffer | ArrayBufferView;

const bytesArb = fc.uint8Array({ maxLength: 16 });

/** Every binary shape a user may pass: Uint8Array, ArrayBuffer, other views (with offsets), DataView. */
export const binaryArb: fc.Arbitrary<Binary> = fc.oneof(
  bytesArb,
  bytesArb.map((b) => b.slice().buffer),
  fc.uint8Array({ minLength: 2, maxLength: 16 }).map((b) => b.subarray(1)),
  fc.int16Array({ maxLength: 8 }),
  fc.float64Array({ maxLength: 4, noNaN: true }),
  bytesArb.map((b) => new DataView(b.buffer)),
);

/** Event/ack arguments: JSON mixed with binary at any depth. */
export const argArbWith = (binary: fc.Arbitrary<Binary>): fc.Arbitrary<unknown> =>
  fc.letrec<{ node: unknown }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      jsonArb,
      binary,
      fc.array(tie('node'), { maxLength: 4 }),
      fc.dictionary(keyArb, tie('node'), { maxKeys: 4 }),
    ),
  })).node;

export const nspArb = fc.oneof(
  fc.constant('/'),
  fc.string({ maxLength: 10 }).filter((s) => !s.includes(',')).map((s) => '/' + s),
);

export const ackIdArb = fc.integer({ min: 0, max: 999_999_999_999_999 });

export const eventNameArb = fc.oneof(
  fc.string({ maxLength: 10 }).filter((s) => !RESERVED_EVENTS.has(s)),
  fc.integer(),
);

const plainObjectArb = fc.dictionary(keyArb, jsonArb, { maxKeys: 4 });

/** Every Socket.IO packet type as an application would send it (binary as EVENT/ACK with binary data). */
export function packetArbWith(binary: fc.Arbitrary<Binary>): fc.Arbitrary<SocketPacket> {
  const argArb = argArbWith(binary);
  return fc.oneof(
    fc.record({ type: fc.constant(SocketPacketType.CONNECT), nsp: nspArb, data: plainObjectArb }, { requiredKeys: ['type', 'nsp'] }),
    fc.record({ type: fc.constant(SocketPacketType.DISCONNECT), nsp: nspArb }),
    fc.record(
      {
        type: fc.constant(SocketPacketType.EVENT),
        nsp: nspArb,
        id: ackIdArb,
        data: fc.tuple(eventNameArb, fc.array(argArb, { maxLength: 4 })).map(([name, args]) => [name, ...args]),
      },
      { requiredKeys: ['type', 'nsp', 'data'] },
    ),
    fc.record({ type: fc.constant(SocketPacketType.ACK), nsp: nspArb, id: ackIdArb, data: fc.array(argArb, { maxLength: 4 }) }),
    fc.record({
      type: fc.constant(SocketPacketType.CONNECT_ERROR),
      nsp: nspArb,
      data: fc.oneof(fc.string(), fc.record({ message: fc.string(), data: jsonArb }, { requiredKeys: ['message'] })),
    }),
  );
}

export const packetArb = packetArbWith(binaryArb);
