import { expect } from 'chai';
import {
  decodePacket,
  decodePayload,
  encodePacket,
  encodePayload,
  EnginePacketType,
  SockjetError,
  type ProtocolError,
  type OutgoingEnginePacket,
} from '../../src/protocol/index.js';

const bytes = (...b: number[]) => new Uint8Array(b);

describe('Engine.IO packet codec', () => {
  for (const [name, type] of Object.entries(EnginePacketType)) {
    it(`round-trips ${name} with and without text data`, () => {
      expect(encodePacket({ type }, true)).to.equal(String(type));
      expect(decodePacket(String(type))).to.deep.equal({ type });
      const encoded = encodePacket({ type, data: 'probe ✓' }, false);
      expect(encoded).to.equal(`${type}probe ✓`);
      expect(decodePacket(encoded)).to.deep.equal({ type, data: 'probe ✓' });
    });
  }

  it('encodes the spec examples', () => {
    // https://socket.io/docs/v4/engine-io-protocol/#packet-encoding
    expect(encodePacket({ type: EnginePacketType.MESSAGE, data: 'hello' }, true)).to.equal('4hello');
    expect(encodePacket({ type: EnginePacketType.MESSAGE, data: bytes(1, 2, 3, 4) }, false)).to.equal('bAQIDBA==');
    expect(decodePacket('bAQIDBA==')).to.deep.equal({ type: EnginePacketType.MESSAGE, data: bytes(1, 2, 3, 4) });
  });

  it('sends binary as raw bytes when the transport carries binary', () => {
    const data = bytes(0, 255, 7);
    expect(encodePacket({ type: EnginePacketType.MESSAGE, data }, true)).to.equal(data);
    expect(decodePacket(data)).to.deep.equal({ type: EnginePacketType.MESSAGE, data });
  });

  it('accepts every binary input shape and decodes ArrayBuffer frames', () => {
    const backing = bytes(9, 1, 2, 3, 9);
    const inputs = [backing.subarray(1, 4), backing.slice(1, 4).buffer, new DataView(backing.buffer, 1, 3)];
    for (const data of inputs) {
      expect(encodePacket({ type: EnginePacketType.MESSAGE, data }, true)).to.deep.equal(bytes(1, 2, 3));
      expect(decodePacket(encodePacket({ type: EnginePacketType.MESSAGE, data }, false))).to.deep.equal({
        type: EnginePacketType.MESSAGE,
        data: bytes(1, 2, 3),
      });
      expect(decodePacket(data)).to.deep.equal({ type: EnginePacketType.MESSAGE, data: bytes(1, 2, 3) });
    }
    const wide = new Uint16Array([0x0201]);
    expect(encodePacket({ type: EnginePacketType.MESSAGE, data: wide }, true)).to.have.length(2);
  });

  it('base64-encodes every length remainder and decodes padded and unpadded forms', () => {
    for (let n = 0; n < 8; n++) {
      const data = Uint8Array.from({ length: n }, (_, i) => (i * 97 + 13) & 255);
      const text = encodePacket({ type: EnginePacketType.MESSAGE, data }, false) as string;
      expect(decodePacket(text)).to.deep.equal({ type: EnginePacketType.MESSAGE, data });
      expect(decodePacket(text.replace(/=+$/, ''))).to.deep.equal({ type: EnginePacketType.MESSAGE, data });
    }
  });
});

describe('Engine.IO payload codec', () => {
  it('base64-encodes binary longer than one encoding chunk', () => {
    const big = Uint8Array.from({ length: 20_000 }, (_, i) => (i * 7) & 255);
    const encoded = encodePacket({ type: EnginePacketType.MESSAGE, data: big }, false) as string;
    expect(encoded.length).to.equal(1 + Math.ceil(big.length / 3) * 4);
    expect(decodePacket(encoded)).to.deep.equal({ type: EnginePacketType.MESSAGE, data: big });
  });

  it('round-trips a payload of mixed text and binary packets', () => {
    const packets: OutgoingEnginePacket[] = [
      { type: EnginePacketType.MESSAGE, data: 'hello' },
      { type: EnginePacketType.MESSAGE, data: bytes(1, 2, 3, 4) },
      { type: EnginePacketType.PING },
      { type: EnginePacketType.MESSAGE, data: '' },
      { type: EnginePacketType.NOOP },
      { type: EnginePacketType.MESSAGE, data: new ArrayBuffer(0) },
      { type: EnginePacketType.CLOSE },
    ];
    const payload = encodePayload(packets);
    // The spec's example separator and base64 form.
    expect(payload.startsWith('4hello\x1ebAQIDBA==\x1e2\x1e')).to.equal(true);
    expect(decodePayload(payload)).to.deep.equal([
      { type: EnginePacketType.MESSAGE, data: 'hello' },
      { type: EnginePacketType.MESSAGE, data: bytes(1, 2, 3, 4) },
      { type: EnginePacketType.PING },
      { type: EnginePacketType.MESSAGE },
      { type: EnginePacketType.NOOP },
      { type: EnginePacketType.MESSAGE, data: new Uint8Array(0) },
      { type: EnginePacketType.CLOSE },
    ]);
  });

  it('decodes a single-packet payload', () => {
    expect(decodePayload('3probe')).to.deep.equal([{ type: EnginePacketType.PONG, data: 'probe' }]);
  });

  it('fails the whole payload on the first bad record', () => {
    const result = decodePayload('4ok\x1e9bad\x1e4ok');
    expect(result).to.be.instanceOf(SockjetError);
    expect((result as ProtocolError).code).to.equal('ERR_UNKNOWN_PACKET_TYPE');
  });
});
