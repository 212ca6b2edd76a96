// Node only: the Engine.IO v3 codec (allowEIO3) against the v3 parser engine.io itself uses.
import { expect } from 'chai';
import fc from 'fast-check';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import {
  decodeBinaryPayloadV3,
  decodePacketV3,
  decodePayloadV3,
  encodePacketV3,
  encodePayloadV3,
} from '../../src/protocol/engine-payload-v3.js';
import { SockjetError, type EnginePacket } from '../../src/protocol/index.js';
import { normalize } from './helpers.js';

type Callback = (encoded: never) => void;
/** engine.io's own v3 parser (build/parser-v3), which its package exports do not list: loaded by path. */
const require = createRequire(import.meta.url);
const v3 = require(join(dirname(require.resolve('engine.io')), 'parser-v3/index.js')) as {
  encodePayload(packets: unknown[], supportsBinary: boolean, callback: Callback): void;
  decodePayload(payload: string | Buffer, binaryType: string, callback: Callback): void;
  encodePacket(packet: unknown, supportsBinary: boolean, utf8encode: boolean, callback: Callback): void;
};

const NAMES = ['open', 'close', 'ping', 'pong', 'message', 'upgrade', 'noop'] as const;

const packetArb: fc.Arbitrary<EnginePacket> = fc.oneof(
  fc.record({ type: fc.integer({ min: 0, max: 6 }) }) as fc.Arbitrary<EnginePacket>,
  fc.record({ type: fc.integer({ min: 0, max: 6 }), data: fc.string({ minLength: 1, unit: 'grapheme' }) }) as fc.Arbitrary<EnginePacket>,
  fc.record({ type: fc.constant(4), data: fc.uint8Array({ minLength: 1, maxLength: 32 }) }) as fc.Arbitrary<EnginePacket>,
);

const toTheirs = (p: EnginePacket) => ({ type: NAMES[p.type], ...(p.data === undefined ? {} : { data: typeof p.data === 'string' ? p.data : Buffer.from(p.data) }) });
const fromTheirs = (p: { type: string; data?: unknown }) =>
  normalize({ type: NAMES.indexOf(p.type as never), ...(p.data === undefined ? {} : { data: p.data }) });

function theirPayload(packets: EnginePacket[], binary: boolean): string | Buffer {
  let out: string | Buffer = '';
  v3.encodePayload(packets.map(toTheirs), binary, (encoded: string | Buffer) => (out = encoded));
  return out;
}

function theirDecode(payload: string | Buffer): unknown[] {
  const packets: unknown[] = [];
  v3.decodePayload(payload, 'nodebuffer', (packet: { type: string; data?: unknown }) => {
    packets.push(fromTheirs(packet));
  });
  return packets;
}

describe('Engine.IO v3 codec against engine.io parser-v3', () => {
  it('text payloads: what we encode, they decode, and what they encode, we decode', () => {
    fc.assert(
      fc.property(fc.array(packetArb, { minLength: 1, maxLength: 5 }), (packets) => {
        expect(theirDecode(encodePayloadV3(packets))).to.deep.equal(normalize(packets));
        expect(normalize(decodePayloadV3(theirPayload(packets, false) as string))).to.deep.equal(normalize(packets));
      }),
      { numRuns: 300 },
    );
  });

  it('binary payloads (what a v2 client able to send bytes POSTs): we decode what they encode', () => {
    fc.assert(
      fc.property(fc.array(packetArb, { minLength: 1, maxLength: 5 }), (packets) => {
        const theirs = theirPayload(packets, true);
        const ours = typeof theirs === 'string' ? decodePayloadV3(theirs) : decodeBinaryPayloadV3(theirs);
        expect(normalize(ours)).to.deep.equal(normalize(packets));
      }),
      { numRuns: 300 },
    );
  });

  it('WebSocket frames: binary behind its type byte, both ways', () => {
    fc.assert(
      fc.property(packetArb, (packet) => {
        let theirs: unknown;
        v3.encodePacket(toTheirs(packet), true, false, (encoded: unknown) => (theirs = encoded));
        const ours = encodePacketV3(packet);
        expect(normalize(ours)).to.deep.equal(normalize(theirs));
        expect(normalize(decodePacketV3(ours))).to.deep.equal(normalize(packet));
      }),
      { numRuns: 300 },
    );
  });

  it('refuses malformed payloads without throwing', () => {
    for (const bad of ['', 'x', '3:ab', '1', ':4a', '2:b4!', '1234567890:4', '-1:4', '2:7a']) {
      expect(decodePayloadV3(bad), bad).to.be.instanceOf(SockjetError);
    }
    for (const bad of [[], [2, 1, 255, 52], [0, 255], [0, 9, 255, 52], [0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 255], [0, 1, 255, 0xff]]) {
      expect(decodeBinaryPayloadV3(new Uint8Array(bad)), String(bad)).to.be.instanceOf(SockjetError);
    }
  });
});
