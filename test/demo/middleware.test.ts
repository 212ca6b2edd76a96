import { expect } from 'chai';
// @ts-expect-error: the demo is plain JavaScript, written as a user would
import { createApp } from '../../demo/middleware/server.js';
import { client, listenUrl } from './demo-helpers.js';
import { once } from '../support/events.js';
import type { Socket } from '../../src/client/index.js';

describe('demo/middleware: auth, packet filtering and controllers', () => {
  let app: { http: import('node:http').Server; io: { close(): Promise<void>; engine: { clientsCount: number } } };
  let url: string;
  const sockets: Socket[] = [];
  const logged: string[] = [];

  beforeEach(async () => {
    logged.length = 0;
    app = createApp({ log: (line: string) => logged.push(line) });
    url = await listenUrl(app.http);
  });
  afterEach(async () => {
    sockets.splice(0).forEach((s) => s.disconnect());
    await app.io.close();
  });

  function connect(nsp: string, token: string) {
    const socket = client(url + nsp, { auth: { token } });
    sockets.push(socket);
    return socket;
  }

  it('rejects a bad token with its message and data', async () => {
    const [err] = await once<[Error & { data?: unknown }]>(connect('/', 'forged'), 'connect_error');
    expect(err.message).to.equal('invalid token');
    expect(err.data).to.deep.equal({ code: 'AUTH' });
  });

  it('keeps /admin to admins', async () => {
    const [err] = await once<[Error & { data?: unknown }]>(connect('/admin', 'token-bob'), 'connect_error');
    expect(err.message).to.equal('admins only');
    const alice = connect('/admin', 'token-alice');
    await once(alice, 'connect');
    const stats = await alice.emitWithAck('admin:stats');
    expect(stats).to.deep.equal({ ok: true, clients: app.io.engine.clientsCount });
  });

  it('routes events to controllers, and logs them', async () => {
    const bob = connect('/', 'token-bob');
    await once(bob, 'connect');
    const created = await bob.emitWithAck('todo:create', { title: 'write the guide' });
    expect(created).to.deep.include({ ok: true });
    expect(created.todo).to.deep.include({ title: 'write the guide', by: 'bob' });
    const list = await bob.emitWithAck('todo:list');
    expect(list.todos.at(-1)).to.deep.equal(created.todo);
    expect(logged).to.deep.equal(['bob -> todo:create', 'bob -> todo:list']);
  });

  it('filters events that no controller handles', async () => {
    const bob = connect('/', 'token-bob');
    await once(bob, 'connect');
    const rejected = once(bob, 'rejected');
    bob.emit('todos', 'sneaky');
    expect((await rejected)[0]).to.equal('unknown event "todos"');
    expect(logged).to.deep.equal([]);
  });
});
