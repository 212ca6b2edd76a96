import { expect } from 'chai';
import { TestServerHandle } from './browser-helpers.js';
import { once } from '../support/events.js';

/**
 * Connection state recovery in Chromium against the official socket.io server and against sockjet's own: after a
 * cut, the client presents its session and last offset, and the server replays what it missed.
 */
for (const kind of ['socket.io', 'sockjet'] as const) {
  describe(`sockjet client in Chromium: connection state recovery against the ${kind} server`, () => {
    let server: TestServerHandle;

    afterEach(async () => {
      await server.close();
    });

    /** Connects, joins room r1 and receives one broadcast (the offset the client will present later). */
    const setUp = async (options: Record<string, unknown>, transports: ['websocket' | 'polling'] = ['websocket']) => {
      server = await TestServerHandle.start(kind, options);
      const s = server.connect('/', { transports });
      const ticks: unknown[] = [];
      s.on('tick', (n: unknown) => ticks.push(n));
      await once(s, 'welcome');
      expect(s.recovered).to.equal(false);
      expect(await s.emitWithAck('join', 'r1')).to.equal(undefined);
      const first = once(s, 'tick');
      await server.action('emitAll', ['tick', 0]);
      await first;
      return { s, ticks, id: s.id };
    };

    it('replays the events missed while disconnected, in order and once, with socket.recovered true', async () => {
      const { s, ticks, id } = await setUp({ connectionStateRecovery: {} });
      const back = once(s, 'connect');
      const [, , reason] = await Promise.all([
        server.action('dropAndEmit', ['tick', 1]), // cut, then broadcast: the client cannot get this one live
        server.action('emitAll', ['tick', 2]), // live or replayed, depending on timing: either way exactly once
        once(s, 'disconnect'),
      ]);
      expect(reason).to.deep.equal(['transport close']);
      await back;
      expect(s.recovered).to.equal(true);
      expect(s.id).to.equal(id); // the session, its id and its rooms are back
      // A round trip after the reconnect: replayed events come before the CONNECT answer, live ones before this ack.
      expect(await s.emitWithAck('ack', 'sync')).to.equal('sync');
      expect(ticks).to.deep.equal([0, 1, 2]);
      // The restored socket is still in its room.
      const other = server.connect();
      await once(other, 'welcome');
      const inRoom = once(s, 'room');
      other.emit('to-room', 'r1', 'still here');
      // In recovery mode the server appends each broadcast's offset as a last argument (socket.io-client passes it
      // on to listeners as well).
      const [text, offset] = await inRoom;
      expect(text).to.equal('still here');
      expect(offset).to.be.a('string');
    });

    it('recovers again after a second cut, over long-polling (the offset follows the last event received)', async () => {
      const { s, ticks } = await setUp({ connectionStateRecovery: {} }, ['polling']);
      // Private emits carry an offset too; a server request with an ack does not, and must not be taken for one.
      s.emit('echo', 'private');
      const [text, offset] = await once(s, 'echo');
      expect(text).to.equal('private');
      expect(offset).to.be.a('string');
      s.on('question', (q: string, cb: (a: string) => void) => cb(q + '!'));
      s.emit('ask-plain', 'q');
      expect((await once(s, 'answer'))[0]).to.equal('q!');
      for (const n of [1, 2]) {
        const back = once(s, 'connect');
        await server.action('dropAndEmit', ['tick', n]);
        await back;
        expect(s.recovered).to.equal(true);
        expect(await s.emitWithAck('ack', 'sync')).to.equal('sync');
      }
      expect(ticks).to.deep.equal([0, 1, 2]);
    });

    it('without connectionStateRecovery the client starts a new session and misses the events', async () => {
      const { s, ticks, id } = await setUp({});
      const back = once(s, 'connect');
      await server.action('dropAndEmit', ['tick', 1]);
      await back;
      expect(s.recovered).to.equal(false);
      expect(s.id).to.not.equal(id);
      expect(await s.emitWithAck('ack', 'sync')).to.equal('sync');
      expect(ticks).to.deep.equal([0]);
    });
  });
}
