import { expect } from 'chai';
import { MemoryAdapter } from '../../src/server/adapter/memory-adapter.js';
import { BroadcastOperator } from '../../src/server/broadcast-operator.js';
import { RemoteSocket } from '../../src/server/remote-socket.js';
import { FakeNamespace } from './adapter/adapter-contract.js';
import { decodeAll } from './adapter/decode-all.js';

describe('RemoteSocket and BroadcastOperator (over a bare adapter)', () => {
  let adapter: MemoryAdapter;
  let nsp: FakeNamespace;

  beforeEach(() => {
    nsp = new FakeNamespace('/', () => adapter);
    adapter = new MemoryAdapter(nsp);
    adapter.addAll('a', ['a']);
    adapter.addAll('b', ['b']);
  });

  it('fetchSockets wraps sockets it cannot find locally as RemoteSocket', async () => {
    const [remote] = await new BroadcastOperator(adapter).to('a').fetchSockets();
    expect(remote).to.be.instanceOf(RemoteSocket);
    expect(remote!.id).to.equal('a');
    expect(remote!.data).to.deep.equal({ who: 'a' });
  });

  it('emits, joins, leaves and disconnects through the adapter, addressed to its own room', () => {
    const remote = new RemoteSocket({ id: 'a', handshake: {}, rooms: new Set(['a']), data: {} }, new BroadcastOperator(adapter).to('a'));
    remote.emit('hi', 1);
    expect(nsp.writtenTo()).to.deep.equal(['a']);
    expect(decodeAll(nsp.writes[0]!.packet).data).to.deep.equal(['hi', 1]);
    remote.join('r');
    expect([...adapter.rooms.get('r')!]).to.deep.equal(['a']);
    remote.leave('r');
    expect(adapter.rooms.has('r')).to.equal(false);
    remote.disconnect(true);
    expect(nsp.disconnected).to.deep.equal([{ id: 'a', close: true }]);
  });

  it('acks a timed emit with (err, single response)', async () => {
    const remote = new RemoteSocket({ id: 'b', handshake: {}, rooms: new Set(['b']), data: {} }, new BroadcastOperator(adapter).to('b'));
    const answer = new Promise<unknown[]>((resolve) => remote.timeout(1000).emit('q', (...args: unknown[]) => resolve(args)));
    await new Promise((r) => setImmediate(r));
    nsp.writes[0]!.ack!.fn('yes');
    expect(await answer).to.deep.equal([null, 'yes']);
  });

  it('operators are immutable: builders never change the one they came from', () => {
    const base = new BroadcastOperator(adapter);
    const toA = base.to('a');
    base.except('a').emit('x');
    expect(nsp.writtenTo()).to.deep.equal(['b']);
    nsp.writes.length = 0;
    base.emit('x');
    toA.emit('x');
    expect(nsp.writtenTo()).to.deep.equal(['a', 'a', 'b']);
  });
});
