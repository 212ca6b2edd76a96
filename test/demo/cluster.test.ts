import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { io as connectIo, type Socket } from 'socket.io-client';
import { freePort } from '../support/net.js';

/** `npm run demo:cluster` (minus the build): Redis and two chat servers; a message crosses from one to the other. */
describe('demo/cluster', function () {
  this.timeout(30_000);
  let run: ChildProcess;
  let ports: number[];
  const sockets: Socket[] = [];

  before(async () => {
    ports = [await freePort(), await freePort()];
    run = spawn(process.execPath, ['demo/cluster/run.js'], {
      env: { ...process.env, REDIS_PORT: String(await freePort()), PORTS: ports.join(',') },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    await new Promise<void>((resolve, reject) => {
      run.once('exit', (code) => reject(new Error(`demo:cluster exited with ${code}: ${out}`)));
      run.stdout!.setEncoding('utf8').on('data', (text: string) => {
        out += text;
        if (ports.every((p) => out.includes(`sockjet chat: http://localhost:${p}/`))) resolve();
      });
    });
    run.removeAllListeners('exit');
  });

  after(async () => {
    for (const s of sockets) s.disconnect();
    if (run.exitCode !== null) return;
    const exited = new Promise((resolve) => run.once('exit', resolve));
    run.kill('SIGTERM');
    await exited;
  });

  function connect(port: number, name: string): Promise<Socket> {
    const socket = connectIo(`http://127.0.0.1:${port}`, { auth: { name }, transports: ['websocket'] });
    sockets.push(socket);
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', reject);
    });
  }

  it('delivers a message sent on one server to a client of the other', async () => {
    const ann = await connect(ports[0]!, 'ann');
    const bob = await connect(ports[1]!, 'bob');
    const received = new Promise((resolve) => bob.once('message', resolve));
    expect(await ann.emitWithAck('message', { room: '#general', text: 'hello from 1' })).to.include({ ok: true });
    expect(await received).to.include({ room: '#general', from: 'ann', text: 'hello from 1' });
  });
});
