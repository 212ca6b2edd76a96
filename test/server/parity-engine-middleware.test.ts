import { expect } from 'chai';
import express from 'express';
import session from 'express-session';
import helmet from 'helmet';
import { createServer, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { WebSocket } from 'ws';
import { request } from './engine/engine-helpers.js';
import { eachServer, startServer, type ParityEnv } from './parity-helpers.js';
import { once } from '../support/events.js';
import type { Socket } from '../../src/server/socket.js';

type SessionRequest = IncomingMessage & { session: session.Session & { user?: string; visits?: number } };

/** The 101 response headers of a raw WebSocket handshake. */
function upgradeHeaders(env: ParityEnv, query = ''): Promise<IncomingHttpHeaders> {
  const ws = new WebSocket(`ws://127.0.0.1:${env.port}/socket.io/?EIO=4&transport=websocket${query}`);
  return new Promise((resolve, reject) => {
    ws.once('upgrade', (res) => {
      resolve(res.headers);
      ws.terminate();
    });
    ws.once('error', reject);
  });
}

eachServer('Engine middlewares parity (io.engine.use)', (kind) => {
  let env: ParityEnv;

  beforeEach(async () => {
    env = await startServer(kind, { pingInterval: 10_000, pingTimeout: 5_000 });
  });

  afterEach(() => env.close());

  it("express-session as in Socket.IO's guide: the session of the page, on both transports", async () => {
    await env.close();
    const app = express();
    const sessionMiddleware = session({ secret: 'changeit', resave: true, saveUninitialized: true });
    app.use(sessionMiddleware);
    app.get('/login', (req, res) => {
      (req as unknown as SessionRequest).session.user = 'alice';
      res.end('ok');
    });
    env = await startServer(kind, {}, createServer(app));
    env.io.engine.use(sessionMiddleware as never);
    env.io.on('connection', (socket) => {
      const req = socket.request as SessionRequest;
      socket.on('whoami', (ack: (user?: string) => void) => ack(req.session.user));
    });
    const login = await request(env.port, '/login');
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    for (const transports of [['polling'], ['websocket']] as const) {
      const client = env.client('/', { transports: [...transports], extraHeaders: { cookie } });
      expect(await client.emitWithAck('whoami'), transports[0]).to.equal('alice');
      client.disconnect();
    }
  });

  it('helmet sets its headers on long-polling responses and on the 101 response', async () => {
    env.io.engine.use(helmet() as never);
    const res = await request(env.port, '/socket.io/?EIO=4&transport=polling');
    expect(res.headers['x-content-type-options']).to.equal('nosniff');
    expect((await upgradeHeaders(env))['x-content-type-options']).to.equal('nosniff');
  });

  it("runs on every request, and req._query tells a handshake (the guide's onlyForHandshake)", async () => {
    const seen: string[] = [];
    env.io.engine.use((req, _res, next) => {
      seen.push((req as IncomingMessage & { _query: Record<string, string> })._query.sid === undefined ? 'handshake' : 'session');
      next();
    });
    const client = env.client('/', { transports: ['polling'] });
    await once(client, 'connect');
    expect(seen[0]).to.equal('handshake');
    expect(seen.slice(1)).to.include('session');
    expect(seen.slice(1)).to.not.include('handshake');
  });

  it('a middleware error refuses the request with Bad request', async () => {
    env.io.engine.use((_req, _res, next) => next(new Error('nope')));
    const errors = once<[{ code: number; context: { name: string } }]>(env.io.engine, 'connection_error');
    const res = await request(env.port, '/socket.io/?EIO=4&transport=polling');
    expect([res.status, JSON.parse(res.text)]).to.deep.equal([400, { code: 3, message: 'Bad request' }]);
    const [err] = await errors;
    expect([err.code, err.context.name]).to.deep.equal([3, 'MIDDLEWARE_FAILURE']);
  });

  it('initial_headers and headers events set headers on the handshake and on every response', async () => {
    env.io.engine.on('initial_headers', (headers) => {
      headers['x-initial'] = '1';
    });
    env.io.engine.on('headers', (headers) => {
      headers['x-every'] = '1';
    });
    const connected = once<[Socket]>(env.io, 'connection');
    const handshake = await request(env.port, '/socket.io/?EIO=4&transport=polling');
    expect([handshake.headers['x-initial'], handshake.headers['x-every']]).to.deep.equal(['1', '1']);
    const sid = (JSON.parse(handshake.text.slice(1)) as { sid: string }).sid;
    const post = await request(env.port, `/socket.io/?EIO=4&transport=polling&sid=${sid}`, { method: 'POST', body: '40' });
    expect([post.headers['x-initial'], post.headers['x-every']]).to.deep.equal([undefined, '1']);
    await connected;
    const upgrade = await upgradeHeaders(env);
    expect([upgrade['x-initial'], upgrade['x-every']]).to.deep.equal(['1', '1']);
  });
});
