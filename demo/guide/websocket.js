// The WebSocket drop-in: code written for the standard WebSocket API, on an Engine that may restart.
// Prints and exits.
import { createServer } from 'node:http';
import { Engine } from 'sockjet/server';
import { WebSocket } from 'sockjet/websocket';
/** @import { Server as HttpServer } from 'node:http' */
/** @import { AddressInfo } from 'node:net' */
/** @typedef {{ engine: Engine, http: HttpServer }} Running an Engine and the http.Server it answers on */

/**
 * An Engine on `port` (0: any free one), once it listens.
 * @param {number} port
 * @returns {Promise<Running>}
 */
function startEngine(port) {
  const http = createServer();
  const engine = new Engine();
  engine.attach(http); // answers under /engine.io/
  engine.on('connection', (conn) => {
    conn.on('message', (data) => conn.send(typeof data === 'string' ? data.toUpperCase() : data));
  });
  return new Promise((resolve) => http.listen(port, () => resolve({ engine, http })));
}

let server = await startEngine(0);
const { port } = /** @type {AddressInfo} */ (server.http.address());
/** @param {Running} server */
const stop = ({ engine, http }) => (engine.close(), new Promise((resolve) => http.close(resolve)));

const ws = new WebSocket(`ws://localhost:${port}/`, [], { reconnectionDelay: 100, reconnectionDelayMax: 500 });
ws.binaryType = 'arraybuffer';
let opens = 0;
ws.onopen = () => {
  opens += 1;
  console.log('open', opens);
  if (opens === 1) ws.send('hello');
  else ws.send(new Uint8Array([1, 2, 3]));
};
/** @param {MessageEvent} event */
ws.onmessage = async (event) => {
  if (typeof event.data === 'string') {
    console.log('message:', event.data);
    await stop(server); // the client fires close, then reconnects on its own
    server = await startEngine(port);
  } else {
    console.log('binary:', [...new Uint8Array(event.data)].join(','), 'still', ws.binaryType);
    ws.close(1000, 'done'); // no reconnect after this
  }
};
/** @param {CloseEvent} event */
ws.onclose = (event) => {
  console.log('close', event.code, ws.readyState === WebSocket.CONNECTING ? 'reconnecting' : 'for good');
  if (ws.readyState === WebSocket.CLOSED) stop(server);
};
