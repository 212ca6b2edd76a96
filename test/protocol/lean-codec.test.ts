// Node only: the codec as the io client uses it (the lean decoder, the encoder with Blobs as attachments) against
// the official socket.io-parser, and against what a hostile server may send.
import { expect } from 'chai';
import fc from 'fast-check';
import { Decoder, Encoder, type Packet } from 'socket.io-parser';
import { isAttachment } from '../../src/client/bytes.js';
import {
  encodeSocketPacket,
  LeanSocketDecoder,
  SockjetError,
  type ProtocolError,
  type ProtocolErrorCode,
  type SocketPacket,
} from '../../src/protocol/index.js';
import { expectedDecode, normalize, packetArb } from './helpers.js';

/** The io client's encoding: bytes and Blobs become attachments. */
const encode = (packet: SocketPacket) => encodeSocketPacket(packet, isAttachment);

/** Binary values in outgoing data (the client caps received attachments at 10, as the official decoder does). */
const countBinary = (packet: SocketPacket) => encode(packet).length - 1;
const clientPacketArb = packetArb.filter((p) => countBinary(p) <= 10);

/** The official decoder's packets; it reports BINARY_EVENT/BINARY_ACK as EVENT/ACK once reconstructed. */
function officialDecode(chunks: readonly unknown[]): Packet[] {
  const decoded: Packet[] = [];
  const decoder = new Decoder();
  decoder.on('decoded', (p: Packet) => decoded.push(p));
  for (const chunk of chunks) decoder.add(chunk);
  decoder.destroy();
  return decoded;
}

/** Feeds every chunk to a fresh lean decoder and returns what it answered for each. */
const leanDecode = (chunks: readonly (string | ArrayBuffer)[]) => {
  const decoder = new LeanSocketDecoder();
  return chunks.map((c) => decoder.add(c));
};

const isPacket = (r: unknown): r is SocketPacket => r !== null && !(r instanceof SockjetError);

const withoutUndefined = (p: object) => Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined));

const bytes = (b: ArrayBuffer | ArrayBufferView) =>
  b instanceof ArrayBuffer ? b : b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

