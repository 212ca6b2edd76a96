import { expect } from 'chai';
import { Emitter } from '../../src/shared/emitter.js';

describe('shared Emitter', () => {
  it('calls listeners in order with the arguments, and reports whether any listened', () => {
    const e = new Emitter<{ tick: [n: number, s: string] }>();
    const got: string[] = [];
    expect(e.emitReserved('tick', 0, 'x')).to.equal(false);
    e.on('tick', (n, s) => got.push(`a${n}${s}`)).on('tick', (n, s) => got.push(`b${n}${s}`));
    expect(e.emitReserved('tick', 1, 'y')).to.equal(true);
    expect(got).to.deep.equal(['a1y', 'b1y']);
  });

  it('treats names of Object.prototype members as plain event names', () => {
    const e = new Emitter();
    for (const name of ['__proto__', 'toString', 'constructor', 'hasOwnProperty', '__defineSetter__']) {
      expect(e.emitReserved(name, 'x', () => {})).to.equal(false);
      expect(e.hasListeners(name)).to.equal(false);
      expect(e.listeners(name)).to.deep.equal([]);
    }
    const got: unknown[] = [];
    e.on('__proto__', (n) => got.push(n)).on('x', (n) => got.push(n));
    expect(e.emitReserved('__proto__', 1)).to.equal(true);
    expect(e.emitReserved('call', 2)).to.equal(false);
    e.emitReserved('x', 3);
    e.off('__proto__');
    expect(e.emitReserved('__proto__', 4)).to.equal(false);
    expect(got).to.deep.equal([1, 3]);
  });

  it('once fires a single time and can be removed by the original listener', () => {
    const e = new Emitter();
    let n = 0;
    const fn = () => n++;
    e.once('x', fn);
    e.emitReserved('x');
    e.emitReserved('x');
    expect(n).to.equal(1);
    e.once('x', fn).off('x', fn);
    e.emitReserved('x');
    expect(n).to.equal(1);
    expect(e.hasListeners('x')).to.equal(false);
  });

  it('an emit is not changed by listeners added or removed during it', () => {
    const e = new Emitter();
    const got: string[] = [];
    const b = () => got.push('b');
    e.on('x', () => {
      got.push('a');
      e.off('x', b);
      e.on('x', () => got.push('c'));
    });
    e.on('x', b);
    e.emitReserved('x');
    expect(got).to.deep.equal(['a', 'b']);
    got.length = 0;
    e.emitReserved('x');
    expect(got).to.deep.equal(['a', 'c']);
  });

  it('off removes one registration, all of one event, or everything', () => {
    const e = new Emitter();
    const fn = () => {};
    e.on('x', fn).on('x', fn).on('y', fn);
    e.off('x', fn);
    expect(e.listeners('x')).to.deep.equal([fn]);
    e.off('x');
    expect(e.hasListeners('x')).to.equal(false);
    expect(e.hasListeners('y')).to.equal(true);
    e.off();
    expect(e.hasListeners('y')).to.equal(false);
  });

  it('listeners returns a copy', () => {
    const e = new Emitter();
    const fn = () => {};
    e.on('x', fn);
    e.listeners('x').pop();
    expect(e.listeners('x')).to.deep.equal([fn]);
  });

  it('a lone listener (stored as itself) and a list behave alike: `this`, removal, copies', () => {
    const e = new Emitter<{ tick: [n: number] }>();
    const seen: unknown[] = [];
    function a(this: unknown, n: number) {
      seen.push(this, n);
    }
    const b = () => {};
    e.on('tick', a);
    e.emitReserved('tick', 1);
    expect(seen).to.deep.equal([e, 1]);
    e.on('tick', b);
    const two = e.listeners('tick');
    two.pop();
    expect(e.listeners('tick')).to.deep.equal([a, b]);
    e.off('tick', a);
    expect(e.listeners('tick')).to.deep.equal([b]);
    e.off('tick', a); // not registered: nothing changes
    expect(e.listeners('tick')).to.deep.equal([b]);
    e.off('tick', b);
    expect(e.hasListeners('tick')).to.equal(false);
    expect(e.emitReserved('tick', 2)).to.equal(false);
  });
});
