import { expect } from 'chai';
import fc from 'fast-check';
import { encodeSocketPacket as clientEncode, SocketDecoder as ClientDecoder } from '../../src/client/codec.js';
import { encodeSocketPacket, ProtocolError, SocketDecoder } from '../../src/protocol/index.js';
import { jsonArb, normalize, packetArb } from '../protocol/helpers.js';

/** Strings that look like the start of a Socket.IO packet, to reach past the first checks. */
const socketishArb = fc
  .tuple(
    fc.constantFrom('0', '1', '2', '3', '4', '5', '6', '51-', '52-', '61-', '510-', '2/a,', '5/a,', '21', '31', '007', '2007'),
    fc.oneof(fc.string(), jsonArb.map((v) => JSON.stringify(v) ?? ''), fc.json()),
  )
  .map(([head, tail]) => head + tail);

/** A decode result as JSON-able data (absent and undefined fields alike, bytes as arrays) for comparison. */
const plain = (r: unknown) =>
  r && !(r instanceof Error)
    ? JSON.parse(JSON.stringify(normalize(r), (_k, v) => (v instanceof Uint8Array ? { bytes: [...v] } : v)))
    : r instanceof Error;

const MB = 1 << 20;
const bin = new Uint8Array([1, 2, 3]);
const deep = (n: number, inner: string) => '['.repeat(n) + inner + ']'.repeat(n);

/** Inputs both decoders must refuse (a sample of test/protocol/bad-inputs, plus the client's own edges). */
const bad: (string | (string | Uint8Array)[])[] = [
  '', '7["a"]', 'a["a"]', '/admin,["a"]', '["a"]',
  '51-["hello",{"_placeholder":true,"num":"splice"}]', '51-["hello",{"_placeholder":true,"num":1}]',
  '51-["hello",{"_placeholder":true,"num":-1}]', '52-["hello",{"_placeholder":true,"num":0.5}]',
  '51-["hello",{"_placeholder":true}]', `61-3[${deep(1000, '{"x":{"_placeholder":true,"num":5}}')}]`,
  '2[{"toString":"foo"}]', '2[null,1]', '2[["a"]]', '2[true]', '51-[{"_placeholder":true,"num":0}]',
  '2["connect"]', '2/admin,["disconnect",1]', '21["newListener"]', '511-["a"]', '5999999999-["a"]',
  '5' + '9'.repeat(MB) + '-["a"]', '50-["a"]', '501-["a"]', '5-["a"]', '51["a"]', '5["a"]', '21-["a"]',
  '01-{}', '2' + '1'.repeat(MB) + '["a"]', '21234567890123456["a"]', '2007["a"]', '3["a"]',
  '61-[{"_placeholder":true,"num":0}]', '012{}', '11', '4/a,1{"message":"x"}', '0/admin', '2/admin["a"]',
  '2/' + 'a'.repeat(MB), '2admin,["a"]', '2["a"', '2["a",]', '2["a"]["b"]', "2['a']", '2' + '['.repeat(MB),
  '2{"a":1}', '2"hello"', '2[]', '2', '21 5', '31{}', '31', '0[]', '0null', '0"token"', '1{}', '4', '4{"data":1}',
  '4{"message":1}', '4["x"]', '2["x",{"__proto__":{"polluted":true}}]',
  '2["x",{"\\u005f\\u005fproto\\u005f\\u005f":{"polluted":true}}]', '0{"__proto__":{"admin":true}}',
  '51-["x",{"__proto__":{"_placeholder":true,"num":0}}]', `2["x",${deep(1000, '{"__proto__":1}')}]`,
  [bin], ['51-["a",{"_placeholder":true,"num":0}]', bin, bin], ['2["a"]', bin],
  ['51-["a",{"_placeholder":true,"num":0}]', '2["b"]'], ['62-1[]', bin, '3["b"]'],
];

describe('client codec (the compact twin of the shared Socket.IO codec)', () => {
  it('encodes exactly as the shared encoder', () => {
    fc.assert(
      fc.property(packetArb, (p) => {
        expect(clientEncode(p)).to.deep.equal(encodeSocketPacket(p));
      }),
    );
  });

  it('decodes what the shared encoder writes, as the shared decoder does', () => {
    fc.assert(
      fc.property(packetArb, (p) => {
        const [text, ...parts] = encodeSocketPacket(p);
        const ours = new ClientDecoder();
        const theirs = new SocketDecoder();
        let a = ours.add(text);
        let b = theirs.add(text);
        for (const part of parts) (a = ours.add(part)), (b = theirs.add(part));
        expect(plain(a)).to.deep.equal(plain(b));
      }),
    );
  });

  it('refuses bad inputs, then decodes the next packet', () => {
    for (const input of bad) {
      const d = new ClientDecoder();
      const chunks = typeof input == 'string' ? [input] : input;
      for (const c of chunks.slice(0, -1)) expect(d.add(c), String(c).slice(0, 60)).not.to.be.instanceOf(Error);
      expect(d.add(chunks.at(-1)!), String(chunks.at(-1)).slice(0, 60)).to.be.instanceOf(Error);
      expect(d.add('2["ok"]')).to.deep.equal({ type: 2, nsp: '/', data: ['ok'] });
    }
  });

  it('accepts what the shared decoder accepts, and refuses what it refuses, for arbitrary input', () => {
    const chunk = fc.oneof(fc.string(), socketishArb, fc.uint8Array({ maxLength: 8 }));
    fc.assert(
      fc.property(fc.array(chunk, { maxLength: 6 }), (chunks) => {
        const ours = new ClientDecoder();
        const theirs = new SocketDecoder();
        for (const c of chunks) {
          const a = ours.add(c);
          const b = theirs.add(c);
          expect(a instanceof Error, JSON.stringify(c)).to.equal(b instanceof ProtocolError);
          if (!(b instanceof ProtocolError)) expect(plain(a)).to.deep.equal(plain(b));
        }
      }),
      { numRuns: 2000 },
    );
  });
});
