import { expect } from 'chai';
import { randomId } from '../../../src/server/engine/random-id.js';

describe('randomId', () => {
  it('gives 20 URL-safe characters (120 bits), never the same twice across refills of its pool', () => {
    const ids = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const id = randomId();
      expect(id).to.match(/^[\w-]{20}$/);
      ids.add(id);
    }
    expect(ids.size).to.equal(2000);
  });
});
