import { expect } from 'chai';
import {
  deconstructPacket,
  encodeSocketPacket,
  fillPlaceholders,
  findPlaceholders,
  hasBinary,
  isBinary,
} from '../../src/protocol/index.js';
import { INVALID_PLACEHOLDER } from '../../src/protocol/socket-faults.js';

describe('binary attachments', () => {
  it('isBinary knows every binary shape and nothing else', () => {
    for (const v of [new Uint8Array(1), new ArrayBuffer(1), new Float32Array(1), new DataView(new ArrayBuffer(1))]) {
      expect(isBinary(v), String(v)).to.equal(true);
    }
    for (const v of [null, undefined, 'bytes', 1, [1], { byteLength: 1, buffer: new ArrayBuffer(1) }]) {
      expect(isBinary(v), String(v)).to.equal(false);
    }
  });

  it('hasBinary finds binary at any depth, in arrays and objects', () => {
    expect(hasBinary(['a', 1, null, { b: [true, {}] }])).to.equal(false);
    expect(hasBinary(['a', { b: [{ c: new ArrayBuffer(0) }] }])).to.equal(true);
    expect(hasBinary(new Uint8Array(0))).to.equal(true);
    expect(hasBinary('text')).to.equal(false);
  });

  it('hasBinary walks half a million levels without overflowing the stack', () => {
    const depth = 500_000;
    const data = JSON.parse('['.repeat(depth) + ']'.repeat(depth)) as unknown[];
    expect(hasBinary(data)).to.equal(false);
    let inner = data;
    while (inner.length) inner = inner[0] as unknown[];
    inner.push(new Uint8Array(1));
    expect(hasBinary(data)).to.equal(true);
  });

  it('hasBinary ends on cyclic data, including wide self-references', () => {
    const loop: unknown[] = [];
    for (let i = 0; i < 5000; i++) loop.push(loop);
    expect(hasBinary(loop)).to.equal(false);
    const obj: Record<string, unknown> = { bin: null };
    obj.self = obj;
    expect(hasBinary(obj)).to.equal(false);
    obj.bin = new Uint8Array(1);
    expect(hasBinary(obj)).to.equal(true);
    // The encoder then fails the way JSON.stringify does on cycles, instead of hanging.
    expect(() => encodeSocketPacket({ type: 2, nsp: '/', data: ['x', loop] })).to.throw(TypeError);
  });

  it('deconstructPacket leaves the input untouched and keeps an own __proto__ key a key', () => {
    const bin = new Uint8Array([1]);
    const input = JSON.parse('{"__proto__":{"x":1},"a":[1]}') as Record<string, unknown>;
    (input.a as unknown[]).push(bin);
    const attachments: Uint8Array[] = [];
    const out = deconstructPacket(input, attachments) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).to.equal(Object.prototype);
    expect(JSON.stringify(out)).to.equal('{"__proto__":{"x":1},"a":[1,{"_placeholder":true,"num":0}]}');
    expect(attachments).to.deep.equal([bin]);
    expect((input.a as unknown[])[1]).to.equal(bin);
  });

  it('findPlaceholders treats placeholders as data when no attachments are announced', () => {
    const data = JSON.parse('["a",{"_placeholder":true,"num":"splice"}]') as unknown;
    expect(findPlaceholders(data, 0)).to.deep.equal([]);
    expect(findPlaceholders(data, 1)).to.equal(INVALID_PLACEHOLDER);
  });

  it('fillPlaceholders writes only where placeholders were, never onto a prototype', () => {
    const data = JSON.parse('[{"_placeholder":true,"num":1},{"k":{"_placeholder":true,"num":0}}]') as unknown[];
    const slots = findPlaceholders(data, 2);
    expect(slots).to.be.an('array');
    const a = new Uint8Array([0]);
    const b = new Uint8Array([1]);
    fillPlaceholders(slots as never, [a, b]);
    expect(data[0]).to.equal(b);
    expect((data[1] as Record<string, unknown>).k).to.equal(a);
    expect(Object.getPrototypeOf(data[1])).to.equal(Object.prototype);
    expect(({} as Record<string, unknown>).k).to.equal(undefined);
  });
});
