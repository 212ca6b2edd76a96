import type { IncomingMessage, ServerResponse } from 'node:http';
import { decodePayload, encodePayload, EnginePacketType } from '../../protocol/engine-packet.js';
import type { EnginePacket, OutgoingEnginePacket } from '../../protocol/engine-packet.js';
import { isProtocolError, type ProtocolError } from '../../protocol/protocol-error.js';
import { abortRequest, EngineErrorCode } from './engine-error.js';
import { compress, pickEncoding } from './http-compression.js';
import type { PreparedMessage } from './prepared-message.js';
import { DETACHED_SINK } from './transport.js';
import type { Transport, TransportSink } from './transport.js';
import type { TransportName } from './engine-options.js';
import type { EngineStats } from '../observability/engine-stats.js';

export interface PollingLimits {
  maxHttpBufferSize: number;
  /** Smallest response worth compressing; Infinity turns compression off. */
  compressionThreshold: number;
}

const NOOP: readonly OutgoingEnginePacket[] = [{ type: EnginePacketType.NOOP }];
const UPGRADES: readonly TransportName[] = Object.freeze(['websocket']);

/**
 * HTTP long-polling (https://socket.io/docs/v4/engine-io-protocol/#http-long-polling): the client holds one
 * GET open for the server's packets and POSTs its own. At most one of each is pending per session.
 */
export class PollingTransport implements Transport {
  readonly name = 'polling' as const;
  sink: TransportSink = DETACHED_SINK;
  private _poll: ServerResponse | null = null;
  private _pollReq: IncomingMessage | null = null;
  private _data: IncomingMessage | null = null;
  private readonly _onPollClose = (): void => {
    if (!this._poll) return;
    this._poll = this._pollReq = null;
    this.sink._onFailure(this, 'transport error', 'poll connection closed prematurely');
  };

  constructor(
    private readonly _limits: PollingLimits,
    private readonly _stats: EngineStats,
  ) {}

  get writable(): boolean {
    return this._poll !== null;
  }

  get protocol(): 3 | 4 {
    return 4;
  }

  /** The session's GETs and POSTs are this transport. */
  get handlesRequests(): boolean {
    return true;
  }

  /** A long-polling session may move to a WebSocket (https://socket.io/docs/v4/engine-io-protocol/#upgrade). */
  get upgradesTo(): readonly TransportName[] {
    return UPGRADES;
  }

  /** Protocol v4 POSTs are text (binary travels as base64); engine.io refuses raw bytes the same way. */
  protected get acceptsBinary(): boolean {
    return false;
  }

  protected encode(packets: readonly OutgoingEnginePacket[]): string {
    return encodePayload(packets);
  }

  protected decode(body: Buffer, _binary: boolean): EnginePacket[] | ProtocolError {
    return decodePayload(body.toString('utf8'));
  }

  /** A response is written whole as soon as a GET waits; what waits for the next GET is the session's to count. */
  get bufferedAmount(): number {
    return 0;
  }

  /** A response is written whole at once; without a waiting GET, `writable` already says no. */
  get busy(): boolean {
    return false;
  }

  /**
   * Packets reach the client only in answer to its GET: a close goes out now only into a waiting GET with nothing
   * else to send, so what is pending is read before the session ends (engine.io waits for its buffer the same way).
   */
  canCloseNow(pending: boolean): boolean {
    return this._poll !== null && !pending;
  }

  onRequest(req: IncomingMessage, res: ServerResponse): void {
    if (req.method === 'GET') this._onPoll(req, res);
    else if (req.method === 'POST') this._onData(req, res);
    else abortRequest(res, EngineErrorCode.BAD_REQUEST);
  }

  private _onPoll(req: IncomingMessage, res: ServerResponse): void {
    if (this._poll) {
      // Two GETs at once means a broken or hostile client: engine.io closes the session and answers 400.
      abortRequest(res, EngineErrorCode.BAD_REQUEST);
      this.sink._onFailure(this, 'transport error', 'overlap from client');
      return;
    }
    this._poll = res;
    this._pollReq = req;
    // 'close' on the response fires when the client goes away before we answer (and after we answer: ignored then).
    res.once('close', this._onPollClose);
    this.sink._onReady(this);
  }

