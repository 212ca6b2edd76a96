import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { io as connectIo, type Socket as IoSocket } from 'socket.io-client';
import { eventually, once } from '../support/events.js';
import type { AdapterKind, NodeConfig, NodeKind } from './node.js';

const NODE_SCRIPT = fileURLToPath(new URL('./node.ts', import.meta.url));

/** A server of the cluster, in its own process. */
export interface ClusterNode {
  readonly name: string;
  readonly kind: NodeKind;
  readonly port: number;
  readonly url: string;
  /** Runs a command of node.ts and resolves with its answer. */
  call<T = unknown>(cmd: string, arg?: Record<string, unknown>): Promise<T>;
  /** A graceful stop (io.close(): sessions persisted), waiting for the process to exit. */
  close(): Promise<void>;
  /** SIGKILL: the process dies at once, with its clients connected and nothing persisted. */
  kill(): Promise<void>;
}

/** Forks node.ts with `config` and resolves once its server listens. */
export function startNode(name: string, kind: NodeKind, adapter: AdapterKind, redisUrl: string): Promise<ClusterNode> {
  const config: NodeConfig = { name, kind, adapter, redisUrl };
  const child = fork(NODE_SCRIPT, [JSON.stringify(config)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let ids = 0;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.on('exit', (code, signal) => {
    for (const p of pending.values()) p.reject(new Error(`node ${name} exited (${code ?? signal}) during a command`));
    pending.clear();
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`node ${name} exited with ${code} before listening`)));
    child.on('message', (message: { ready?: number; id?: number; result?: unknown; error?: string }) => {
      if (message.ready !== undefined) return resolve(makeNode(message.ready));
      const entry = pending.get(message.id!);
      pending.delete(message.id!);
      if (message.error !== undefined) entry?.reject(new Error(`${name}: ${message.error}`));
      else entry?.resolve(message.result);
    });
  });

  function makeNode(port: number): ClusterNode {
    return {
      name,
      kind,
      port,
      url: `http://127.0.0.1:${port}`,
      call: <T>(cmd: string, arg: Record<string, unknown> = {}) =>
        new Promise<T>((resolve, reject) => {
          const id = ids++;
          pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
          child.send({ id, cmd, arg });
        }),
      close: async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.send({ id: ids++, cmd: 'close', arg: {} });
        await exited;
      },
      kill: () => killChild(child, exited),
    };
  }
}

function killChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  return exited;
}

/** A socket.io-client socket with everything it received, in order. */
export interface TestClient {
  readonly socket: IoSocket;
  readonly received: unknown[][];
  close(): void;
}

/**
 * Connects the official client, WebSocket only (no sticky session needed), reconnecting fast. `received` collects
 * every event (name first) the server sends.
 */
export async function connectClient(url: string, user: string): Promise<TestClient> {
  const socket = connectIo(url, {
    transports: ['websocket'],
    auth: { user },
    reconnectionDelay: 50,
    reconnectionDelayMax: 200,
    randomizationFactor: 0,
  });
  const received: unknown[][] = [];
  socket.onAny((...args: unknown[]) => received.push(args));
  await once(socket, 'connect', { rejectOn: 'connect_error' });
  return { socket, received, close: () => void socket.disconnect() };
}

/**
 * Broadcasts `warm` from each node, again every 200 ms, until each client got one from it. A streams-adapter server
 * reads the stream from the moment its reader starts, a little after it subscribes (which is what serverCount
 * counts): a broadcast in between never reaches it. Tests that count every event wait for this first.
 */
export async function warmUp(nodes: readonly ClusterNode[], clients: readonly TestClient[]): Promise<void> {
  for (const node of nodes) {
    const arrived = () => clients.every((c) => c.received.some((e) => e[0] === 'warm' && e[1] === node.name));
    for (let i = 0; !arrived(); i++) {
      if (i === 50) throw new Error(`a broadcast from ${node.name} never reached every client`);
      await node.call('emit', { event: 'warm', args: [node.name] });
      await eventually(`warm-up from ${node.name}`, arrived, { timeout: 200 }).catch(() => undefined);
    }
  }
}
