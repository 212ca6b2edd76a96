import { expect } from 'chai';
import fc from 'fast-check';
import { decodePacket, encodePacket } from '../../src/client/engine/packet.js';

/** How the polling transport splits a payload. */
const decodePayload = (payload: string) => {
  const out = payload.split('\x1e').map(decodePacket);
  return out.find((p) => p instanceof Error) ?? out;
};
import * as shared from '../../src/protocol/engine-packet.js';

const packetArb = fc.oneof(
  fc.record({ type: fc.integer({ min: 0, max: 6 }) }),
  fc.record({ type: fc.integer({ min: 0, max: 6 }), data: fc.string({ minLength: 1 }) }),
  fc.record({ type: fc.constant(4), data: fc.uint8Array({ maxLength: 300 }) }),
) as fc.Arbitrary<shared.EnginePacket>;

describe('client Engine.IO packet codec (the compact twin of the shared one)', () => {
  it('encodes as the shared codec, for both transports', () => {
    fc.assert(
      fc.property(packetArb, fc.boolean(), (p, binary) => {
        expect(encodePacket(p, binary)).to.deep.equal(shared.encodePacket(p, binary));
      }),
    );
  });

  it('decodes what the shared codec encodes', () => {
    fc.assert(
      fc.property(fc.array(packetArb, { minLength: 1, maxLength: 5 }), (ps) => {
        expect(decodePayload(shared.encodePayload(ps))).to.deep.equal(shared.decodePayload(shared.encodePayload(ps)));
        for (const p of ps) expect(decodePacket(shared.encodePacket(p, true))).to.deep.equal(shared.decodePacket(shared.encodePacket(p, true)));
      }),
    );
  });

  it('decodes binary frames from any view', () => {
    expect(decodePacket(new Uint16Array([0x0201]).buffer)).to.deep.equal({ type: 4, data: new Uint8Array([1, 2]) });
    expect(decodePacket(new Uint8Array([0, 5, 6]).subarray(1))).to.deep.equal({ type: 4, data: new Uint8Array([5, 6]) });
  });

  it('returns an Error for bad input, never throws', () => {
    for (const bad of ['', '7', '/x', 'abc', 'b!!!!', 'bQ===', 'bAQIDB']) expect(decodePacket(bad), bad).to.be.instanceOf(Error);
    for (const bad of ['', '4a\x1e', '4a\x1e9', '4a\x1eb@@@@']) expect(decodePayload(bad), bad).to.be.instanceOf(Error);
  });
});
