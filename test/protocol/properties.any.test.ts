import { expect } from 'chai';
import fc from 'fast-check';
import {
  decodePacket,
  decodePayload,
  encodePacket,
  encodePayload,
  encodeSocketPacket,
  EnginePacketType,
  SockjetError,
  type ProtocolError,
  LeanSocketDecoder,
  SocketDecoder,
  type EnginePacket,
} from '../../src/protocol/index.js';
import { expectedDecode, jsonArb, nspArb, packetArb, roundTrip } from './helpers.js';

const engineTypeArb = fc.constantFrom(...Object.values(EnginePacketType));

/** Engine.IO packets as they decode: text data is never empty (an empty string decodes as no data). */
const enginePacketArb: fc.Arbitrary<EnginePacket> = fc.oneof(
  engineTypeArb.map((type) => ({ type })),
  fc.record({ type: engineTypeArb, data: fc.string({ minLength: 1, unit: 'grapheme' }) }),
  fc.record({ type: fc.constant(EnginePacketType.MESSAGE), data: fc.uint8Array({ maxLength: 64 }) }),
);

/** Strings that look like the start of a Socket.IO packet, to reach past the first checks. */
const socketishArb = fc
  .tuple(
    fc.constantFrom('0', '1', '2', '3', '4', '5', '6', '51-', '52-', '61-', '510-', '2/a,', '5/a,', '21', '31'),
    fc.oneof(fc.string(), jsonArb.map((v) => JSON.stringify(v) ?? ''), fc.json()),
  )
  .map(([head, tail]) => head + tail);

const chunkArb = fc.oneof(fc.string(), socketishArb, fc.uint8Array({ maxLength: 8 }));

describe('protocol properties', () => {
  it('Socket.IO: decode(encode(packet)) is the packet', () => {
    fc.assert(
      fc.property(packetArb, (packet) => {
        expect(roundTrip(packet)).to.deep.equal(expectedDecode(packet));
      }),
    );
  });

  it('Socket.IO: re-encoding a decoded packet gives the same wire form', () => {
    fc.assert(
      fc.property(packetArb, (packet) => {
        const wire = encodeSocketPacket(packet);
        expect(encodeSocketPacket(roundTrip(packet))).to.deep.equal(wire);
      }),
    );
  });

  for (const Decoder of [SocketDecoder, LeanSocketDecoder]) {
    it(`Socket.IO (${Decoder.name}): any sequence of strings and bytes never throws and yields packet, null or ProtocolError`, () => {
      fc.assert(
        fc.property(fc.array(chunkArb, { maxLength: 6 }), (chunks) => {
          const decoder = new Decoder();
          for (const chunk of chunks) {
            const r = decoder.add(chunk);
            expect(r === null || r instanceof SockjetError || (typeof r === 'object' && typeof r.nsp === 'string')).to.equal(true);
          }
        }),
        { numRuns: 300 },
      );
    });
  }

  it('Socket.IO: the lean decoder decodes as the strict one, and differs only where it reads the header leniently', () => {
    const isError = (r: unknown): r is ProtocolError => r instanceof SockjetError;
    fc.assert(
      fc.property(fc.oneof(socketishArb, socketishArb.map((t) => t.replace('{', '{"__proto__":1,'))), (text) => {
        const strict = new SocketDecoder().add(text);
        const lean = new LeanSocketDecoder().add(text);
        if (!isError(strict) && !isError(lean)) expect(lean, text).to.deep.equal(strict);
        // A namespace that ends the packet without a comma: servers always write the comma.
        else if (!isError(strict)) expect(text, (lean as ProtocolError).code).to.match(/^\d(\d+-)?\/[^,]*$/);
        // Ack ids and counts in any spelling and on any type; `__proto__` kept as a plain key.
        else if (!isError(lean)) {
          const lenient = ['ERR_INVALID_ACK_ID', 'ERR_INVALID_ATTACHMENTS'].includes(strict.code);
          expect(lenient || (strict.code == 'ERR_INVALID_PAYLOAD' && /__proto__|\\u/.test(text)), `${text}: ${strict.code}`).to.equal(true);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('Socket.IO: a decoded packet always has a namespace starting with "/"', () => {
    fc.assert(
      fc.property(nspArb, socketishArb, (nsp, text) => {
        const r = new SocketDecoder().add(text);
        if (r && !(r instanceof SockjetError)) expect(r.nsp.startsWith('/')).to.equal(true);
        const r2 = new SocketDecoder().add(`2${nsp === '/' ? '' : nsp + ','}["e"]`);
        expect(r2).to.deep.equal({ type: 2, nsp, data: ['e'] });
      }),
    );
  });

  it('Engine.IO: decodePacket(encodePacket(p)) is p, with and without binary support', () => {
    fc.assert(
      fc.property(enginePacketArb, fc.boolean(), (packet, supportsBinary) => {
        expect(decodePacket(encodePacket(packet, supportsBinary))).to.deep.equal(packet);
      }),
    );
  });

  it('Engine.IO: decodePayload(encodePayload(ps)) is ps', () => {
    fc.assert(
      fc.property(fc.array(enginePacketArb, { minLength: 1, maxLength: 6 }), (packets) => {
        expect(decodePayload(encodePayload(packets))).to.deep.equal(packets);
      }),
    );
  });

  it('Engine.IO: arbitrary strings and bytes never throw', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string().map((s) => 'b' + s), fc.uint8Array()), (raw) => {
        const r = decodePacket(raw);
        expect(r instanceof SockjetError || typeof r.type === 'number').to.equal(true);
        if (typeof raw === 'string') decodePayload(raw);
      }),
      { numRuns: 300 },
    );
  });
});
