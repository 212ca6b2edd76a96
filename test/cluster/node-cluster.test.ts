import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { io as connectIo, type Socket } from 'socket.io-client';
import { eventually, once } from '../support/events.js';

/**
 * @socket.io/cluster-adapter with @socket.io/sticky: Node's `cluster` module, two sockjet workers, clients that
 * start with long-polling and upgrade (so every request of a session must reach the same worker).
 */
describe('Node cluster: @socket.io/cluster-adapter and @socket.io/sticky', function () {
  this.timeout(30_000);
  let primary: ChildProcess;
  let port: number;
  const clients: Socket[] = [];

  before(async () => {
    primary = fork(fileURLToPath(new URL('./cluster-primary.ts', import.meta.url)), [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    // The primary forks its workers before it answers: more than the default deadline on a loaded machine.
    [{ port }] = await once<[{ port: number }]>(primary, 'message', { rejectOn: 'exit', timeout: 25_000 });
    for (let i = 0; i < 4; i++) {
      const socket = connectIo(`http://127.0.0.1:${port}`, { reconnection: false });
      clients.push(socket);
      await once(socket, 'connect', { rejectOn: 'connect_error' });
    }
  });

  after(async () => {
    for (const c of clients) c.disconnect();
    const exited = once(primary, 'exit', { timeout: 20_000 }); // its workers close first
    primary.disconnect();
    await exited;
  });

  it('spreads clients over both workers, each session staying on its worker through the upgrade', async () => {
    await eventually('every client to upgrade to WebSocket', () => clients.every((c) => c.io.engine.transport.name === 'websocket'));
    const workers = await Promise.all(clients.map((c) => c.emitWithAck('whoami')));
    expect(new Set(workers).size).to.equal(2);
  });

  it('broadcasts reach the clients of both workers', async () => {
    const heard = clients.map((c) => once(c, 'shout'));
    clients[0]!.emit('shout', 'hello all');
    expect(await Promise.all(heard)).to.deep.equal(clients.map(() => ['hello all']));
  });

  it('fetchSockets counts the sockets of both workers; serverSideEmitWithAck gets the other worker', async () => {
    expect(await clients[0]!.emitWithAck('count')).to.equal(4);
    const [self, other] = [await clients[0]!.emitWithAck('whoami'), await clients[0]!.emitWithAck('ask-servers')];
    expect(other).to.have.length(1);
    expect((other as number[])[0]).to.not.equal(self);
  });
});