describe('Socket.IO codec as the io client uses it, against the official socket.io-parser', () => {
  it('what it encodes, they decode to the same packet', () => {
    fc.assert(
      fc.property(clientPacketArb, (packet) => {
        const [decoded, ...rest] = officialDecode(encode(packet));
        expect(rest).to.have.length(0);
        const expected = expectedDecode(packet);
        if (expected.type >= 5) expected.type -= 3;
        expect(normalize(decoded)).to.deep.equal(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('writes the same text part as the official encoder', () => {
    fc.assert(
      fc.property(clientPacketArb, (packet) => {
        const theirs = new Encoder().encode({ ...packet } as Packet) as unknown[];
        const ours = encode(packet);
        expect(ours[0]).to.equal(theirs[0]);
        expect(ours.slice(1).map(normalize)).to.deep.equal(theirs.slice(1).map(normalize));
      }),
      { numRuns: 300 },
    );
  });

  it('what they encode, it decodes to the same packet (binary as ArrayBuffer)', () => {
    fc.assert(
      fc.property(clientPacketArb, (packet) => {
        const chunks = (new Encoder().encode({ ...packet } as Packet) as (string | ArrayBuffer | ArrayBufferView)[]).map(
          (c) => (typeof c == 'string' ? c : bytes(c)),
        );
        const results = leanDecode(chunks);
        expect(results.slice(0, -1).every((r) => r === null)).to.equal(true);
        const last = results[results.length - 1];
        expect(isPacket(last), String(last)).to.equal(true);
        expect(normalize(withoutUndefined(last as SocketPacket))).to.deep.equal(expectedDecode(packet));
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary input, and refuses what the official decoder refuses', () => {
    const chunk = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.constantFrom('51-["a",{"_placeholder":true,"num":0}]', '2["a"]', '0{}', '3[]', '61-[{"_placeholder":true,"num":0}]'),
      fc.uint8Array({ maxLength: 4 }).map((b) => b.slice().buffer as ArrayBuffer),
    );
    fc.assert(
      fc.property(fc.array(chunk, { maxLength: 6 }), (chunks) => {
        const decoder = new LeanSocketDecoder();
        for (const c of chunks) {
          const r = decoder.add(c);
          expect(r === null || r instanceof SockjetError || (typeof r == 'object' && typeof r.nsp == 'string')).to.equal(true);
          if (isPacket(r) && typeof c == 'string') expect(officialDecode([c])).to.have.length(1);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('Socket.IO codec as the io client uses it: Blobs and hostile servers', () => {
  it('sends Blobs as attachments, numbered in data order with the bytes', () => {
    const blob = new Blob(['hi']);
    const view = new Uint8Array([1, 2, 3]).subarray(1);
    const [text, ...attachments] = encode({ type: 2, nsp: '/', data: ['up', { file: blob }, view] });
    expect(text).to.equal('52-["up",{"file":{"_placeholder":true,"num":0}},{"_placeholder":true,"num":1}]');
    expect(attachments[0]).to.equal(blob);
    expect(Array.from(attachments[1] as Uint8Array)).to.deep.equal([2, 3]);
    // The server's encoding leaves a Blob to JSON.stringify, as it always did.
    expect(encodeSocketPacket({ type: 2, nsp: '/', data: ['up', blob] })).to.deep.equal(['2["up",{}]']);
  });

  it('refuses bad packets with one code: reserved names, stray or unfilled placeholders, too many attachments, non-array acks', () => {
    const buf = new ArrayBuffer(1);
    // Each with the fault the strict decoder names; the lean one reports every fault as ERR_INVALID_PACKET.
    const bad: [chunks: (string | ArrayBuffer)[], fault: ProtocolErrorCode][] = [
      [['2["connect"]'], 'ERR_RESERVED_EVENT_NAME'],
      [['2["disconnect",1]'], 'ERR_RESERVED_EVENT_NAME'],
      [['2["newListener"]'], 'ERR_RESERVED_EVENT_NAME'],
      [['2[{}]'], 'ERR_INVALID_EVENT_NAME'],
      [['2{"0":"a"}'], 'ERR_INVALID_PAYLOAD'],
      [['3{}'], 'ERR_INVALID_PAYLOAD'],
      [['3'], 'ERR_INVALID_PAYLOAD'],
      [['2'], 'ERR_INVALID_PAYLOAD'],
      [['7[]'], 'ERR_UNKNOWN_PACKET_TYPE'],
      [['51-["a",{"_placeholder":true,"num":1}]', buf], 'ERR_INVALID_PLACEHOLDER'],
      [['51-["a",{"_placeholder":true,"num":"0"}]', buf], 'ERR_INVALID_PLACEHOLDER'],
      [['51-["a",{"_placeholder":true,"num":"length"}]', buf], 'ERR_INVALID_PLACEHOLDER'],
      [['51-["a",{"_placeholder":true,"num":-1}]', buf], 'ERR_INVALID_PLACEHOLDER'],
      [['51-["a",{"_placeholder":true}]', buf], 'ERR_INVALID_PLACEHOLDER'],
      [['51-[{"_placeholder":true,"num":0}]', buf], 'ERR_INVALID_EVENT_NAME'],
      [['51-["a"', buf], 'ERR_INVALID_JSON'],
      [['511-["a"]'], 'ERR_TOO_MANY_ATTACHMENTS'],
      [['5' + '9'.repeat(400) + '-["a"]'], 'ERR_TOO_MANY_ATTACHMENTS'],
      [['50-["a"]'], 'ERR_INVALID_ATTACHMENTS'],
      [['5["a"]'], 'ERR_INVALID_ATTACHMENTS'],
      [['21-["a"]'], 'ERR_INVALID_ATTACHMENTS'],
      [[buf], 'ERR_UNEXPECTED_BINARY'],
      [['51-["a",{"_placeholder":true,"num":0}]', '2["b"]'], 'ERR_UNEXPECTED_TEXT'],
      [['2["a"'], 'ERR_INVALID_JSON'],
      [['2 ["a"]'], 'ERR_INVALID_JSON'],
      [['4{"data":1}'], 'ERR_INVALID_PAYLOAD'],
      [['0[]'], 'ERR_INVALID_PAYLOAD'],
      [['1{}'], 'ERR_INVALID_PAYLOAD'],
      [[''], 'ERR_EMPTY_PACKET'],
    ];
    for (const [chunks, fault] of bad) {
      const results = leanDecode(chunks);
      const label = JSON.stringify(chunks.map((c) => (typeof c == 'string' ? c : 'bytes')));
      // Nothing is delivered, and the first refusal (which resets the decoder) names the fault.
      expect(results.some(isPacket), label).to.equal(false);
      const first = results.find((r) => r instanceof SockjetError) as ProtocolError | undefined;
      expect(first?.code, label).to.equal('ERR_INVALID_PACKET');
      // Placeholders are checked when the text arrives, before any attachment is kept.
      if (fault == 'ERR_INVALID_PLACEHOLDER') expect(results[0], label).to.equal(first);
    }
  });

  it('decodes again after a refusal and after reset()', () => {
    const decoder = new LeanSocketDecoder();
    expect((decoder.add('2["connect"]') as ProtocolError).code).to.equal('ERR_INVALID_PACKET');
    expect(decoder.add('2["a"]')).to.deep.equal({ type: 2, nsp: '/', data: ['a'] });
    expect(decoder.add('51-["a",{"_placeholder":true,"num":0}]')).to.equal(null);
    decoder.reset();
    expect((decoder.add(new ArrayBuffer(1)) as ProtocolError).code).to.equal('ERR_INVALID_PACKET');
    expect(decoder.add('3/x,7["ok"]')).to.deep.equal({ type: 3, nsp: '/x', id: 7, data: ['ok'] });
    // One attachment more than announced.
    expect(decoder.add('61-7[{"_placeholder":true,"num":0}]')).to.equal(null);
    expect(decoder.add(new ArrayBuffer(1))).to.have.property('type', 6);
    expect((decoder.add(new ArrayBuffer(1)) as ProtocolError).code).to.equal('ERR_INVALID_PACKET');
  });

  it('puts attachments only where placeholders are, and keeps __proto__ a plain key', () => {
    const decoder = new LeanSocketDecoder();
    expect(decoder.add('52-["a",{"_placeholder":true,"num":1},{"__proto__":{"polluted":1},"x":{"_placeholder":true,"num":0}}]')).to.equal(null);
    const a = new Uint8Array([1]).buffer;
    const b = new Uint8Array([2]).buffer;
    expect(decoder.add(a)).to.equal(null);
    const packet = decoder.add(b) as SocketPacket;
    const [, first, obj] = packet.data as [string, ArrayBuffer, Record<string, unknown>];
    expect(first).to.equal(b);
    expect(obj.x).to.equal(a);
    expect(Object.getPrototypeOf(obj)).to.equal(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
    // A placeholder under a `__proto__` key is filled as an own data property: the prototype stays.
    expect(decoder.add('51-["a",{"__proto__":{"_placeholder":true,"num":0}}]')).to.equal(null);
    const [, own] = (decoder.add(a) as SocketPacket).data as [string, Record<string, unknown>];
    expect(Object.getOwnPropertyDescriptor(own, '__proto__')?.value).to.equal(a);
    expect(Object.getPrototypeOf(own)).to.equal(Object.prototype);
    // Without attachments a `__proto__` key is delivered as a plain key too (the server's decoder refuses it).
    const plain = decoder.add('2["a",{"__proto__":{"polluted":1}}]') as SocketPacket;
    const [, kept] = plain.data as [string, Record<string, unknown>];
    expect(Object.getOwnPropertyDescriptor(kept, '__proto__')?.value).to.deep.equal({ polluted: 1 });
    expect(Object.getPrototypeOf(kept)).to.equal(Object.prototype);
    // Without attachments, a placeholder-shaped object is plain data.
    expect(new LeanSocketDecoder().add('2["a",{"_placeholder":true,"num":0}]')).to.deep.equal({
      type: 2,
      nsp: '/',
      data: ['a', { _placeholder: true, num: 0 }],
    });
  });
});
