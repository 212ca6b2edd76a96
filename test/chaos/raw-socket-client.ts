import { WebSocket } from 'ws';
import { request } from '../server/engine/engine-helpers.js';

/**
 * Socket.IO clients at the wire level, for the chaos suite: one that can stop reading at will (a paused
 * WebSocket), one that stops polling, and one that measures acknowledgement round trips. The official and
 * sockjet clients both keep reading whatever happens, so neither can play a stalled reader.
 */
export class RawSocketClient {
  private waiters = new Map<number, (t: number) => void>();
  private nextId = 0;
  readonly closed: Promise<void>;

  private constructor(readonly ws: WebSocket) {
    this.closed = new Promise((resolve) => ws.once('close', () => resolve()));
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (isBinary) return;
      const text = data.toString();
      if (text === '2') ws.send('3');
      // An ack: 43<id>[...]
      const m = /^43(\d+)\[/.exec(text);
      if (m) this.waiters.get(Number(m[1]))?.(performance.now());
    });
    ws.on('error', () => {});
  }

  /** Opens a WebSocket session and joins `/`. */
  static async connect(port: number): Promise<RawSocketClient> {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket`);
    const joined = new Promise<void>((resolve, reject) => {
      ws.on('message', function onMessage(data: Buffer) {
        const text = data.toString();
        if (text.startsWith('0{')) ws.send('40');
        else if (text.startsWith('40{')) {
          ws.off('message', onMessage);
          resolve();
        }
      });
      ws.once('error', reject);
    });
    const client = new RawSocketClient(ws);
    await joined;
    return client;
  }

  /** Emits `ping` with an ack and resolves with the round trip in milliseconds. */
  ping(): Promise<number> {
    const id = this.nextId++;
    const t0 = performance.now();
    return new Promise((resolve) => {
      this.waiters.set(id, (t) => {
        this.waiters.delete(id);
        resolve(t - t0);
      });
      this.ws.send(`42${id}["ping"]`);
    });
  }

  /** Stops reading: the kernel buffers fill and the server's writes pile up. */
  stall(): void {
    this.ws.pause();
  }

  close(): void {
    this.ws.terminate();
  }
}

/** A long-polling session joined to `/` that never polls again: the server's packets wait for a GET that never comes. */
export async function silentPollingSession(port: number): Promise<string> {
  const path = '/socket.io/?EIO=4&transport=polling';
  const open = await request(port, path);
  const sid = (JSON.parse(open.text.slice(1)) as { sid: string }).sid;
  await request(port, `${path}&sid=${sid}`, { method: 'POST', body: '40' });
  // One GET for the CONNECT answer; after that the session is left alone.
  await request(port, `${path}&sid=${sid}`);
  return sid;
}
