// REST endpoints beside sockets on one plain `http` server (the same works with Express: pass its server).
//   GET  /clients-count        how many clients are connected
//   POST /client/:id           {"message"} to that one socket; 404 when the id is unknown
//   POST /broadcast            {"message"} to everyone on the main namespace
// Two namespaces: `/` for everyone and `/admin`, which hears about every private message sent.
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';
import { Server } from 'sockjet/server';
/** @import { IncomingMessage, ServerResponse } from 'node:http' */
/** @import { AddressInfo } from 'node:net' */

const MAX_BODY = 16 * 1024;

/**
 * @param {ServerResponse} res
 * @param {number} status
 * @param {unknown} body
 */
function json(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/**
 * Reads a small JSON body; answers 413 / 400 itself and resolves undefined when it did.
 * @param {IncomingMessage} req
 * @param {ServerResponse} res
 * @returns {Promise<{ message?: unknown } | undefined>}
 */
function readJson(req, res) {
  return new Promise((resolve) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => {
      body += chunk;
      if (body.length > MAX_BODY) {
        json(res, 413, { message: 'body too large' });
        req.destroy();
        resolve(undefined);
      }
    });
    req.on('end', () => {
      try {
        resolve(JSON.parse(body || '{}'));
      } catch {
        json(res, 400, { message: 'the body is not JSON' });
        resolve(undefined);
      }
    });
  });
}

export function createApp() {
  const http = createServer(async (req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    if (req.method === 'GET' && pathname === '/clients-count') {
      return json(res, 200, { count: io.engine.clientsCount });
    }
    if (req.method === 'POST' && pathname === '/broadcast') {
      const body = await readJson(req, res);
      if (!body) return;
      io.emit('broadcast', body.message);
      return json(res, 200, { sent: io.of('/').sockets.size });
    }
    const target = /^\/client\/([^/]+)$/.exec(pathname);
    if (req.method === 'POST' && target) {
      const body = await readJson(req, res);
      if (!body) return;
      const id = decodeURIComponent(target[1]);
      const socket = io.of('/').sockets.get(id);
      if (!socket) return json(res, 404, { message: `no client with id ${id}` });
      socket.emit('private', body.message);
      io.of('/admin').emit('private-sent', { to: id });
      return json(res, 200, { sent: 1 });
    }
    json(res, 404, { message: 'not found' });
  });
  const io = new Server(http);
  io.on('connection', (socket) => socket.emit('hello', { id: socket.id }));
  io.of('/admin').on('connection', (socket) => socket.emit('hello', { id: socket.id, admin: true }));
  return { http, io };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { http } = createApp();
  http.listen(Number(process.env.PORT ?? 3001), () => {
    const { port } = /** @type {AddressInfo} */ (http.address());
    console.log(`REST + sockets on http://localhost:${port}`);
    console.log(`  curl localhost:${port}/clients-count`);
    console.log(`  curl -X POST localhost:${port}/client/<id> -d '{"message":"hi"}'`);
  });
}
