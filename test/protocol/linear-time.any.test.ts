import { expect } from 'chai';
import { decodePacket, decodePayload, LeanSocketDecoder, SocketDecoder } from '../../src/protocol/index.js';

// Adversarial inputs of n characters. Each is decoded at size N and 8N: linear work grows about 8x,
// quadratic work 64x. The bound sits between the two with room on both sides, and the smaller time is floored
// so that sub-millisecond noise cannot blow up the ratio. 8N is two megabytes.
const N = 1 << 18;
const SCALE = 8;
const RATIO = 24;
const FLOOR_MS = 5;
// Load on the machine (another test file, another process) only ever adds time, and may add it to the large
// run alone. A run that passes proves the bound; quadratic work cannot pass any of them, so a few are allowed.
const ATTEMPTS = 3;

const PAD = ' '.repeat(16);
const placeholder = `{"_placeholder":true,"num":0}${PAD},`;
const repeatTo = (unit: string, n: number) => unit.repeat(Math.max(1, Math.floor(n / unit.length)));

// Structured inputs are padded with whitespace: a megabyte of `[]` or `{}` makes V8's JSON.parse allocate
// hundreds of thousands of live objects, and its garbage collector then grows faster than linearly (up to
// 12x for 4x the input on this machine), which is not what this test measures. Half a million levels of
// nesting are checked for not throwing in the codec tests.

/** Blocks of arrays nested 1,000 deep filling about n characters, `inner` in the middle of each. */
const nests = (n: number, inner = '') => {
  const block = `[${PAD}`.repeat(1000) + inner + ']'.repeat(1000);
  return Array.from({ length: Math.max(1, Math.floor(n / block.length)) }, () => block).join(',');
};

const socketInputs: Record<string, (n: number) => (string | Uint8Array)[]> = {
  'ack id digits': (n) => ['2' + '7'.repeat(n)],
  'attachment digits': (n) => ['5' + '7'.repeat(n)],
  'namespace without comma': (n) => ['2/' + 'a'.repeat(n)],
  'namespace of commas': (n) => ['2/' + ','.repeat(n)],
  'unclosed brackets after nested blocks': (n) => ['2["a",' + nests(n) + ',' + '['.repeat(1000)],
  'nested arrays': (n) => ['2["a",' + nests(n) + ']'],
  'nested arrays around placeholders': (n) => ['51-["a",' + nests(n, placeholder.slice(0, -1)) + ']', new Uint8Array(1)],
  'nested objects with an escape': (n) => [
    '2["\\u0041",' + repeatTo(`{"a":${PAD}`.repeat(1000) + '1' + '}'.repeat(1000) + ',', n) + '1]',
  ],
  'many placeholders': (n) => ['51-["a",' + repeatTo(placeholder, n) + '1]', new Uint8Array(1)],
  'many __proto__ look-alikes': (n) => ['2["x",' + repeatTo('"__proto__",', n) + '1]'],
  'many escapes': (n) => ['2["' + repeatTo('\\u0041', n) + '"]'],
};

/** The best of five runs: other load on the machine only ever adds time, so the minimum is the steadiest. */
function timeOf(run: () => void): number {
  let best = Infinity;
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    run();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

function expectLinear(make: (n: number) => () => void) {
  const small = make(N);
  const large = make(SCALE * N);
  small(); // warm up
  const seen: string[] = [];
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const tSmall = timeOf(small);
    const tLarge = timeOf(large);
    if (tLarge < RATIO * Math.max(tSmall, FLOOR_MS)) return;
    seen.push(`N: ${tSmall.toFixed(2)} ms, ${SCALE}N: ${tLarge.toFixed(2)} ms`);
  }
  expect.fail(`more than ${RATIO}x the time for ${SCALE}x the input in every attempt (${seen.join('; ')})`);
}

describe('decoding time is linear in input size', function () {
  this.timeout(120_000);

  for (const Decoder of [SocketDecoder, LeanSocketDecoder]) {
    for (const [name, make] of Object.entries(socketInputs)) {
      it(`Socket.IO (${Decoder.name}): ${name}`, () => {
        expectLinear((n) => {
          const chunks = make(n);
          return () => {
            const decoder = new Decoder();
            for (const chunk of chunks) decoder.add(chunk);
          };
        });
      });
    }
  }

  it('Engine.IO: long base64', () => {
    expectLinear((n) => {
      const text = 'b' + 'QUJD'.repeat(n / 4);
      return () => decodePacket(text);
    });
  });

  it('Engine.IO: payload of many records', () => {
    expectLinear((n) => {
      const text = repeatTo(`4${PAD}${PAD}\x1e`, n) + '4';
      return () => decodePayload(text);
    });
  });

  it('Engine.IO: payload of separators only', () => {
    expectLinear((n) => {
      const text = '\x1e'.repeat(n);
      return () => decodePayload(text);
    });
  });
});
