import { expect } from 'chai';
import { NodeStyleEmitter } from '../../src/shared/node-style-emitter.js';

describe('NodeStyleEmitter', () => {
  it('prepends listeners, once-listeners included, before those already there', () => {
    const e = new NodeStyleEmitter<{ x: [n: number] }>();
    const calls: string[] = [];
    e.on('x', () => calls.push('a'));
    e.once('x', () => calls.push('once-b'));
    e.prependListener('x', () => calls.push('first'));
    e.prependOnceListener('x', () => calls.push('very first, once'));
    e.emitReserved('x', 1);
    e.emitReserved('x', 2);
    expect(calls).to.deep.equal(['very first, once', 'first', 'a', 'once-b', 'first', 'a']);
  });

  it('has addListener, removeListener (a once-listener by its function too), removeAllListeners and listenerCount', () => {
    const e = new NodeStyleEmitter<{ x: []; y: [] }>();
    const f = () => {};
    const g = () => {};
    e.addListener('x', f).once('x', g).on('y', f);
    expect(e.listenerCount('x')).to.equal(2);
    e.removeListener('x', g);
    expect(e.listenerCount('x')).to.equal(1);
    e.removeAllListeners('x');
    expect([e.listenerCount('x'), e.listenerCount('y')]).to.deep.equal([0, 1]);
    e.removeAllListeners();
    expect(e.listenerCount('y')).to.equal(0);
  });
});
