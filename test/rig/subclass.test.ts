import { expect } from 'chai';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Manager, Socket as ClientSocket, type SocketOptions } from 'sockjet';
import { Engine, Server, Socket as ServerSocket } from 'sockjet/server';
import { WebSocket } from 'sockjet/websocket';
// @ts-expect-error: a plain .mjs build script without declarations
import { propertyNameMap } from '../../build/mangle-props.mjs';
import { once } from '../support/events.js';
import { listen } from '../support/net.js';

/*
 * Users subclass the public classes of the built package (dist/, through "exports": run `npm run build` first, as
 * `npm test` does) with fields and methods of their own. Each subclass here also defines, as own properties,
 * every short name the <script> build gives internal `_` members: had the npm outputs been renamed the same way, a
 * user's `x = 0` would overwrite an internal field (`class Player extends WebSocket { x = 0 }` broke `onerror`).
 */
const SHORT_NAMES: string[] = Object.values(propertyNameMap() as Record<string, string>);

/** Sets each short name on `obj` as a plain own field, the way a subclass's field initializers do. */
function ownFields(obj: object): void {
  for (const name of SHORT_NAMES) Object.defineProperty(obj, name, { value: `user ${name}`, writable: true, enumerable: true, configurable: true });
}

function expectOwnFieldsKept(obj: object): void {
  const record = obj as Record<string, unknown>;
  expect(SHORT_NAMES.filter((name) => record[name] !== `user ${name}`)).to.deep.equal([]);
}

// The subclasses' own working fields have long names; the short ones (`x`, `a`, ...) are all set by ownFields().
class GameServer extends Server {
  players = new Map<string, string>();
  position = 0;
  constructor() {
    super(0);
    ownFields(this);
    this.on('connection', (socket) => this.welcome(socket));
  }
  welcome(socket: ServerSocket): void {
    this.players.set(socket.id, 'player');
    this.position++;
    socket.on('move', (dx: number, ack: (position: number) => void) => ack((this.position += dx)));
  }
  get port(): number {
    return (this.httpServer!.address() as AddressInfo).port;
  }
}

class Player extends ClientSocket {
  position = 0;
  constructor(io: Manager, nsp: string, opts?: Partial<SocketOptions>) {
    super(io, nsp, opts);
    ownFields(this);
  }
  async move(dx: number): Promise<number> {
    this.position = await this.timeout(5000).emitWithAck('move', dx);
    return this.position;
  }
}

class GameManager extends Manager {
  sockets = 0;
  constructor(uri: string) {
    super(uri, { transports: ['websocket'], reconnection: false });
    ownFields(this);
  }
  override socket(nsp: string, opts?: Partial<SocketOptions>): Player {
    this.sockets++;
    return (this.nsps[nsp] ??= new Player(this, nsp, opts)) as Player;
  }
}

class EchoEngine extends Engine {
  echoed = 0;
  constructor() {
    super({ pingInterval: 10_000 });
    ownFields(this);
    this.on('connection', (conn) => conn.on('message', (data) => this.echo(conn, data)));
  }
  echo(conn: { send(data: string | Buffer): void }, data: string | Buffer): void {
    this.echoed++;
    conn.send(data);
  }
}

class Pinger extends WebSocket {
  pings = 0;
  errors: unknown[] = [];
  constructor(url: string) {
    super(url);
    ownFields(this);
    this.onerror = (event) => this.errors.push(event);
  }
  ping(): void {
    this.pings++;
    this.send(`ping ${this.pings}`);
  }
}

describe('subclasses of the public classes (built package)', function () {
  this.timeout(20_000);

  it('Server, server Socket, Manager and client Socket', async () => {
    const server = new GameServer();
    await once(server.httpServer!, 'listening');
    const manager = new GameManager(`http://127.0.0.1:${server.port}`);
    const player = manager.socket('/');
    try {
      await once(player, 'connect', { rejectOn: 'connect_error' });
      expect(await player.move(2)).to.equal(3);
      expect(await player.move(1)).to.equal(4);
      expect([player.position, server.position, server.players.size, manager.sockets]).to.deep.equal([4, 4, 1, 1]);

      // A server Socket subclass on a live connection: its own fields beside the inherited state.
      const live = server.sockets.sockets.values().next().value!;
      class Tagged extends ServerSocket {
        tag = 'vip';
        describe(): string {
          return `${this.tag} ${this.id} in ${[...this.rooms].length} rooms`;
        }
      }
      const tagged = new Tagged(live.nsp, live.client, undefined, 'tagged-1');
      ownFields(tagged);
      tagged.data = { score: 1 };
      await tagged.join('room1');
      expect(tagged.describe()).to.equal('vip tagged-1 in 1 rooms');
      expect(tagged.data).to.deep.equal({ score: 1 });
      expect(tagged.handshake.address).to.be.a('string');
      expectOwnFieldsKept(tagged);
      tagged.nsp.adapter.delAll(tagged.id);

      for (const obj of [server, manager, player]) expectOwnFieldsKept(obj);
    } finally {
      player.disconnect();
      await server.close();
    }
  });

  it('Engine and the WebSocket drop-in', async () => {
    const http = createServer();
    const engine = new EchoEngine().attach(http);
    await listen(http);
    const pinger = new Pinger(`ws://127.0.0.1:${(http.address() as AddressInfo).port}/`);
    try {
      await once(pinger, 'open');
      const echoes: string[] = [];
      const got = new Promise<void>((resolve) => {
        pinger.onmessage = (event: MessageEvent) => {
          echoes.push(event.data as string);
          if (echoes.length === 2) resolve();
        };
      });
      pinger.ping();
      pinger.ping();
      await got;
      expect(echoes).to.deep.equal(['ping 1', 'ping 2']);
      expect([engine.echoed, pinger.pings, pinger.errors.length]).to.deep.equal([2, 2, 0]);
      expectOwnFieldsKept(engine);
      expectOwnFieldsKept(pinger);
    } finally {
      pinger.close();
      await engine.close();
      await new Promise((resolve) => http.close(resolve));
    }
  });
});
