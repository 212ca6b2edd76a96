import { expect } from 'chai';
import { executeServerCommand } from '@web/test-runner-commands';
import { WebSocket, type WebSocketOptions } from '../../src/client/websocket.js';
import { record } from './helpers.js';

interface Started {
  id: number;
  url: string;
}

describe('sockjet WebSocket: reconnection, buffering, fallback', () => {
  const servers: number[] = [];
  const sockets: WebSocket[] = [];
  const start = async (options: Record<string, unknown> = {}) => {
    const s = await executeServerCommand<Started, unknown>('server:start', { kind: 'engine-echo', options });
    servers.push(s.id);
    return s;
  };
  const action = <T>(id: number, name: string, args?: unknown) => executeServerCommand<T, unknown>('server:action', { id, name, args });
  const open = (url: ConstructorParameters<typeof WebSocket>[0], opts: Partial<WebSocketOptions> = {}) => {
    const ws = new WebSocket(url, undefined, { reconnectionDelay: 20, reconnectionDelayMax: 50, ...opts });
    sockets.push(ws);
    return ws;
  };

  afterEach(async () => {
    sockets.splice(0).forEach((ws) => ws.close());
    for (const id of servers.splice(0)) await executeServerCommand('server:close', { id });
  });

  it('fires close (readyState CONNECTING) and open again across a server restart, keeping binaryType', async () => {
    const { id, url } = await start();
    const ws = open(url);
    ws.binaryType = 'arraybuffer';
    const r = record(ws);
    await r.until('open');
    await executeServerCommand('server:stop', { id });
    await r.until('close');
    await r.until('error');
    await executeServerCommand('server:restart', { id });
    await r.until('open', 2);
    ws.send(new Uint8Array([1, 2]));
    await r.until('message');
    const entries = await r.entries();
    expect(entries[1]!.type).to.equal('close');
    expect(entries[1]!.readyState).to.equal(WebSocket.CONNECTING);
    expect(entries[2]).to.deep.equal({ type: 'error', readyState: WebSocket.CONNECTING });
    expect(entries.at(-1)!.detail).to.deep.equal(['ArrayBuffer', [1, 2]]);
    // Each failed attempt meanwhile fires error then close (1006), as a native WebSocket that fails to connect.
    expect(r.types.join(' ')).to.match(/^open close( error close)+ open message$/);
    const closes = r.types.filter((t) => t == 'close').length;
    ws.close(1000);
    await r.until('close', closes + 1);
    expect(ws.readyState).to.equal(WebSocket.CLOSED);
  });

  it('buffers sends while reconnecting and sends them in order on open; overflow is an error event', async () => {
    const { id, url } = await start();
    const ws = open(url, { maxBufferedMessages: 3 });
    const r = record(ws);
    await r.until('open');
    await executeServerCommand('server:stop', { id });
    await r.until('close');
    ws.send('a');
    ws.send(new Blob(['bc']));
    ws.send(new Uint8Array([4]));
    expect(ws.bufferedAmount).to.equal(4);
    const errors: { error?: { code?: string } }[] = [];
    ws.addEventListener('error', (e) => errors.push(e as never));
    ws.send('dropped');
    expect(errors.map((e) => e.error?.code)).to.deep.equal(['ERR_BUFFER_FULL']);
    await executeServerCommand('server:restart', { id });
    await r.until('message', 3);
    const messages = (await r.entries()).filter((e) => e.type == 'message').map((e) => e.detail);
    expect(messages).to.deep.equal([
      ['string', 'a'],
      ['Blob', '', [98, 99]],
      ['Blob', '', [4]],
    ]);
    expect(ws.bufferedAmount).to.equal(0);
  });

  it('falls back to long-polling when the server refuses WebSocket, text and binary intact', async () => {
    const { id, url } = await start({ transports: ['polling'] });
    const ws = open(url);
    const r = record(ws);
    await r.until('open');
    expect(await action<string[]>(id, 'transports')).to.deep.equal(['polling']);
    ws.send('ü');
    ws.send(new Blob([new Uint8Array([0, 200, 255])]));
    await r.until('message', 2);
    expect((await r.entries()).slice(1).map((e) => e.detail)).to.deep.equal([
      ['string', 'ü'],
      ['Blob', '', [0, 200, 255]],
    ]);
    ws.send('close:4004:over polling');
    await r.until('close');
    expect((await r.entries()).at(-1)).to.deep.equal({ type: 'close', readyState: 3, detail: [4004, 'over polling', true] });
  });

  it('calls a url function before every attempt (a fresh token each time)', async () => {
    const { id, url } = await start();
    let n = 0;
    const ws = open(async () => `${url}?token=t${++n}`);
    expect(ws.url).to.equal('');
    const r = record(ws);
    await r.until('open');
    expect(ws.url).to.equal(`${url}?token=t1`);
    // The server closes without a code: unexpected, so the client comes back.
    await action(id, 'closeAll', []);
    await r.until('open', 2);
    expect(await action<string[]>(id, 'queries')).to.deep.equal(['t1', 't2']);
    expect(ws.url).to.equal(`${url}?token=t2`);
    // With an application code the server means it: closed for good.
    await action(id, 'closeAll', [4000, 'kicked']);
    await r.until('close', 2);
    expect(ws.readyState).to.equal(WebSocket.CLOSED);
    expect((await r.entries()).map((e) => [e.type, e.readyState, e.detail])).to.deep.equal([
      ['open', 1, undefined],
      ['close', 0, [1005, '', true]],
      ['open', 1, undefined],
      ['close', 3, [4000, 'kicked', true]],
    ]);
  });

  it('without reconnection, a refused connection gives error then close 1006, as the native one does', async () => {
    const { id, url } = await start();
    await executeServerCommand('server:stop', { id });
    const results = [];
    for (const ws of [new globalThis.WebSocket(url), open(url, { reconnection: false })]) {
      const r = record(ws);
      await r.until('close');
      results.push(await r.entries());
    }
    expect(results[1]).to.deep.equal(results[0]);
    expect(results[0]).to.deep.equal([
      { type: 'error', readyState: 3 },
      { type: 'close', readyState: 3, detail: [1006, '', false] },
    ]);
  });

  it('close() while waiting to reconnect ends it for good: error, then close 1006', async () => {
    const { id, url } = await start();
    const ws = open(url);
    const r = record(ws);
    await r.until('open');
    await executeServerCommand('server:stop', { id });
    await r.until('close');
    ws.close();
    expect(ws.readyState).to.equal(WebSocket.CLOSING);
    await r.until('close', 2);
    const entries = await r.entries();
    expect(entries.slice(-2)).to.deep.equal([
      { type: 'error', readyState: 3 },
      { type: 'close', readyState: 3, detail: [1006, '', false] },
    ]);
  });
});
