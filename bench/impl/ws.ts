import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import type { Ack, BenchClient, BenchServer, BenchServerSocket, Implementation } from './types.js';

/**
 * The floor: raw `ws` with the least a user would write by hand. An event is `{"e":name,"d":data}`, an event
 * wanting an ack adds `"i":id`, and the ack comes back as `{"i":id,"d":data}`. A broadcast is encoded once.
 */

interface WireMessage { e?: string; d?: unknown; i?: number }

const CONNECT_TIMEOUT_MS = 15_000;

export function rawWs(): Implementation {
  return { name: 'ws', listen, connect };
}

async function listen(): Promise<BenchServer> {
  const http = createServer();
  const wss = new WebSocketServer({ server: http });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(0, '127.0.0.1', resolve);
  });
  const rooms = new Map<string, Set<WebSocket>>();
  return {
    port: (http.address() as AddressInfo).port,
    onConnection(handler) {
      wss.on('connection', (ws) => handler(serverSocket(ws, rooms)));
    },
    broadcast(room, event, data) {
      const frame = Buffer.from(JSON.stringify({ e: event, d: data }));
      for (const ws of rooms.get(room) ?? []) ws.send(frame, { binary: false });
    },
    connectionCount: () => wss.clients.size,
    close: () => new Promise<void>((resolve) => {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      http.close(() => resolve());
    }),
  };
}

function serverSocket(ws: WebSocket, rooms: Map<string, Set<WebSocket>>): BenchServerSocket {
  const handlers = new Map<string, (data: unknown, ack?: Ack) => void>();
  // A socket error closes that connection; without a listener it would crash the whole server.
  ws.on('error', () => undefined);
  ws.on('message', (raw) => {
    const msg = JSON.parse(String(raw)) as WireMessage;
    const handler = msg.e === undefined ? undefined : handlers.get(msg.e);
    if (!handler) return;
    const id = msg.i;
    if (id === undefined) handler(msg.d);
    else handler(msg.d, (res) => ws.send(JSON.stringify({ i: id, d: res })));
  });
  return {
    on: (event, handler) => void handlers.set(event, handler),
    emit: (event, data) => ws.send(JSON.stringify({ e: event, d: data })),
    join(room) {
      let members = rooms.get(room);
      if (!members) rooms.set(room, (members = new Set()));
      members.add(ws);
      ws.once('close', () => members.delete(ws));
    },
  };
}

function connect(port: number): Promise<BenchClient> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}`);
  const handlers = new Map<string, (data: unknown) => void>();
  const acks = new Map<number, Ack>();
  let nextId = 0;
  ws.on('message', (raw) => {
    const msg = JSON.parse(String(raw)) as WireMessage;
    if (msg.e !== undefined) {
      handlers.get(msg.e)?.(msg.d);
    } else if (msg.i !== undefined) {
      const ack = acks.get(msg.i);
      acks.delete(msg.i);
      ack?.(msg.d);
    }
  });
  const client: BenchClient = {
    emit(event, data, ack) {
      if (!ack) return ws.send(JSON.stringify({ e: event, d: data }));
      const id = nextId++;
      acks.set(id, ack);
      ws.send(JSON.stringify({ e: event, d: data, i: id }));
    },
    on: (event, handler) => void handlers.set(event, handler),
    close: () => ws.close(),
  };
  return new Promise<BenchClient>((resolve, reject) => {
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error(`no open event within ${CONNECT_TIMEOUT_MS} ms`));
    }, CONNECT_TIMEOUT_MS);
    ws.on('error', (err) => { clearTimeout(timer); reject(err); });
    ws.once('open', () => { clearTimeout(timer); resolve(client); });
  });
}
