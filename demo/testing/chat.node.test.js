// The chat's server code under mocha, with sockjet clients in Node. Run: npx mocha demo/testing/chat.node.test.js
import { expect } from 'chai';
import { createTestServer, waitFor } from 'sockjet/testing';
import { installChat } from './chat-server.js';
/** @import { TestServer } from 'sockjet/testing' */

describe('chat server', () => {
  /** @type {TestServer} */
  let server;
  beforeEach(async () => {
    server = await createTestServer(installChat);
  });
  // Closes the server and every client connectClient made: mocha can end without --exit.
  afterEach(() => server.close());

  it('passes a message to everyone, with the sender name', async () => {
    const ada = await server.connectClient({ auth: { name: 'ada' } });
    const bob = await server.connectClient({ auth: { name: 'bob' } });
    const received = waitFor(bob, 'message');
    expect(await ada.timeout(2000).emitWithAck('message', 'hi')).to.deep.equal({ ok: true });
    expect(await received).to.deep.equal([{ from: 'ada', text: 'hi' }]);
    expect(server.sockets().map((s) => /** @type {{ name: string }} */ (s.data).name).sort()).to.deep.equal(['ada', 'bob']);
  });

  it('refuses a client without a name', async () => {
    const err = await server.connectClient().catch((e) => e);
    expect(err.message).to.equal('a name is required');
  });

  it('keeps chatting after a dropped connection', async () => {
    const ada = await server.connectClient({ auth: { name: 'ada' } });
    const back = waitFor(ada, 'connect');
    server.cut();
    await back;
    expect(await ada.timeout(2000).emitWithAck('message', 'still here')).to.deep.equal({ ok: true });
  });
});
