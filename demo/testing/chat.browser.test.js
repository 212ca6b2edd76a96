// The chat client under web-test-runner, against a real sockjet server that runs the chat's own server code
// (see web-test-runner.config.mjs). Run: npm run test:demo-testing
import { expect } from 'chai';
import { startServer, waitFor } from 'sockjet/testing/browser';
import { mountChat } from './chat-client.js';

describe('chat client', () => {
  /** @type {ReturnType<typeof mountChat> | undefined} */
  let chat;
  afterEach(() => chat?.close());

  const banner = () => /** @type {HTMLElement} */ (document.querySelector('.banner'));

  it('shows the reconnect banner while the server restarts, then connected again', async () => {
    const server = await startServer();
    chat = mountChat(document.body, { url: server.url, name: 'ada', reconnectionDelay: 100 });
    await waitFor(chat.socket, 'connect');
    expect(banner().dataset.state).to.equal('connected');

    // Listen first: the disconnect can come before restart() resolves.
    const lost = waitFor(chat.socket, 'disconnect');
    const back = waitFor(chat.socket, 'connect', { timeout: 5000 });
    await server.restart();
    await lost;
    expect(banner().dataset.state).to.equal('reconnecting');
    expect(banner().textContent).to.contain('reconnecting');
    await back;
    expect(banner().dataset.state).to.equal('connected');
  });

  it('falls back to long-polling when WebSocket is blocked, and still chats', async () => {
    const server = await startServer();
    await server.block(true);
    chat = mountChat(document.body, { url: server.url, name: 'bob' });
    await waitFor(chat.socket, 'connect');
    expect(banner().textContent).to.equal('connected via polling');
    expect((await server.sockets()).map((s) => s.transport)).to.deep.equal(['polling']);

    const echoed = waitFor(chat.socket, 'message');
    const input = /** @type {HTMLInputElement} */ (document.querySelector('input[name=text]'));
    input.value = 'over polling';
    input.form?.requestSubmit();
    await echoed;
    expect(document.querySelector('.messages')?.textContent).to.equal('bob: over polling');
  });
});
