import { request as httpRequest } from 'node:http';
import type { ClientRequest } from 'node:http';
import type { Connection, TransportName } from '../../../src/server/engine/index.js';
import { parseOpen, RawWs, request } from './engine-helpers.js';
import type { Harness, OpenPacket } from './engine-helpers.js';
import { once } from '../../support/events.js';

/**
 * A raw Engine.IO v4 client with the same shape over both transports, so one test body runs over each: packets go
 * out and come back as the wire has them (text packets encoded, `'4hi'`; binary messages as Buffers), whatever
 * carries them (frames, or POSTs and polls).
 */
export interface RawClient {
  readonly open: OpenPacket;
  /** The server's side of the session. */
  readonly conn: Connection;
  /** Sends packets in one write: one POST, or frames back to back. */
  send(...packets: (string | Buffer)[]): Promise<void>;
  /** The server's next packet (polling for it if need be). */
  next(): Promise<string | Buffer>;
  /** Packets received and not yet taken by `next`. */
  unread(): (string | Buffer)[];
  /**
   * Once the server ended the session, how the client saw it: a WebSocket's close frame (`close 1002`), or the
   * first request long-polling had refused (`HTTP 413`; a poll of the ended session gets `HTTP 400`).
   */
  ended(): Promise<string>;
  /** Goes away without a word: the socket cut, or a waiting poll aborted. */
  vanish(): Promise<void>;
  /** Releases whatever the client still holds. */
  dispose(): void;
}

/** Opens sessions of one transport and says what its client sees where the transports differ. */
export interface TransportKind {
  readonly name: TransportName;
  connect(h: Harness): Promise<RawClient>;
  /** How the client sees the session end: `wsCode` on a WebSocket's close frame, `httpStatus` over long-polling. */
  end(wsCode: number, httpStatus: number): string;
  /** The close reason of a session whose client vanished. */
  readonly vanished: 'transport close' | 'transport error';
}

class WebSocketClient implements RawClient {
  private constructor(
    private readonly raw: RawWs,
    readonly open: OpenPacket,
    readonly conn: Connection,
  ) {}

  static async connect(h: Harness): Promise<RawClient> {
    const connected = once<[Connection]>(h.engine, 'connection');
    const raw = await RawWs.open(h);
    const open = parseOpen((await raw.next()) as string);
    return new WebSocketClient(raw, open, (await connected)[0]);
  }

  async send(...packets: (string | Buffer)[]): Promise<void> {
    await Promise.all(packets.map((p) => new Promise<void>((resolve, reject) => this.raw.ws.send(p, (err) => (err ? reject(err) : resolve())))));
  }

  next(): Promise<string | Buffer> {
    return this.raw.next();
  }

  unread(): (string | Buffer)[] {
    return [...this.raw.frames];
  }

  async ended(): Promise<string> {
    return `close ${(await this.raw.closed).code}`;
  }

  async vanish(): Promise<void> {
    this.raw.ws.terminate();
    await this.raw.closed;
  }

  dispose(): void {
    this.raw.ws.terminate();
  }
}

const SEP = '\x1e';

class PollingClient implements RawClient {
  private readonly queue: (string | Buffer)[] = [];
  /** The first refusal a request of this client got. */
  private refused: string | undefined;
  private readonly inFlight = new Set<ClientRequest>();

  private constructor(
    private readonly h: Harness,
    readonly open: OpenPacket,
    readonly conn: Connection,
  ) {}

  static async connect(h: Harness): Promise<RawClient> {
    const connected = once<[Connection]>(h.engine, 'connection');
    const res = await request(h.port, h.url('transport=polling'));
    const [open, ...rest] = res.text.split(SEP);
    const client = new PollingClient(h, parseOpen(open!), (await connected)[0]);
    client.take(rest);
    return client;
  }

  private get path(): string {
    return this.h.url(`transport=polling&sid=${this.open.sid}`);
  }

  private take(records: string[]): void {
    for (const r of records) this.queue.push(r[0] === 'b' ? Buffer.from(r.slice(1), 'base64') : r);
  }

  async send(...packets: (string | Buffer)[]): Promise<void> {
    const body = packets.map((p) => (typeof p === 'string' ? p : 'b' + p.toString('base64'))).join(SEP);
    const res = await request(this.h.port, this.path, { method: 'POST', body });
    if (res.status !== 200) this.refused ??= `HTTP ${res.status}`;
  }

  /** One poll: false once the server refuses it (the session is gone). */
  private async poll(): Promise<boolean> {
    const res = await request(this.h.port, this.path);
    if (res.status !== 200) {
      this.refused ??= `HTTP ${res.status}`;
      return false;
    }
    this.take(res.text.split(SEP));
    return true;
  }

  async next(): Promise<string | Buffer> {
    while (!this.queue.length) if (!(await this.poll())) throw new Error(`poll refused: ${this.refused}`);
    return this.queue.shift()!;
  }

  unread(): (string | Buffer)[] {
    return [...this.queue];
  }

  async ended(): Promise<string> {
    while (this.refused === undefined && (await this.poll()));
    return this.refused!;
  }

  async vanish(): Promise<void> {
    const req = httpRequest({ host: '127.0.0.1', port: this.h.port, path: this.path, agent: false });
    this.inFlight.add(req);
    req.on('error', () => {});
    req.end();
    // The poll must be waiting at the server before it is cut, or the server never knew of it.
    while (!this.conn.writable) await new Promise((resolve) => setImmediate(resolve));
    req.destroy();
  }

  dispose(): void {
    for (const req of this.inFlight) req.destroy();
  }
}

export const TRANSPORT_KINDS: readonly TransportKind[] = [
  { name: 'polling', connect: (h) => PollingClient.connect(h), end: (_ws, http) => `HTTP ${http}`, vanished: 'transport error' },
  { name: 'websocket', connect: (h) => WebSocketClient.connect(h), end: (ws) => `close ${ws}`, vanished: 'transport close' },
];
