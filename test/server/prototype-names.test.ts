import { expect } from 'chai';
import { InteropEnv, TRANSPORT_SETS } from './interop-helpers.js';
import type { Socket } from '../../src/server/socket.js';
import { once } from '../support/events.js';

/**
 * Event names are chosen by the remote side. Names of Object.prototype's members must be plain event names on
 * the server: no crash, no built-in called as a listener, no prototype write.
 */
describe('server: event names that are Object.prototype members', () => {
  let env: InteropEnv;
  afterEach(() => env.close());

  it('are plain events: heard by their listeners and onAny, acked, and the server carries on', async () => {
    env = await InteropEnv.start(TRANSPORT_SETS[0]!);
    const serverSide = once<[Socket]>(env.io, 'connection');
    const client = await env.connected();
    const [socket] = await serverSide;
    const names = ['__proto__', 'toString', 'constructor', 'hasOwnProperty', '__defineSetter__', 'valueOf'];
    const heard: string[] = [];
    socket.onAny((event: string) => heard.push(event));
    socket.on('toString', (arg: unknown, ack: (r: unknown) => void) => ack(['listened', arg]));
    // Without listeners, these reach onAny only; an ack-less emit must not make the server answer or fail.
    for (const name of names) if (name !== 'toString') client.emit(name, 'x');
    expect(await client.timeout(2000).emitWithAck('toString', 1)).to.deep.equal(['listened', 1]);
    expect(heard).to.deep.equal([...names.filter((n) => n !== 'toString'), 'toString']);
    expect(({} as Record<string, unknown>).x).to.equal(undefined);
    // The connection is still in service.
    socket.on('ping?', (ack: (r: string) => void) => ack('pong'));
    expect(await client.timeout(2000).emitWithAck('ping?')).to.equal('pong');
  });
});
