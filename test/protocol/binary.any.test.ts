import { expect } from 'chai';
import {
  encodeSocketPacket,
  fillPlaceholders,
  findPlaceholders,
  isBinary,
  replaceAttachments,
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

  it('replaceAttachments replaces binary at any depth, in arrays and objects, and copies only on the way to it', () => {
    const plain = ['a', 1, null, { b: [true, {}] }];
    const none: unknown[] = [];
    expect(replaceAttachments(plain, none)).to.equal(plain);
    expect(replaceAttachments('text', none)).to.equal('text');
    expect(none).to.deep.equal([]);
    const bin = new ArrayBuffer(2);
    const view = new Uint16Array([7]);
    const kept = { k: [1] };
    const input = ['a', kept, { b: [{ c: bin }, view] }];
    const attachments: unknown[] = [];
    const out = replaceAttachments(input, attachments) as unknown[];
    expect(out).to.deep.equal(['a', { k: [1] }, { b: [{ c: { _placeholder: true, num: 0 } }, { _placeholder: true, num: 1 }] }]);
    expect(attachments).to.deep.equal([new Uint8Array(bin), new Uint8Array(view.buffer)]);
    expect(out[1]).to.equal(kept);
    expect((input[2] as { b: [{ c: unknown }] }).b[0].c).to.equal(bin);
  });

  it('replaceAttachments reaches deep binary, and deeper than the stack fails as JSON.stringify does', () => {
    const deep = (depth: number) => JSON.parse('['.repeat(depth) + ']'.repeat(depth)) as unknown[];
    const data = deep(2000);
    let inner = data;
    while (inner.length) inner = inner[0] as unknown[];
    const bin = new Uint8Array(1);
    inner.push(bin);
    const attachments: unknown[] = [];
    const out = replaceAttachments(data, attachments) as unknown[];
    let copied = out;
    while (Array.isArray(copied[0])) copied = copied[0] as unknown[];
    expect(copied).to.deep.equal([{ _placeholder: true, num: 0 }]);
    expect(attachments).to.deep.equal([bin]);
    // A RangeError, which the server reports as ERR_ENCODE: never a hang, never a wrong packet.
    expect(() => encodeSocketPacket({ type: 2, nsp: '/', data: ['x', deep(200_000)] })).to.throw(RangeError);
  });

  it('encoding cyclic data fails as JSON.stringify does, instead of hanging', () => {
    const loop: unknown[] = [];
    for (let i = 0; i < 5000; i++) loop.push(loop);
    const obj: Record<string, unknown> = { bin: new Uint8Array(1) };
    obj.self = obj;
    for (const data of [loop, obj]) {
      // A RangeError or a TypeError: what the server reports as ERR_ENCODE.
      expect(() => encodeSocketPacket({ type: 2, nsp: '/', data: ['x', data] })).to.throw().that.satisfies(
        (e: unknown) => e instanceof RangeError || e instanceof TypeError,
      );
    }
  });

  it('replaceAttachments leaves the input untouched and keeps an own __proto__ key a key', () => {
    const bin = new Uint8Array([1]);
    const input = JSON.parse('{"__proto__":{"x":1},"a":[1]}') as Record<string, unknown>;
    (input.a as unknown[]).push(bin);
    const attachments: Uint8Array[] = [];
    const out = replaceAttachments(input, attachments) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).to.equal(Object.prototype);
    expect(JSON.stringify(out)).to.equal('{"__proto__":{"x":1},"a":[1,{"_placeholder":true,"num":0}]}');
    expect(attachments).to.deep.equal([bin]);
    expect((input.a as unknown[])[1]).to.equal(bin);
    // A replacement under the `__proto__` key itself is written as that own key, never as a prototype.
    const under = JSON.parse('{"__proto__":null}') as Record<string, unknown>;
    Object.defineProperty(under, '__proto__', { value: bin, enumerable: true });
    const written = replaceAttachments(under, []) as Record<string, unknown>;
    expect(Object.getPrototypeOf(written)).to.equal(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(written, '__proto__')?.value).to.deep.equal({ _placeholder: true, num: 0 });
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
