import { expect } from 'chai';
import { createServer } from 'node:http';
import { Server } from '../../src/server/server.js';
import { RawWs } from './engine/engine-helpers.js';
import { listen } from '../support/net.js';

describe('CONNECT before the open packet was read', () => {
  it('answers a CONNECT sent the moment the WebSocket opened, so a client may skip a round trip', async () => {
    const http = createServer();
    const io = new Server(http);
    const port = await listen(http);
    const raw = new RawWs(`ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket`);
    try {
      // Sent from the open handler, before the client has read any frame.
      raw.ws.once('open', () => raw.ws.send('40'));
      const open = JSON.parse(((await raw.next()) as string).slice(1)) as { sid: string };
      expect(open.sid).to.be.a('string');
      const connect = (await raw.next()) as string;
      expect(connect).to.match(/^40\{"sid":"[\w-]{20}"\}$/);
      expect(io.of('/').sockets.size).to.equal(1);
    } finally {
      raw.ws.terminate();
      await io.close();
    }
  });
});
