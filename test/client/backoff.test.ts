import { expect } from 'chai';
import { backoff, BackoffTimer, MIN_UPTIME } from '../../src/shared/backoff.js';
import { withFakeClock } from '../support/fake-clock.js';

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

  it('BackoffTimer: the count starts over only after the connection stayed up MIN_UPTIME', () =>
    withFakeClock((tick) => {
      const timer = new BackoffTimer({ reconnectionDelay: 100, reconnectionDelayMax: 10_000, randomizationFactor: 0 });
      let fired = 0;
      expect(timer.next(() => fired++)).to.equal(100);
      tick(100);
      expect(fired).to.equal(1);
      // Up, but dropped again before MIN_UPTIME: the next delay keeps growing.
      timer.settle();
      tick(MIN_UPTIME - 1);
      expect(timer.next(() => fired++)).to.equal(200);
      tick(200);
      // Up for MIN_UPTIME: back to the first delay.
      timer.settle();
      tick(MIN_UPTIME);
      expect(timer._attempts).to.equal(0);
      expect(timer.next(() => fired++)).to.equal(100);
      timer.reset();
      tick(1000);
      expect(fired).to.equal(2);
    }));
});
