import { expect } from 'chai';
import { createServer, request as httpRequest } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, Server as HttpServer } from 'node:http';
import { WebSocket } from 'ws';
import { Engine } from '../../../src/server/engine/index.js';
import type { AttachOptions, Connection, EngineOptions } from '../../../src/server/engine/index.js';
import { once } from '../../support/events.js';
import { closeHttp, listen } from '../../support/net.js';

export interface Harness {
  engine: Engine;
  server: HttpServer;
  port: number;
  /** Path plus query under the engine's path, e.g. `url('transport=polling')`. */
  url(query: string): string;
  close(): Promise<void>;
}

/** An Engine attached to a fresh http.Server on 127.0.0.1, port 0. */
export async function startEngine(options: Partial<EngineOptions> = {}, attach?: AttachOptions, server = createServer()): Promise<Harness> {
  const engine = new Engine(options).attach(server, attach);
  const port = await listen(server);
  return {
    engine,
    server,
    port,
    url: (query) => `${engine.options.path}?EIO=4&${query}`,
    async close() {
      await engine.close();
      await closeHttp(server);
    },
  };
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  text: string;
}

/** One HTTP request on its own connection (no keep-alive, so nothing lingers after the test). */
export function request(
  port: number,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: init.method ?? 'GET', headers: init.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({ status: res.statusCode!, headers: res.headers, body, text: body.toString() });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

export interface OpenPacket {
  sid: string;
  upgrades: string[];
  pingInterval: number;
  pingTimeout: number;
  maxPayload: number;
}

export function parseOpen(text: string): OpenPacket {
  if (text[0] !== '0') throw new Error(`not an open packet: ${text}`);
  return JSON.parse(text.slice(1)) as OpenPacket;
}

/** A polling handshake; resolves with the open packet and the server-side connection. */
export async function pollingHandshake(h: Harness): Promise<{ open: OpenPacket; conn: Connection }> {
  const connected = once<[Connection]>(h.engine, 'connection');
  const res = await request(h.port, h.url('transport=polling'));
  const [conn] = await connected;
  return { open: parseOpen(res.text), conn };
}

/**
 * A WebSocket handshake; resolves with the raw client, the server-side connection and the session id. With
 * `closeAfterEach`'s list, the raw client goes in it, to be terminated after the test.
 */
export async function wsSession(h: Harness, clients?: RawWs[]): Promise<{ raw: RawWs; conn: Connection; sid: string }> {
  const connected = once<[Connection]>(h.engine, 'connection');
  const raw = await RawWs.open(h);
  clients?.push(raw);
  const open = parseOpen((await raw.next()) as string);
  const [conn] = await connected;
  expect(conn.id).to.equal(open.sid);
  return { raw, conn, sid: open.sid };
}

export function post(h: Harness, sid: string, body: string | Buffer, headers: Record<string, string> = {}): Promise<RawResponse> {
  return request(h.port, h.url(`transport=polling&sid=${sid}`), { method: 'POST', body, headers });
}

export function poll(h: Harness, sid: string): Promise<RawResponse> {
  return request(h.port, h.url(`transport=polling&sid=${sid}`));
}

/** A raw `ws` client that records every frame it receives. */
export class RawWs {
  readonly ws: WebSocket;
  readonly frames: (string | Buffer)[] = [];
  private _waiters: (() => void)[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;

  constructor(url: string) {
    this.ws = new WebSocket(url);
    this.ws.on('message', (data: Buffer, isBinary: boolean) => {
      this.frames.push(isBinary ? data : data.toString());
      for (const w of this._waiters.splice(0)) w();
    });
    this.ws.on('error', () => {});
    // No deadline: a test awaits it only once it expects the close, and may never.
    this.closed = new Promise((resolve) => this.ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  }

  static async open(h: Harness, query = ''): Promise<RawWs> {
    const raw = new RawWs(`ws://127.0.0.1:${h.port}${h.url(`transport=websocket${query}`)}`);
    await once(raw.ws, 'open');
    return raw;
  }

  /** The next frame not yet taken. */
  async next(): Promise<string | Buffer> {
    while (!this.frames.length) await new Promise<void>((resolve) => this._waiters.push(resolve));
    return this.frames.shift()!;
  }
}

/**
 * For a describe whose tests open raw WebSockets on an engine: push them to the returned list; after each test
 * they are terminated and the harness `harness()` gives is closed.
 */
export function closeAfterEach(harness: () => Harness): RawWs[] {
  const raws: RawWs[] = [];
  afterEach(async () => {
    for (const raw of raws.splice(0)) raw.ws.terminate();
    await harness().close();
  });
  return raws;
}

/** The HTTP status of a WebSocket upgrade the server refuses; rejects when the upgrade is accepted. */
export function refusedUpgrade(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.on('unexpected-response', (_req, res: IncomingMessage) => {
      res.resume();
      resolve(res.statusCode!);
      ws.terminate();
    });
    ws.on('open', () => reject(new Error('upgrade accepted')));
    ws.on('error', () => {});
  });
}
