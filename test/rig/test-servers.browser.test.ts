import { expect } from 'chai';
import { executeServerCommand } from '@web/test-runner-commands';
import { once } from '../support/events.js';

interface Started {
  id: number;
  url: string;
  port: number;
}

const nextEvent = <K extends keyof WebSocketEventMap>(ws: WebSocket, type: K) =>
  once<[WebSocketEventMap[K]]>(ws, type).then(([event]) => event);

describe('test server plugin', () => {
  it('starts a server on 127.0.0.1 that a native WebSocket reaches, and stops and restarts it on the same port', async () => {
    const { id, url, port } = await executeServerCommand<Started, unknown>('server:start', { kind: 'ws-echo' });
    expect(url).to.equal(`ws://127.0.0.1:${port}`);

    const ws = new WebSocket(url);
    await nextEvent(ws, 'open');
    ws.send('hello');
    expect((await nextEvent(ws, 'message')).data).to.equal('hello');

    const closed = nextEvent(ws, 'close');
    await executeServerCommand('server:stop', { id });
    expect((await closed).wasClean).to.equal(false);

    const restarted = await executeServerCommand<{ url: string }, unknown>('server:restart', { id });
    expect(restarted.url).to.equal(url);
    const again = new WebSocket(url);
    await nextEvent(again, 'open');
    again.close();
    await nextEvent(again, 'close');
    await executeServerCommand('server:close', { id });
  });

  it('rejects an unknown server kind with a clear message', async () => {
    let error: unknown;
    try {
      await executeServerCommand('server:start', { kind: 'no-such-kind' });
    } catch (err) {
      error = err;
    }
    expect(String(error)).to.contain('unknown test server kind "no-such-kind"');
  });
});
