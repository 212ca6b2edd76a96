import { expect } from 'chai';
import {
  encodeSocketPacket,
  SockjetError,
  type ProtocolError,
  SocketDecoder,
  SocketPacketType,
  type SocketPacket,
} from '../../src/protocol/index.js';
import { expectedDecode, feed, roundTrip } from './helpers.js';

const { CONNECT, DISCONNECT, EVENT, ACK, CONNECT_ERROR, BINARY_EVENT, BINARY_ACK } = SocketPacketType;
const bytes = (...b: number[]) => new Uint8Array(b);

/** Encoded form, then round trip: decoding gives the expected packet. */
function check(packet: SocketPacket, wire: [string, ...Uint8Array[]]) {
  const encoded = encodeSocketPacket(packet);
  expect(encoded).to.deep.equal(wire);
  expect(roundTrip(packet)).to.deep.equal(expectedDecode(packet));
}

describe('Socket.IO packet codec: round trips', () => {
  for (const nsp of ['/', '/admin']) {
    const prefix = nsp === '/' ? '' : `${nsp},`;
    describe(`namespace ${nsp}`, () => {
      it('CONNECT with and without auth', () => {
        check({ type: CONNECT, nsp }, [`0${prefix}`]);
        check({ type: CONNECT, nsp, data: { token: 'abc', n: [1, null] } }, [`0${prefix}{"token":"abc","n":[1,null]}`]);
      });

      it('DISCONNECT', () => {
        check({ type: DISCONNECT, nsp }, [`1${prefix}`]);
      });

      it('EVENT with and without ack id', () => {
        check({ type: EVENT, nsp, data: ['hello', 1, { a: [true] }] }, [`2${prefix}["hello",1,{"a":[true]}]`]);
        check({ type: EVENT, nsp, id: 0, data: ['x'] }, [`2${prefix}0["x"]`]);
        check({ type: EVENT, nsp, id: 999_999_999_999_999, data: [42] }, [`2${prefix}999999999999999[42]`]);
      });

      it('ACK, empty and with arguments', () => {
        check({ type: ACK, nsp, id: 13, data: [] }, [`3${prefix}13[]`]);
        check({ type: ACK, nsp, id: 1, data: ['ok', null] }, [`3${prefix}1["ok",null]`]);
      });

      it('CONNECT_ERROR as an object and as a string', () => {
        check({ type: CONNECT_ERROR, nsp, data: { message: 'no', data: { retry: 1 } } }, [
          `4${prefix}{"message":"no","data":{"retry":1}}`,
        ]);
        check({ type: CONNECT_ERROR, nsp, data: 'legacy' }, [`4${prefix}"legacy"`]);
      });

      it('EVENT with binary becomes BINARY_EVENT', () => {
        check({ type: EVENT, nsp, data: ['file', bytes(1, 2)] }, [
          `51-${prefix}["file",{"_placeholder":true,"num":0}]`,
          bytes(1, 2),
        ]);
        check({ type: EVENT, nsp, id: 7, data: ['file', { name: 'a', body: bytes(3) }] }, [
          `51-${prefix}7["file",{"name":"a","body":{"_placeholder":true,"num":0}}]`,
          bytes(3),
        ]);
      });

      it('ACK with binary becomes BINARY_ACK', () => {
        check({ type: ACK, nsp, id: 2, data: [bytes(9), 'x', bytes()] }, [
          `62-${prefix}2[{"_placeholder":true,"num":0},"x",{"_placeholder":true,"num":1}]`,
          bytes(9),
          bytes(),
        ]);
      });
    });
  }

  it('numbers attachments depth-first in data order, nested and of every binary type', () => {
    const backing = bytes(0, 1, 2, 3, 4, 5, 6, 7);
    const data = [
      'mixed',
      [backing.subarray(0, 2), { deep: [[backing.slice(2, 4).buffer]] }],
      new Uint16Array([0x0504]),
      new DataView(backing.buffer, 6, 2),
      { a: null, b: [bytes(8), 'text', bytes(9)] },
    ];
    const [text, ...attachments] = encodeSocketPacket({ type: EVENT, nsp: '/', data });
    expect(text.startsWith('56-[')).to.equal(true);
    expect(attachments.map((a) => Array.from(a))).to.deep.equal([[0, 1], [2, 3], [4, 5], [6, 7], [8], [9]]);
    expect(roundTrip({ type: EVENT, nsp: '/', data })).to.deep.equal(expectedDecode({ type: EVENT, nsp: '/', data }));
    // The user's data is not modified by encoding.
    expect(data[2]).to.be.instanceOf(Uint16Array);
  });

  it('gives back the very attachment instances it was fed', () => {
    const decoder = new SocketDecoder();
    const a = bytes(1);
    const b = bytes(2);
    const results = feed(decoder, ['52-/x,["two",{"_placeholder":true,"num":1},[{"_placeholder":true,"num":0}]]', a, b]);
    expect(results.slice(0, 2)).to.deep.equal([null, null]);
    const packet = results[2] as SocketPacket;
    expect(packet.type).to.equal(BINARY_EVENT);
    expect(packet.nsp).to.equal('/x');
    const data = packet.data as unknown[];
    expect(data[1]).to.equal(b);
    expect((data[2] as unknown[])[0]).to.equal(a);
  });

  it('keeps placeholder-shaped objects as plain data in non-binary packets', () => {
    const data = ['x', { _placeholder: true, num: 0 }];
    expect(roundTrip({ type: EVENT, nsp: '/', data })).to.deep.equal({ type: EVENT, nsp: '/', data });
  });

  it('sends a BINARY_* packet without binary as plain EVENT/ACK', () => {
    expect(encodeSocketPacket({ type: BINARY_EVENT, nsp: '/', data: ['a'] })).to.deep.equal(['2["a"]']);
    expect(encodeSocketPacket({ type: BINARY_ACK, nsp: '/', id: 1, data: [] })).to.deep.equal(['31[]']);
  });

  it('re-encodes a decoded binary packet to the same wire form', () => {
    const wire: [string, ...Uint8Array[]] = ['61-3[{"_placeholder":true,"num":0}]', bytes(5)];
    const packet = feed(new SocketDecoder(), wire)[1] as SocketPacket;
    expect(packet).to.deep.equal({ type: BINARY_ACK, nsp: '/', id: 3, data: [bytes(5)] });
    expect(encodeSocketPacket(packet)).to.deep.equal(wire);
  });

  it('serializes Dates and toJSON objects like JSON.stringify', () => {
    const when = new Date(0);
    expect(encodeSocketPacket({ type: EVENT, nsp: '/', data: ['t', when] })).to.deep.equal([
      '2["t","1970-01-01T00:00:00.000Z"]',
    ]);
    const hidden = { bin: bytes(1), toJSON: () => 'opaque' };
    expect(encodeSocketPacket({ type: EVENT, nsp: '/', data: ['t', hidden] })).to.deep.equal(['2["t","opaque"]']);
  });

  it('accepts numeric event names and a namespace with a query-like tail', () => {
    const packet = { type: EVENT, nsp: '/a?x=1', data: [12, 'x'] } as SocketPacket;
    expect(roundTrip(packet)).to.deep.equal(packet);
  });

  it('decodes "/" given explicitly as the main namespace', () => {
    expect(new SocketDecoder().add('2/,["a"]')).to.deep.equal({ type: EVENT, nsp: '/', data: ['a'] });
  });

  it('decodes half a million levels of nesting without overflowing the stack', function () {
    this.timeout(60_000); // a few seconds of JSON on an idle machine; far more when the machine is shared
    const depth = 500_000;
    const nest = (inner: string) => '['.repeat(depth) + inner + ']'.repeat(depth);
    const decoder = new SocketDecoder();
    for (const chunks of [[`2["a",${nest('')}]`], [`2["\\u0041",${nest('{"k":1}')}]`], [`51-["a",${nest('{"_placeholder":true,"num":0}')}]`, bytes(7)]]) {
      const results = feed(decoder, chunks);
      const packet = results[results.length - 1] as SocketPacket;
      expect(packet).to.have.property('nsp', '/');
      let inner = (packet.data as unknown[])[1];
      for (let i = 1; i < depth; i++) inner = (inner as unknown[])[0];
      expect((inner as unknown[]).length).to.be.at.most(1);
    }
    const bad = decoder.add(`51-["a",${nest('{"_placeholder":true,"num":1}')}]`);
    expect((bad as ProtocolError).code).to.equal('ERR_INVALID_PLACEHOLDER');
  });

  it('works again after an error and after reset()', () => {
    const decoder = new SocketDecoder();
    expect(decoder.add('51-["a",{"_placeholder":true,"num":0}]')).to.equal(null);
    expect((decoder.add('2["b"]') as ProtocolError).code).to.equal('ERR_UNEXPECTED_TEXT');
    expect(decoder.add('2["c"]')).to.deep.equal({ type: EVENT, nsp: '/', data: ['c'] });
    expect(decoder.add('51-["a",{"_placeholder":true,"num":0}]')).to.equal(null);
    decoder.reset();
    expect((decoder.add(bytes(1)) as ProtocolError).code).to.equal('ERR_UNEXPECTED_BINARY');
    expect(decoder.add('1')).to.deep.equal({ type: DISCONNECT, nsp: '/' });
  });

  it('honours a custom attachment limit', () => {
    const decoder = new SocketDecoder({ maxAttachments: 2 });
    expect(decoder.add('52-["a"]')).to.equal(null);
    decoder.reset();
    expect((decoder.add('53-["a"]') as ProtocolError).code).to.equal('ERR_TOO_MANY_ATTACHMENTS');
    expect(new SocketDecoder({ maxAttachments: 100 }).add('599-["a"]')).to.equal(null);
  });
});
