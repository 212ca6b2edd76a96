import { expect } from 'chai';
import type { Socket } from '../../src/client/index.js';
import { startChat, stopChat, type Chat } from './chat-helpers.js';
import { client } from './demo-helpers.js';
import { once } from '../support/events.js';

/** The chat server's rules, from a Node client: what it stores, what it refuses, and its limits. */
describe('demo/chat server', function () {
  this.timeout(30_000);
  let chat: Chat;
  let url: string;
  const sockets: Socket[] = [];

  // A fresh server for each test: its channels and history are the test's own.
  beforeEach(async () => {
    chat = await startChat(0);
    url = `http://127.0.0.1:${chat.port}`;
  });
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.disconnect();
    await stopChat(chat.child);
  });

  async function person(name: string): Promise<Socket> {
    const socket = client(url, { auth: { name } });
    sockets.push(socket);
    await once(socket, 'connect');
    return socket;
  }
  const ask = (socket: Socket, event: string, ...args: unknown[]) =>
    (socket.timeout(5000) as unknown as { emitWithAck(...a: unknown[]): Promise<any> }).emitWithAck(event, ...args);

  it('refuses a missing or too long nickname with a reason the page can show', async () => {
    for (const name of ['', 'x'.repeat(33)]) {
      const socket = client(url, { auth: { name } });
      sockets.push(socket);
      const [err] = await once<[Error & { data?: { field: string } }]>(socket, 'connect_error');
      expect(err.message).to.equal('a nickname of 1 to 32 characters is required');
      expect(err.data).to.deep.equal({ field: 'name' });
    }
  });

  it('answers bad payloads with an error and carries on', async () => {
    const ann = await person('ann');
    expect(await ask(ann, 'join', null, null)).to.deep.equal({ error: 'channel names look like #kebab-case' });
    expect(await ask(ann, 'join', '#Not Valid', {})).to.deep.equal({ error: 'channel names look like #kebab-case' });
    expect(await ask(ann, 'message', null)).to.deep.equal({ error: 'not delivered' });
    expect(await ask(ann, 'message', { room: ann.id, text: 'to my own room' })).to.deep.equal({ error: 'not delivered' });
    expect(await ask(ann, 'message', { room: '#elsewhere', text: 'not joined' })).to.deep.equal({ error: 'not delivered' });
    expect(await ask(ann, 'message', { room: '#general', text: 'x'.repeat(2001) })).to.deep.equal({ error: 'not delivered' });
    expect(await ask(ann, 'message', { room: '#general', text: 'hi', cid: 'no spaces please' })).to.deep.equal({ error: 'bad message id' });
    expect((await ask(ann, 'message', { room: '#general', text: 'x'.repeat(2000) })).ok).to.equal(true);
  });

  it('stores a message once, even when it is sent again after a lost ack', async () => {
    const ann = await person('ann');
    const first = await ask(ann, 'message', { room: '#general', text: 'once', cid: 'c-1' });
    const again = await ask(ann, 'message', { room: '#general', text: 'once', cid: 'c-1' });
    expect(again.message).to.deep.equal(first.message);
    const { history } = await ask(ann, 'join', '#general', { quiet: true });
    expect(history.filter((m: { cid?: string }) => m.cid === 'c-1')).to.have.length(1);
  });

  it('keeps the last 50 messages of a channel and serves them on join', async () => {
    const ann = await person('ann');
    await ask(ann, 'join', '#busy', { quiet: true });
    for (let i = 1; i <= 51; i++) await ask(ann, 'message', { room: '#busy', text: `n${i}` });
    const ben = await person('ben');
    const { history } = await ask(ben, 'join', '#busy', { quiet: true });
    expect(history.map((m: { text: string }) => m.text)).to.deep.equal(Array.from({ length: 50 }, (_, i) => `n${i + 2}`));
  });

  it('lets one connection be in at most 20 channels', async () => {
    const ann = await person('ann');
    for (let i = 1; i < 20; i++) expect(await ask(ann, 'join', `#mine-${i}`, { quiet: true })).to.have.property('ok', true);
    expect(await ask(ann, 'join', '#one-too-many', { quiet: true })).to.deep.equal({ error: 'at most 20 channels at a time' });
    expect(await ask(ann, 'join', '#mine-1', { quiet: true }), 'a channel it is in already').to.have.property('ok', true);
  });

  it('stores at most 200 channels', async () => {
    // Each announced join stores a line, so it makes a stored channel; 11 people x 19 more than fill the server.
    const stored = new Set(['#general']);
    await ask(await person('first'), 'message', { room: '#general', text: 'a stored line in #general' });
    let refused;
    for (let p = 0; p < 11 && !refused; p++) {
      const someone = await person(`p${p}`);
      for (let i = 0; i < 19 && !refused; i++) {
        const answer = await ask(someone, 'join', `#p${p}-${i}`, {});
        if (answer.error) refused = answer;
        else stored.add(`#p${p}-${i}`);
      }
    }
    expect(refused).to.deep.equal({ error: 'too many channels on this server' });
    expect(stored.size).to.equal(200);
  });

  it('lets a person who signs out leave the online list (closing the tab is a deliberate disconnect)', async () => {
    const ann = await person('ann');
    const ben = await person('ben');
    const online = new Promise<string[]>((resolve) => {
      ann.on('online' as never, ((names: string[]) => !names.includes('ben') && resolve(names)) as never);
    });
    ben.disconnect();
    expect(await online).to.deep.equal(['ann']);
  });
});
