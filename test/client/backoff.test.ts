import { expect } from 'chai';
import { backoff } from '../../src/shared/backoff.js';

describe('backoff', () => {
  const o = { reconnectionDelay: 1000, reconnectionDelayMax: 5000, randomizationFactor: 0.5 };

  it('grows exponentially from min and caps at max', () => {
    const mid = () => 0.5; // no deviation
    expect([0, 1, 2, 3, 4].map((n) => backoff(n, o, mid))).to.deep.equal([1000, 2000, 4000, 5000, 5000]);
    expect(backoff(2, { reconnectionDelay: 100, reconnectionDelayMax: 1e9, randomizationFactor: 0 })).to.equal(400);
  });

  it('spreads each attempt over ±jitter with the random drawn per call', () => {
    expect(backoff(0, o, () => 0)).to.equal(500);
    expect(backoff(0, o, () => 0.999999)).to.equal(1499);
    expect(backoff(1, o, () => 0.25)).to.equal(1500);
    const draws = [0, 1];
    let calls = 0;
    const seq = () => draws[calls++]!;
    expect([backoff(0, o, seq), backoff(0, o, seq)]).to.deep.equal([500, 1500]);
    expect(calls).to.equal(2);
  });

  it('never exceeds what setTimeout can wait', () => {
    expect(backoff(1000, { reconnectionDelay: 1000, reconnectionDelayMax: Infinity, randomizationFactor: 0 })).to.equal(2 ** 31 - 1);
  });
});
