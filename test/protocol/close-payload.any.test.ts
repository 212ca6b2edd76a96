import { expect } from 'chai';
import { decodeClosePayload, encodeClosePayload, isApplicationCloseCode } from '../../src/protocol/index.js';

describe('close payload (code and reason in an Engine.IO close packet)', () => {
  it('round-trips a code and reason', () => {
    expect(encodeClosePayload(4001, 'unauthorized')).to.equal('{"code":4001,"reason":"unauthorized"}');
    expect(decodeClosePayload(encodeClosePayload(1000, 'bye ✓'))).to.deep.equal({ code: 1000, reason: 'bye ✓' });
  });

  it('finds no code in an empty, foreign or malformed payload', () => {
    for (const payload of ['', 'null', '"x"', '{"code":"4001"}', '{"code":999}', '{"code":5000}', '{', '[4001]'])
      expect(decodeClosePayload(payload), payload).to.equal(undefined);
  });

  it('knows the codes an application closes with', () => {
    expect([1000, 3000, 4999].every(isApplicationCloseCode)).to.equal(true);
    expect([999, 1001, 1005, 1006, 2999, 5000].some(isApplicationCloseCode)).to.equal(false);
  });
});
