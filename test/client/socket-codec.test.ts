// Node only: the io client's own Socket.IO codec (src/client/socket-codec.ts) against the official socket.io-parser.
import { expect } from 'chai';
import fc from 'fast-check';
import { Decoder, Encoder, type Packet } from 'socket.io-parser';
import { createDecoder, encodePacket } from '../../src/client/socket-codec.js';
import type { SocketPacket } from '../../src/protocol/index.js';
import { expectedDecode, normalize, packetArb } from '../protocol/helpers.js';

/** Binary values in outgoing data (the client caps received attachments at 10, as the official decoder does). */
const countBinary = (packet: SocketPacket) => encodePacket(packet).length - 1;
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

/** Feeds every chunk to a fresh client decoder and returns what it answered for each. */
const clientDecode = (chunks: readonly (string | ArrayBuffer)[]) => {
  const decode = createDecoder();
  return chunks.map((c) => decode(c));
};

const withoutUndefined = (p: object) => Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined));

const bytes = (b: ArrayBuffer | ArrayBufferView) =>
  b instanceof ArrayBuffer ? b : b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

describe('client Socket.IO codec against the official socket.io-parser', () => {
  it('what it encodes, they decode to the same packet', () => {
    fc.assert(
      fc.property(clientPacketArb, (packet) => {
        const [decoded, ...rest] = officialDecode(encodePacket(packet));
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
        const ours = encodePacket(packet);
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
        const results = clientDecode(chunks);
        expect(results.slice(0, -1).every((r) => r === undefined)).to.equal(true);
        const last = results[results.length - 1];
        expect(last).to.be.an('object');
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
        const decode = createDecoder();
        for (const c of chunks) {
          const r = decode(c);
          expect(r === undefined || r === false || (typeof r == 'object' && r !== null)).to.equal(true);
          if (typeof r == 'object' && typeof c == 'string') expect(officialDecode([c])).to.have.length(1);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses bad packets: reserved names, stray or unfilled placeholders, too many attachments, non-array acks', () => {
    const buf = new ArrayBuffer(1);
    const bad: (string | ArrayBuffer)[][] = [
      ['2["connect"]'],
      ['2["disconnect",1]'],
      ['2["newListener"]'],
      ['2[{}]'],
      ['2{"0":"a"}'],
      ['3{}'],
      ['3'],
      ['2'],
      ['7[]'],
      ['51-["a",{"_placeholder":true,"num":1}]', buf],
      ['51-["a",{"_placeholder":true,"num":"0"}]', buf],
      ['51-["a",{"_placeholder":true,"num":"length"}]', buf],
      ['51-["a",{"_placeholder":true,"num":-1}]', buf],
      ['51-["a",{"_placeholder":true}]', buf],
      ['51-[{"_placeholder":true,"num":0}]', buf],
      ['51-["a"', buf],
      ['511-["a"]'],
      ['50-["a"]'],
      ['21-["a"]'],
      [buf],
      ['51-["a",{"_placeholder":true,"num":0}]', '2["b"]'],
      ['2["a"'],
      [''],
    ];
    for (const chunks of bad) expect(clientDecode(chunks).at(-1), JSON.stringify(chunks)).to.equal(false);
  });

  it('puts attachments only where placeholders are, and keeps __proto__ a plain key', () => {
    const decode = createDecoder();
    expect(decode('52-["a",{"_placeholder":true,"num":1},{"__proto__":{"polluted":1},"x":{"_placeholder":true,"num":0}}]')).to.equal(undefined);
    const a = new Uint8Array([1]).buffer;
    const b = new Uint8Array([2]).buffer;
    expect(decode(a)).to.equal(undefined);
    const packet = decode(b) as SocketPacket;
    const [, first, obj] = packet.data as [string, ArrayBuffer, Record<string, unknown>];
    expect(first).to.equal(b);
    expect(obj.x).to.equal(a);
    expect(Object.getPrototypeOf(obj)).to.equal(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
    // A placeholder under a `__proto__` key is filled as an own data property: the prototype stays.
    expect(decode('51-["a",{"__proto__":{"_placeholder":true,"num":0}}]')).to.equal(undefined);
    const [, own] = (decode(a) as SocketPacket).data as [string, Record<string, unknown>];
    expect(Object.getOwnPropertyDescriptor(own, '__proto__')?.value).to.equal(a);
    expect(Object.getPrototypeOf(own)).to.equal(Object.prototype);
    // Without attachments, a placeholder-shaped object is plain data.
    expect(createDecoder()('2["a",{"_placeholder":true,"num":0}]')).to.deep.equal({
      type: 2,
      nsp: '/',
      data: ['a', { _placeholder: true, num: 0 }],
    });
  });
});
