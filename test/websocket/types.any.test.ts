import { expect } from 'chai';
import { WebSocket as SockjetWebSocket } from '../../src/client/websocket.js';

/** Never called: `tsc` checks these lines (npm test runs it), the runtime does not need a server for them. */
export function typeChecks(url: string): void {
  // A sockjet WebSocket is a DOM WebSocket, and the class can stand in for the global constructor.
  const w: globalThis.WebSocket = new SockjetWebSocket(url);
  const Ctor: typeof globalThis.WebSocket = SockjetWebSocket;
  new Ctor(url, ['chat']);
  w.addEventListener('close', (e) => e.code);

  const s = new SockjetWebSocket(() => Promise.resolve(new URL(url)), 'chat', { transports: ['polling'], maxBufferedMessages: 10 });
  s.addEventListener('message', (e) => e.data);
  s.onclose = (e) => e.wasClean;
  s.onerror = null;
  s.send(new Blob([]));
  s.send(new Uint8Array(1));
  s.reconnect(4000, 'again');
  // @ts-expect-error: send takes text, binary or a Blob
  s.send(1);
  // @ts-expect-error: readyState is read-only
  s.readyState = 1;
  // @ts-expect-error: a close code is a number
  s.close('1000');
  // @ts-expect-error: unknown option
  new SockjetWebSocket(url, [], { reconection: false });
  // @ts-expect-error: the event map types the listener's event
  s.addEventListener('close', (e: MessageEvent) => e.data);
}

describe('sockjet WebSocket: the standard surface', () => {
  it('has the ready-state constants on the class and on instances, and handler attributes', () => {
    expect([SockjetWebSocket.CONNECTING, SockjetWebSocket.OPEN, SockjetWebSocket.CLOSING, SockjetWebSocket.CLOSED]).to.deep.equal([0, 1, 2, 3]);
    const p = SockjetWebSocket.prototype;
    expect([p.CONNECTING, p.OPEN, p.CLOSING, p.CLOSED]).to.deep.equal([0, 1, 2, 3]);
    for (const k of ['onopen', 'onmessage', 'onclose', 'onerror']) expect(Object.getOwnPropertyDescriptor(p, k)?.set).to.be.a('function');
    expect(p).to.be.instanceOf(EventTarget);
  });
});