  private _onData(req: IncomingMessage, res: ServerResponse): void {
    if (this._data) {
      abortRequest(res, EngineErrorCode.BAD_REQUEST);
      this.sink._onFailure(this, 'transport error', 'data request overlap from client');
      return;
    }
    const binary = req.headers['content-type'] === 'application/octet-stream';
    if (binary && !this.acceptsBinary) {
      abortRequest(res, EngineErrorCode.BAD_REQUEST);
      this.sink._onFailure(this, 'transport error', 'invalid content');
      return;
    }
    const max = this._limits.maxHttpBufferSize;
    const declared = Number(req.headers['content-length']);
    // Decide from the header before reading a byte of the body.
    if (declared > max) return this._tooLarge(req, res);
    this._data = req;
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > max) {
        cleanup();
        this._tooLarge(req, res);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      cleanup();
      this._stats.bytesIn += size;
      this._onPayload(Buffer.concat(chunks, size), binary, res);
    };
    const onAbort = (): void => {
      cleanup();
      this.sink._onFailure(this, 'transport error', 'data request connection closed prematurely');
    };
    const cleanup = (): void => {
      req.off('data', onData).off('end', onEnd).off('close', onAbort);
      if (this._data === req) this._data = null;
    };
    req.on('data', onData).on('end', onEnd).on('close', onAbort);
  }

  /** 413 without reading the rest: the connection is closed so the client cannot keep streaming into it. */
  private _tooLarge(req: IncomingMessage, res: ServerResponse): void {
    req.pause();
    res.shouldKeepAlive = false;
    res.writeHead(413, { Connection: 'close', 'Content-Length': '0' });
    res.end(() => req.destroy());
    this.sink._onFailure(this, 'transport error', 'payload too large');
  }

  private _onPayload(payload: Buffer, binary: boolean, res: ServerResponse): void {
    const packets = this.decode(payload, binary);
    if (isProtocolError(packets)) {
      abortRequest(res, EngineErrorCode.BAD_REQUEST);
      this.sink._onFailure(this, 'parse error', packets);
      return;
    }
    // Answer first: a close packet in the payload releases this transport, and the client still wants its `ok`.
    res.writeHead(200, { 'Content-Type': 'text/html', 'Content-Length': '2', 'Cache-Control': 'no-store' });
    res.end('ok');
    for (const packet of packets) {
      if (packet.type === EnginePacketType.CLOSE) {
        this.sink._onTransportClose(this);
        return;
      }
      this.sink._onPacket(this, packet);
    }
  }

  sendPacket(packet: OutgoingEnginePacket, compress: boolean): void {
    this.send([packet], compress);
  }

  sendPrepared(messages: readonly PreparedMessage[], wantCompression: boolean): void {
    this.send(messages.map((m) => m.packet), wantCompression);
  }

  send(packets: readonly OutgoingEnginePacket[], wantCompression: boolean): void {
    const res = this._poll;
    const req = this._pollReq;
    if (!res || !req) return;
    res.off('close', this._onPollClose);
    this._poll = this._pollReq = null;
    const body = this.encode(packets);
    const headers: Record<string, string | number> = { 'Content-Type': 'text/plain; charset=UTF-8', 'Cache-Control': 'no-store' };
    const encoding =
      wantCompression && body.length >= this._limits.compressionThreshold ? pickEncoding(req.headers['accept-encoding']) : null;
    if (!encoding) {
      const length = Buffer.byteLength(body);
      this._stats.bytesOut += length;
      headers['Content-Length'] = length;
      res.writeHead(200, headers);
      res.end(body);
      return;
    }
    compress(encoding, body, (err, out) => {
      if (res.writableEnded) return;
      if (err) {
        res.destroy();
        return;
      }
      this._stats.bytesOut += out.length;
      headers['Content-Encoding'] = encoding;
      headers['Content-Length'] = out.length;
      res.writeHead(200, headers);
      res.end(out);
    });
  }

  /** Releases the transport: a waiting GET gets a noop (the session sends its close packet first if it wants one). */
  close(): void {
    this.sink = DETACHED_SINK;
    if (this._poll) this.send(NOOP, false);
    const data = this._data;
    this._data = null;
    data?.destroy();
  }

  /** As `close`, but a waiting GET is cut rather than answered. */
  terminate(): void {
    const poll = this._poll;
    this._poll = this._pollReq = null;
    poll?.off('close', this._onPollClose);
    poll?.destroy();
    this.close();
  }
}
