import { expect } from 'chai';
import { createServer } from 'node:http';
import { WebSocket, WebSocketServer } from 'ws';
import { startSocketIoServer, startSockjetServer } from '../support/socket-test-server.js';
import { cleanup, connect } from './helpers.js';
import { once } from '../support/events.js';
import { listen } from '../support/net.js';

/*
 * Over WebSocket the client writes its namespace CONNECT as soon as the socket opens, without waiting for the
 * Engine.IO open packet: it saves a round trip on every connect. Both servers write their open packet first,
 * so a `40` arriving at once is read after it.
 */

/** A raw WebSocket that sends `40` in its open event and collects the first two messages. */
async function rawEarlyConnect(url: string): Promise<string[]> {
  const ws = new WebSocket(url.replace(/^http/, 'ws') + '/socket.io/?EIO=4&transport=websocket');
  const got: string[] = [];
  await new Promise<void>((resolve, reject) => {
    ws.on('open', () => ws.send('40'));
    ws.on('message', (m) => got.push(String(m)) == 2 && resolve());
    ws.on('error', reject);
  });
  ws.close();
  await once(ws, 'close');
  return got;
}

/** A bare ws server on 127.0.0.1 that scripts the server's side of a session; `close()` tears it all down. */
async function scriptedServer(onConnection: (ws: WebSocket) => void): Promise<{ port: number; url: string; close(): Promise<void> }> {
  const http = createServer();
  const wss = new WebSocketServer({ server: http });
  wss.on('connection', onConnection);
  const port = await listen(http);
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    async close() {
      for (const c of wss.clients) c.terminate();
      wss.close();
      http.closeAllConnections();
      await new Promise((r) => http.close(r));
    },
  };
}

describe('client: namespace CONNECT before the Engine.IO handshake', () => {
  afterEach(cleanup);

  for (const [name, start] of [
    ['sockjet', startSockjetServer],
    ['socket.io', startSocketIoServer],
  ] as const) {
    it(`the ${name} server answers a 40 sent the moment the WebSocket opens`, async () => {
      const srv = await start({});
      try {
        const [open, connected] = await rawEarlyConnect(srv.url);
        expect(open).to.match(/^0\{"sid":/);
        expect(connected).to.match(/^40\{"sid":/);
      } finally {
        await srv.close();
      }
    });

    it(`the client connects to the ${name} server over WebSocket`, async () => {
      const srv = await start({});
      try {
        const socket = connect(srv.url, { transports: ['websocket'] });
        await once(socket, 'connect');
        expect(socket.id).to.be.a('string');
      } finally {
        await cleanup();
        await srv.close();
      }
    });
  }

  it('writes the CONNECT before it has read anything from the server', async () => {
    // This server says nothing until it has read the CONNECT: a client that waited for the open packet hangs.
    const first: string[] = [];
    const server = await scriptedServer((ws) =>
      ws.once('message', (m) => {
        first.push(String(m));
        ws.send('0{"sid":"s1","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}');
        ws.send('40{"sid":"n1"}');
      }),
    );
    try {
      const socket = connect(server.url, { transports: ['websocket'] });
      await once(socket, 'connect');
      expect(first).to.deep.equal(['40']);
      expect(socket.id).to.equal('n1');
    } finally {
      await cleanup();
      await server.close();
    }
  });

  it('a second connect() while the connection opens sends no second CONNECT', async () => {
    const got: string[] = [];
    let seen!: () => void;
    const event = new Promise<void>((r) => (seen = r));
    const server = await scriptedServer((ws) => {
      ws.send('0{"sid":"s1","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}');
      ws.on('message', (m) => {
        got.push(String(m));
        if (String(m) == '40') ws.send('40{"sid":"n1"}');
        if (String(m).startsWith('42')) seen();
      });
    });
    try {
      const socket = connect(server.url, { transports: ['websocket'] });
      socket.connect();
      await once(socket, 'connect');
      socket.connect();
      socket.emit('x');
      await event;
      expect(got).to.deep.equal(['40', '42["x"]']);
    } finally {
      await cleanup();
      await server.close();
    }
  });

  it('sends the CONNECT again when the WebSocket dies before the handshake and long-polling takes over', async () => {
    // The first WebSocket is accepted, reads the CONNECT, then closes without a word: the session falls back to
    // long-polling, which must carry the CONNECT again.
    const srv = await startSocketIoServer({});
    const hangUp = await scriptedServer((ws) => ws.once('message', () => ws.close()));
    try {
      // Polling goes to the real server; the WebSocket to the one that hangs up.
      const { port } = hangUp;
      const socket = connect(srv.url, {
        WebSocket: class extends WebSocket {
          constructor(url: string) {
            super(url.replace(/:\d+\//, `:${port}/`));
          }
        } as unknown as typeof globalThis.WebSocket,
      });
      await once(socket, 'connect');
      expect(socket.id).to.be.a('string');
    } finally {
      await cleanup();
      await srv.close();
      await hangUp.close();
    }
  });
});
