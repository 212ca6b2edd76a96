// Node only: cross-checks both codecs against the official engine.io-parser and socket.io-parser.
import { isDeepStrictEqual } from 'node:util';
import { expect } from 'chai';
import * as eio from 'engine.io-parser';
import fc from 'fast-check';
import { Decoder, Encoder, type Packet } from 'socket.io-parser';
import {
  decodePacket,
  decodePayload,
  encodePacket,
  encodePayload,
  encodeSocketPacket,
  EnginePacketType,
  SockjetError,
  type ProtocolError,
  SocketDecoder,
  toBytes,
  type EnginePacket,
  type SocketPacket,
} from '../../src/protocol/index.js';
import { binaryArb, expectedDecode, feed, jsonArb, normalize, packetArbWith, roomyDecoder } from './helpers.js';

const ENGINE_TYPES = ['open', 'close', 'ping', 'pong', 'message', 'upgrade', 'noop'] as const;

/** Binary as Socket.IO users on Node send it: Buffers too. */
const nodeBinaryArb = fc.oneof(binaryArb, fc.uint8Array({ maxLength: 16 }).map((b) => Buffer.from(b)));
const packetArb = packetArbWith(nodeBinaryArb);

/** The official decoder reports BINARY_EVENT/BINARY_ACK as EVENT/ACK once reconstructed. */
const asOfficial = (packet: SocketPacket) => {
  const expected = expectedDecode(packet);
  if (expected.type >= 5) expected.type -= 3;
  return expected;
};

/**
 * Decodes with the official decoder. `maxAttachments` defaults to the official 10; the round-trip properties
 * lift it, since generated packets may carry more binary values (as `roomyDecoder` does on our side).
 */
function officialDecode(chunks: readonly (string | Uint8Array)[], maxAttachments = 10): Packet[] {
  const decoded: Packet[] = [];
  const decoder = new Decoder({ maxAttachments });
  decoder.on('decoded', (p: Packet) => decoded.push(p));
  for (const chunk of chunks) decoder.add(chunk);
  decoder.destroy();
  return decoded;
}

