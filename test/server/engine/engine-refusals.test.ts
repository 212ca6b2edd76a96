import { expect } from 'chai';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server as EngineIoServer } from 'engine.io';
import type { EngineConnectionError, EngineOptions } from '../../../src/server/engine/index.js';
import { parseOpen, refusedUpgrade, request, startEngine } from './engine-helpers.js';

/*
 * Requests wrong in more than one way, sent to sockjet's Engine and to the official engine.io Server with the same
 * expectations: each gets the refusal engine.io gives it (status, error code, and the context's name), which
 * depends on the order the checks run in.
 */

const KINDS = ['sockjet', 'engine.io'] as const;

interface Env {
  port: number;
  /** Each connection_error: its code and its context's name, if any. */
  errors: [number, string | undefined][];
  close(): Promise<void>;
}

type Refusal = { status: number; code: number; name?: string };

async function start(kind: (typeof KINDS)[number], options: Partial<EngineOptions>): Promise<Env> {
  const errors: Env['errors'] = [];
  const record = (e: EngineConnectionError): number => errors.push([e.code, (e.context as { name?: string } | undefined)?.name]);
  if (kind === 'sockjet') {
    const h = await startEngine(options);
    h.engine.on('connection_error', record);
    return { port: h.port, errors, close: () => h.close() };
  }
  const http = createServer();
  const engine = new EngineIoServer(options as never);
  engine.attach(http);
  engine.on('connection_error', record);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return {
    port: (http.address() as AddressInfo).port,
    errors,
    async close() {
      engine.close();
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
    },
  };
}

interface Case {
  title: string;
  options?: Partial<EngineOptions>;
  /** The request, given the id of a fresh long-polling session when `session` is set. */
  send(port: number, sid: string): Promise<{ status: number; body?: unknown }>;
  session?: boolean;
  refusal: Refusal;
}

const path = '/engine.io/';
const get = (query: string) => async (port: number, sid: string) => {
  const res = await request(port, `${path}?${query.replace('SID', sid)}`);
  return { status: res.status, body: JSON.parse(res.text) as unknown };
};
const postTo = (query: string) => async (port: number) => {
  const res = await request(port, `${path}?${query}`, { method: 'POST', body: '4x' });
  return { status: res.status, body: JSON.parse(res.text) as unknown };
};

const CASES: Case[] = [
  {
    title: 'an unknown transport with an unsupported revision: Transport unknown',
    send: get('EIO=5&transport=carrier-pigeon'),
    refusal: { status: 400, code: 0 },
  },
  {
    title: 'a POST handshake with an unsupported revision: Bad handshake method',
    send: postTo('EIO=5&transport=polling'),
    refusal: { status: 400, code: 2 },
  },
  {
    title: 'a POST handshake for a WebSocket: Bad handshake method',
    send: postTo('EIO=4&transport=websocket'),
    refusal: { status: 400, code: 2 },
  },
  {
    title: 'a WebSocket GET without an upgrade for an unknown session: Session ID unknown',
    send: get('EIO=4&transport=websocket&sid=nope'),
    refusal: { status: 400, code: 1 },
  },
  {
    title: 'a handshake allowRequest refuses, with an unsupported revision: Forbidden',
    options: { allowRequest: (_req, fn) => fn('no', false) },
    send: get('EIO=5&transport=polling'),
    refusal: { status: 403, code: 4 },
  },
  {
    title: 'a v3 poll of a v4 session: Bad request, PROTOCOL_MISMATCH',
    options: { allowEIO3: true },
    session: true,
    send: get('EIO=3&transport=polling&sid=SID'),
    refusal: { status: 400, code: 3, name: 'PROTOCOL_MISMATCH' },
  },
  {
    title: 'a poll of a v4 session with an unsupported revision: Bad request, PROTOCOL_MISMATCH',
    session: true,
    send: get('EIO=5&transport=polling&sid=SID'),
    refusal: { status: 400, code: 3, name: 'PROTOCOL_MISMATCH' },
  },
  {
    title: 'a v3 WebSocket upgrading a v4 session: 400, PROTOCOL_MISMATCH',
    options: { allowEIO3: true },
    session: true,
    send: async (port, sid) => ({ status: await refusedUpgrade(`ws://127.0.0.1:${port}${path}?EIO=3&transport=websocket&sid=${sid}`) }),
    refusal: { status: 400, code: 3, name: 'PROTOCOL_MISMATCH' },
  },
];

const MESSAGES: Record<number, string> = { 0: 'Transport unknown', 1: 'Session ID unknown', 2: 'Bad handshake method', 3: 'Bad request' };

for (const kind of KINDS) {
  describe(`Engine refusals in engine.io's order (${kind})`, () => {
    let env: Env | undefined;
    afterEach(async () => {
      await env?.close();
      env = undefined;
    });

    for (const { title, options = {}, session, send, refusal } of CASES) {
      it(title, async () => {
        env = await start(kind, options);
        const sid = session ? parseOpen((await request(env.port, `${path}?EIO=4&transport=polling`)).text).sid : '';
        const res = await send(env.port, sid);
        expect(res.status).to.equal(refusal.status);
        if (res.body !== undefined) expect(res.body).to.deep.equal({ code: refusal.code, message: MESSAGES[refusal.code] ?? 'no' });
        expect(env.errors).to.deep.equal([[refusal.code, refusal.name]]);
      });
    }
  });
}
