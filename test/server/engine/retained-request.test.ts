import { expect } from 'chai';
import { closeAfterEach, RawWs, startEngine, type Harness } from './engine-helpers.js';
import type { Connection } from '../../../src/server/engine/index.js';
import { once } from '../../support/events.js';

describe('The handshake request a session keeps (conn.request)', () => {
  let h: Harness;
  const raws = closeAfterEach(() => h);

  async function open(query = ''): Promise<Connection> {
    const conn = once<[Connection]>(h.engine, 'connection');
    raws.push(await RawWs.open(h, query));
    return (await conn)[0];
  }

  it('still says everything it said, and takes listeners', async () => {
    h = await startEngine();
    const a = await open('&token=abc');
    const b = await open('&token=abc');
    for (const conn of [a, b]) {
      const req = conn.request;
      expect(req.method).to.equal('GET');
      expect(req.url).to.equal('/engine.io/?EIO=4&transport=websocket&token=abc');
      expect(req.httpVersion).to.equal('1.1');
      expect(req.headers.upgrade).to.equal('websocket');
      expect(req.headers['sec-websocket-key']).to.be.a('string');
      expect(req.rawHeaders).to.include('Sec-WebSocket-Version');
      expect(req.socket.remoteAddress).to.equal('127.0.0.1');
      expect(req.destroyed).to.equal(false);
      let closed = 0;
      req.on('close', () => closed++);
      req.emit('close');
      expect(closed).to.equal(1);
    }
    // Each request has its own key, and equal strings are equal whatever object holds them.
    expect(a.request.headers['sec-websocket-key']).not.to.equal(b.request.headers['sec-websocket-key']);
    expect(a.request.headers.host).to.equal(b.request.headers.host);
  });
});
