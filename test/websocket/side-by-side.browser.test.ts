import { expect } from 'chai';
import { executeServerCommand } from '@web/test-runner-commands';
import { WebSocket as SockjetWebSocket } from '../../src/client/websocket.js';
import { record, type Entry } from './helpers.js';

interface Started {
  id: number;
  url: string;
}

interface Impl {
  name: string;
  kind: string;
  make(url: string, protocols?: string | string[]): WebSocket;
}

const impls: Impl[] = [
  { name: 'native', kind: 'ws-echo', make: (url, protocols) => new WebSocket(url, protocols) },
  {
    name: 'sockjet',
    kind: 'engine-echo',
    // Buffering off: the standard's InvalidStateError for send() while CONNECTING (buffering is tested apart).
    make: (url, protocols) => new SockjetWebSocket(url, protocols, { maxBufferedMessages: 0 }),
  },
];

/** What a scenario hands back: the event log plus whatever it observed along the way. */
interface Outcome {
  log: Entry[];
  seen: unknown[];
}

type Scenario = (t: { ws: WebSocket; url: string; make: Impl['make']; seen: unknown[] }) => Promise<ReturnType<typeof record>>;

/** Runs one scenario body against one implementation on a fresh server of its kind. */
async function run(impl: Impl, body: Scenario): Promise<Outcome> {
  const { id, url } = await executeServerCommand<Started, unknown>('server:start', { kind: impl.kind });
  const seen: unknown[] = [];
  const ws = impl.make(url);
  try {
    const r = await body({ ws, url, make: impl.make, seen });
    return { log: await r.entries(), seen };
  } finally {
    ws.close();
    await executeServerCommand('server:close', { id });
  }
}

/** The name of the DOMException `fn` throws, or 'none'. */
function thrown(fn: () => unknown): string {
  try {
    (fn() as { close?: () => void } | undefined)?.close?.();
    return 'none';
  } catch (e) {
    return e instanceof DOMException ? e.name : `not a DOMException: ${String(e)}`;
  }
}

const opened = async (ws: WebSocket) => {
  const r = record(ws);
  await r.until('open');
  return r;
};

const scenarios: Record<string, Scenario> = {
  'text, with the handler attributes and listeners in registration order': async ({ ws, seen }) => {
    seen.push(ws.readyState, ws.protocol, ws.extensions, ws.binaryType, ws.bufferedAmount, ws.CONNECTING, ws.CLOSED);
    const r = record(ws);
    ws.onmessage = (e) => seen.push('onmessage', e.data, e instanceof MessageEvent, e.origin == new URL(ws.url).origin);
    // Waits in the last listener: a native dispatch runs microtasks between listeners, a script's dispatchEvent
    // only after the last one, so awaiting in an earlier listener would see the two differ.
    let count = 0;
    const waiters: [number, () => void][] = [];
    const upTo = (n: number) => new Promise<void>((resolve) => waiters.push([n, resolve]));
    ws.addEventListener('message', () => {
      seen.push('listener');
      count++;
      waiters.filter(([n]) => n == count).forEach(([, resolve]) => resolve());
    });
    ws.onopen = function (this: WebSocket) {
      seen.push('onopen', this === ws, ws.readyState);
    };
    await r.until('open');
    ws.send('hello');
    ws.send('héllo ✓ 🚀');
    ws.send('');
    await upTo(3);
    ws.onmessage = null;
    ws.send('after');
    await upTo(4);
    ws.close();
    seen.push(ws.readyState);
    await r.until('close');
    seen.push(ws.readyState);
    return r;
  },

  'binary as ArrayBuffer: ArrayBuffer, typed arrays, DataView, a view into a larger buffer, copied on send': async ({ ws }) => {
    ws.binaryType = 'arraybuffer';
    const r = await opened(ws);
    ws.send(new Uint8Array([0, 1, 255]).buffer);
    const bytes = new Uint8Array([1, 2, 3]);
    ws.send(bytes);
    bytes[0] = 99;
    ws.send(new Uint16Array([1, 0xffff]));
    ws.send(new Float64Array([1.5]));
    ws.send(new DataView(new Uint8Array([5, 6, 7, 8]).buffer, 1, 2));
    ws.send(new Uint8Array([10, 11, 12, 13, 14]).subarray(1, 3));
    ws.send(new ArrayBuffer(0));
    await r.until('message', 7);
    return r;
  },

  'binary as Blob (the default), and Blobs sent in order among text': async ({ ws, seen }) => {
    const r = await opened(ws);
    seen.push(ws.binaryType);
    ws.send(new Blob([new Uint8Array([1, 2])], { type: 'text/plain' }));
    ws.send('between');
    ws.send(new Blob(['blob text']));
    ws.send(new Uint8Array([3]));
    await r.until('message', 4);
    ws.binaryType = 'arraybuffer';
    ws.send(new Blob([new Uint8Array([4])]));
    await r.until('message', 5);
    // @ts-expect-error: an unknown binaryType is ignored, as the DOM ignores a bad enum value
    ws.binaryType = 'nodebuffer';
    seen.push(ws.binaryType);
    return r;
  },

  'client close with a code and a reason': async ({ ws, seen }) => {
    const r = await opened(ws);
    ws.close(4001, 'ünïcödé');
    seen.push(ws.readyState);
    ws.close(1000, 'again');
    ws.send('after close');
    seen.push(ws.bufferedAmount);
    await r.until('close');
    ws.send(new Uint8Array(3));
    seen.push(ws.readyState, ws.bufferedAmount);
    return r;
  },

  'client close(1000) with a reason of exactly 123 bytes': async ({ ws }) => {
    const r = await opened(ws);
    ws.close(1000, 'é'.repeat(61) + 'x');
    await r.until('close');
    return r;
  },

  'server close with a code and a reason': async ({ ws, seen }) => {
    const r = await opened(ws);
    ws.send('close:4000:go away');
    await r.until('close');
    seen.push(ws.readyState);
    return r;
  },

  'server close with 1000 and no reason': async ({ ws }) => {
    const r = await opened(ws);
    ws.send('close:1000:');
    await r.until('close');
    return r;
  },

  "the standard's errors, then close() while CONNECTING": async ({ ws, url, make, seen }) => {
    const r = record(ws);
    seen.push(thrown(() => ws.send('too early')));
    for (const code of [0, 999, 1001, 1005, 1006, 2999, 5000]) seen.push(code, thrown(() => ws.close(code)));
    seen.push(thrown(() => ws.close(1000, 'x'.repeat(124))));
    seen.push(thrown(() => ws.close(1000, 'é'.repeat(62))));
    seen.push(thrown(() => make('ftp://127.0.0.1/')));
    seen.push(thrown(() => make('ws://127.0.0.1/#fragment')));
    seen.push(thrown(() => make('http://[::1')));
    seen.push(thrown(() => make(url, ['chat', 'chat'])));
    seen.push(thrown(() => make(url, 'not a token')));
    seen.push(ws.readyState);
    ws.close();
    seen.push(ws.readyState);
    await r.until('close');
    return r;
  },
};

