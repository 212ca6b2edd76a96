import { expect } from 'chai';
// @ts-expect-error: the demo is plain JavaScript, written as a user would
import { createApp } from '../../demo/express/server.js';
import { client, listenUrl } from './demo-helpers.js';
import { once } from '../support/events.js';
import type { Socket } from '../../src/client/index.js';

describe('demo/express: REST endpoints beside sockets', () => {
  let app: { http: import('node:http').Server; io: { close(): Promise<void> } };
  let url: string;
  const sockets: Socket[] = [];

  beforeEach(async () => {
    app = createApp();
    url = await listenUrl(app.http);
  });
  afterEach(async () => {
    sockets.splice(0).forEach((s) => s.disconnect());
    await app.io.close();
  });

  async function connect(nsp = '') {
    const socket = client(url + nsp);
    sockets.push(socket);
    const [hello] = await once<[{ id: string }]>(socket, 'hello');
    return { socket, id: hello.id };
  }
  const post = (path: string, body: unknown) =>
    fetch(url + path, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

  it('counts the connected clients', async () => {
    await connect();
    await connect();
    const res = await fetch(`${url}/clients-count`);
    expect(await res.json()).to.deep.equal({ count: 2 });
  });

  it('POST /client/:id reaches that one socket and no other', async () => {
    const a = await connect();
    const b = await connect();
    const admin = await connect('/admin');
    const bEvents: string[] = [];
    b.socket.onAny((event: string) => bEvents.push(event));

    const privateMessage = once(a.socket, 'private');
    const adminNotice = once(admin.socket, 'private-sent');
    const res = await post(`/client/${encodeURIComponent(a.id)}`, { message: 'for a only' });
    expect(res.status).to.equal(200);
    expect((await privateMessage)[0]).to.equal('for a only');
    expect((await adminNotice)[0]).to.deep.equal({ to: a.id });

    // Events on one connection arrive in order: once b has the broadcast sent after, it has had all before it.
    const broadcast = once(b.socket, 'broadcast');
    await post('/broadcast', { message: 'everyone' });
    expect((await broadcast)[0]).to.equal('everyone');
    expect(bEvents).to.deep.equal(['broadcast']);
  });

  it('answers 404 with a JSON message for an unknown id', async () => {
    const res = await post('/client/nobody', { message: 'hi' });
    expect(res.status).to.equal(404);
    expect(await res.json()).to.deep.equal({ message: 'no client with id nobody' });
  });
});