describe('Socket.IO codec against the official socket.io-parser', () => {
  it('what we encode, they decode to the same packet', () => {
    fc.assert(
      fc.property(packetArb, (packet) => {
        const decoded = officialDecode(encodeSocketPacket(packet), 1000);
        expect(decoded).to.have.length(1);
        expect(normalize(decoded[0])).to.deep.equal(asOfficial(packet));
      }),
      { numRuns: 300 },
    );
  });

  it('what they encode, we decode to the same packet', () => {
    fc.assert(
      fc.property(packetArb, (packet) => {
        const chunks = new Encoder().encode({ ...packet } as Packet) as (string | ArrayBuffer | ArrayBufferView)[];
        const results = feed(roomyDecoder(), chunks.map((c) => (typeof c === 'string' ? c : toBytes(c))));
        expect(results.slice(0, -1).every((r) => r === null)).to.equal(true);
        expect(normalize(results[results.length - 1])).to.deep.equal(expectedDecode(packet));
      }),
      { numRuns: 300 },
    );
  });

  it('produces the same wire form as the official encoder', () => {
    fc.assert(
      fc.property(packetArb, (packet) => {
        const theirs = new Encoder().encode({ ...packet } as Packet) as (string | ArrayBuffer | ArrayBufferView)[];
        const ours = encodeSocketPacket(packet);
        expect(ours[0]).to.equal(theirs[0]);
        expect(ours.slice(1).map(normalize)).to.deep.equal(theirs.slice(1).map(normalize));
      }),
    );
  });

  it('accepts nothing the official decoder rejects, and decodes what both accept the same way', () => {
    const heads = ['0', '1', '2', '3', '4', '2/a,', '21', '31', '4/a,', '0/a,', '2 ', '20', '3/,1', '22-', '01', '0/a', '1/a', '2/a', '51-/a'];
    const textArb = fc
      .tuple(
        fc.constantFrom(...heads),
        fc.oneof(fc.string(), fc.json(), jsonArb.map((v) => JSON.stringify(v) ?? ''), fc.array(jsonArb).map((a) => JSON.stringify(['e', ...a]))),
      )
      .map(([head, tail]) => head + tail);
    fc.assert(
      fc.property(textArb, (text) => {
        const ours = new SocketDecoder().add(text);
        if (ours === null || ours instanceof SockjetError) return;
        const theirs = officialDecode([text]);
        expect(theirs, text).to.have.length(1);
        expect(isDeepStrictEqual(normalize(theirs[0]), normalize(ours)), text).to.equal(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads a namespace that ends the packet (no comma) as the official decoder does', () => {
    // `40/custom`, `41/custom`: some clients write no comma when nothing follows the namespace; and without a comma
    // the namespace runs to the end, whatever follows (`40/custom{"token":1}` names the namespace `/custom{"token":1}`).
    const nspArb = fc.string({ unit: fc.oneof(fc.constantFrom('/', '{', '}', '"', ':', '1', '-', '[', ']'), fc.string({ minLength: 1, maxLength: 1 })) }).filter((s) => !s.includes(','));
    const textArb = fc.tuple(fc.constantFrom('0', '1', '2', '3', '4', '5', '6', '51-', '61-'), nspArb).map(([head, nsp]) => `${head}/${nsp}`);
    fc.assert(
      fc.property(textArb, (text) => {
        const ours = new SocketDecoder().add(text);
        // CONNECT and DISCONNECT need nothing after the namespace; the other types need a payload, which we
        // require where socket.io-parser lets it be absent (the "stricter parsing" of the README).
        if (ours instanceof SockjetError) {
          expect(text[0], text).to.not.be.oneOf(['0', '1']);
          return;
        }
        const theirs = officialDecode([text]);
        expect(theirs, text).to.have.length(1);
        expect(normalize(ours), text).to.deep.equal(normalize(theirs[0]));
      }),
      { numRuns: 2000 },
    );
    for (const [text, nsp, type] of [['40/custom', '/custom', 0], ['41/custom', '/custom', 1], ['40/custom{"token":1}', '/custom{"token":1}', 0]] as const) {
      const packet = new SocketDecoder().add(text.slice(1)) as SocketPacket;
      expect(packet, text).to.deep.equal({ type, nsp });
    }
  });

  it('sends Buffers as they are and hands back the Buffers it was fed', () => {
    const buffer = Buffer.from('hello');
    const [text, attachment] = encodeSocketPacket({ type: 2, nsp: '/', data: ['file', buffer] });
    expect(text).to.equal('51-["file",{"_placeholder":true,"num":0}]');
    expect(attachment).to.equal(buffer);
    const decoded = feed(new SocketDecoder(), [text, buffer])[1] as SocketPacket;
    expect((decoded.data as unknown[])[1]).to.equal(buffer);
  });

  it('rejects what the official decoder rejects for the known attacks', () => {
    for (const text of ['51-["hello",{"_placeholder":true,"num":"splice"}]', '2[{"toString":"foo"}]', '511-["a"]']) {
      expect(() => officialDecode([text, Buffer.from('x')])).to.throw();
      const ours = feed(new SocketDecoder(), [text, Buffer.from('x')]);
      expect(ours.some((r) => r instanceof SockjetError)).to.equal(true);
    }
  });
});

const enginePacketArb: fc.Arbitrary<EnginePacket> = fc.oneof(
  fc.constantFrom(...Object.values(EnginePacketType)).map((type) => ({ type })),
  fc.record({
    type: fc.constantFrom(...Object.values(EnginePacketType)),
    data: fc.string({ minLength: 1, unit: 'grapheme' }),
  }),
  fc.record({ type: fc.constant(EnginePacketType.MESSAGE), data: fc.uint8Array({ maxLength: 64 }) }),
);

const toOfficial = (p: EnginePacket): eio.Packet => ({ type: ENGINE_TYPES[p.type], data: p.data } as eio.Packet);
const fromOfficial = (p: eio.Packet) => normalize({ type: ENGINE_TYPES.indexOf(p.type as never), ...(p.data === undefined ? {} : { data: p.data }) });

function officialEncode(packet: eio.Packet, supportsBinary: boolean): string | Uint8Array {
  let out: unknown;
  eio.encodePacket(packet, supportsBinary, (encoded) => (out = encoded));
  return out as string | Uint8Array;
}

describe('Engine.IO codec against the official engine.io-parser', () => {
  it('packets: what we encode, they decode to the same packet, and back', () => {
    fc.assert(
      fc.property(enginePacketArb, fc.boolean(), (packet, supportsBinary) => {
        expect(fromOfficial(eio.decodePacket(encodePacket(packet, supportsBinary)))).to.deep.equal(normalize(packet));
        expect(normalize(decodePacket(officialEncode(toOfficial(packet), supportsBinary)))).to.deep.equal(normalize(packet));
      }),
      { numRuns: 300 },
    );
  });

  it('packets: whatever we decode, they decode the same way', () => {
    const base64ish = fc.string({ unit: fc.constantFrom(...'AQZaqz09+/=', 'b', '-') });
    fc.assert(
      fc.property(fc.oneof(fc.string(), base64ish.map((s) => 'b' + s)), (raw) => {
        const ours = decodePacket(raw);
        if (ours instanceof SockjetError) return;
        expect(fromOfficial(eio.decodePacket(raw)), raw).to.deep.equal(normalize(ours));
      }),
      { numRuns: 1000 },
    );
  });

  it('payloads: what we encode, they decode, and back', () => {
    fc.assert(
      fc.property(fc.array(enginePacketArb, { minLength: 1, maxLength: 6 }), (packets) => {
        const ours = encodePayload(packets);
        expect(eio.decodePayload(ours).map(fromOfficial)).to.deep.equal(normalize(packets));
        let theirs = '';
        eio.encodePayload(packets.map(toOfficial), (p) => (theirs = p));
        expect(theirs).to.equal(ours);
        expect(normalize(decodePayload(theirs))).to.deep.equal(normalize(packets));
      }),
      { numRuns: 300 },
    );
  });
});