describe('sockjet WebSocket side by side with the native one', () => {
  for (const [name, body] of Object.entries(scenarios)) {
    it(name, async () => {
      const [native, sockjet] = [await run(impls[0]!, body), await run(impls[1]!, body)];
      expect(native.log.length, 'the native run saw events').to.be.greaterThan(0);
      expect(sockjet).to.deep.equal(native);
    });
  }
});

/**
 * Issue 12: failures before the connection ever opens. The native WebSocket fires `error` then `close` 1006 at
 * once; so does the drop-in, for every failed attempt (readyState CONNECTING in the listeners while it retries,
 * CLOSED when it gives up). A server that answers but is not an Engine.IO server ends it at once, with a close
 * whose reason says so.
 */
describe('sockjet WebSocket side by side with the native one: failures before open', () => {
  const started: number[] = [];
  const start = async (kind: string) => {
    const s = await executeServerCommand<Started, unknown>('server:start', { kind });
    started.push(s.id);
    return s;
  };
  afterEach(async () => {
    for (const id of started.splice(0)) await executeServerCommand('server:close', { id });
  });
  /** The first two events of a socket: what the page learns at its first failure. */
  const firstTwo = async (ws: WebSocket) => {
    const r = record(ws);
    await r.until('close');
    ws.close();
    return (await r.entries()).slice(0, 2);
  };

  it('an unreachable server: error then close 1006 at once (CONNECTING while the drop-in retries)', async () => {
    const { id, url } = await start('engine-echo');
    await executeServerCommand('server:stop', { id }); // nothing listens on that port now
    const native = await firstTwo(new WebSocket(url));
    const once = await firstTwo(new SockjetWebSocket(url, [], { reconnection: false }));
    const retrying = new SockjetWebSocket(url, [], { reconnectionDelay: 50 });
    const r = record(retrying);
    await r.until('close', 2); // a second attempt follows, and fails the same way
    retrying.close();
    const entries = await r.entries();
    const closed = { type: 'close', readyState: WebSocket.CLOSED, detail: [1006, '', false] };
    expect(native).to.deep.equal([{ type: 'error', readyState: WebSocket.CLOSED }, closed]);
    expect(once).to.deep.equal(native);
    expect(entries.slice(0, 4)).to.deep.equal([
      { type: 'error', readyState: WebSocket.CONNECTING },
      { type: 'close', readyState: WebSocket.CONNECTING, detail: [1006, '', false] },
      { type: 'error', readyState: WebSocket.CONNECTING },
      { type: 'close', readyState: WebSocket.CONNECTING, detail: [1006, '', false] },
    ]);
  });

  it('an HTTP server that answers 404: the native fails, the drop-in gives up at once and says why', async () => {
    const { url } = await start('http-404');
    const native = await firstTwo(new WebSocket(url));
    const sockjet = await firstTwo(new SockjetWebSocket(url));
    expect(native).to.deep.equal([
      { type: 'error', readyState: WebSocket.CLOSED },
      { type: 'close', readyState: WebSocket.CLOSED, detail: [1006, '', false] },
    ]);
    expect(sockjet).to.deep.equal([
      { type: 'error', readyState: WebSocket.CLOSED },
      { type: 'close', readyState: WebSocket.CLOSED, detail: [1006, 'not an Engine.IO endpoint', false] },
    ]);
  });

  it('a plain WebSocket server: the native opens, the drop-in gives up after its handshake wait and says why', async () => {
    const { url } = await start('ws-echo');
    const native = new WebSocket(url);
    const r = record(native);
    await r.until('open');
    native.close();
    const sockjet = await firstTwo(new SockjetWebSocket(url));
    expect(sockjet).to.deep.equal([
      { type: 'error', readyState: WebSocket.CLOSED },
      { type: 'close', readyState: WebSocket.CLOSED, detail: [1006, 'not an Engine.IO endpoint', false] },
    ]);
  });
});
