import { expect } from 'chai';
import { bytes, reply, serverForEachTest, type Kind } from './browser-helpers.js';
import { once } from '../support/events.js';

/** Acknowledgements and binary payloads in Chromium, against sockjet's server and the official socket.io one. */
for (const kind of ['sockjet', 'socket.io'] as const satisfies readonly Kind[]) {
  describe(`sockjet client in Chromium against the ${kind} server: acks and binary`, () => {
    const { connect } = serverForEachTest(kind);

    describe('acknowledgements', () => {
      it('client to server: plain callback, with a timeout, and emitWithAck', async () => {
        const s = connect();
        const plain = await reply(s, 'ack', 1, 'two');
        expect(plain).to.deep.equal([1, 'two']);
        const timed = await reply(s.timeout(5000), 'ack', { x: 1 });
        expect(timed).to.deep.equal([null, { x: 1 }]);
        expect(await s.emitWithAck('ack', 'only')).to.equal('only');
        expect(await s.timeout(5000).emitWithAck('ack', [3])).to.deep.equal([3]);
      });

      it('client to server: unanswered acks time out (ERR_ACK_TIMEOUT); ackTimeout applies by default', async () => {
        const s = connect('/', { ackTimeout: 50 });
        const [err] = await reply(s.timeout(30), 'no-such-event', 1);
        expect(err).to.be.instanceOf(Error);
        expect((err as { code: string }).code).to.equal('ERR_ACK_TIMEOUT');
        const rejected = await s.emitWithAck('no-such-event').then(
          () => undefined,
          (e: unknown) => e,
        );
        expect((rejected as { code: string }).code).to.equal('ERR_ACK_TIMEOUT');
        // ackTimeout makes a plain callback error-first too: the answer comes second.
        const t = connect('/', { ackTimeout: 5000 });
        const answered = await reply(t, 'ack', 'yes');
        expect(answered).to.deep.equal([null, 'yes']);
      });

      it('server to client: plain ack, ack with timeout, binary answer, server-side timeout', async () => {
        const s = connect();
        let answer: (cb: (...a: unknown[]) => void, q: unknown) => void = (cb, q) => cb(q, 'plain');
        s.on('question', (q: unknown, cb: (...a: unknown[]) => void) => answer(cb, q));
        s.emit('ask-plain', 'q1');
        expect(await once(s, 'answer')).to.deep.equal(['q1', 'plain']);
        answer = (cb) => cb(new Uint8Array([7, 8]), { n: 1 });
        s.emit('ask', 'q2');
        const [bin, obj] = await once(s, 'answer');
        expect(bytes(bin)).to.deep.equal([7, 8]);
        expect(obj).to.deep.equal({ n: 1 });
        answer = () => undefined; // never answers: the server's 30 ms timeout fires
        s.emit('ask', 'q3', 30);
        expect(await once(s, 'answer')).to.deep.equal([{ error: 'operation has timed out' }]);
      });
    });

    describe('binary', () => {
      it('sends ArrayBuffer, typed arrays, views, DataView and Blob, at the top level and nested', async () => {
        const s = connect();
        const buf = new Uint8Array([10, 11, 12, 13, 14, 15]).buffer;
        const sent = [
          buf,
          new Uint8Array([1, 2, 3]),
          new Int16Array([1, -1]),
          new Float32Array([1.5]),
          new Uint8Array(buf, 2, 3), // a view on part of a buffer: only its bytes go
          new DataView(buf, 1, 2),
          new Blob([new Uint8Array([42, 43])]),
          { deep: { list: [new Uint8Array([5]), 'text', { blob: new Blob([new Uint8Array([6])]) }] } },
        ];
        const res = (await s.emitWithAck('ack', ...sent)) as unknown;
        // emitWithAck resolves with the first argument; ask for all of them with a plain callback.
        expect(bytes(res)).to.deep.equal([10, 11, 12, 13, 14, 15]);
        const all = await reply(s, 'ack', ...sent);
        expect(all.slice(0, 7).map(bytes)).to.deep.equal([
          [10, 11, 12, 13, 14, 15],
          [1, 2, 3],
          [1, 0, 255, 255],
          [...new Uint8Array(new Float32Array([1.5]).buffer)],
          [12, 13, 14],
          [11, 12],
          [42, 43],
        ]);
        const deep = (all[7] as { deep: { list: [unknown, string, { blob: unknown }] } }).deep.list;
        expect(bytes(deep[0])).to.deep.equal([5]);
        expect(deep[1]).to.equal('text');
        expect(bytes(deep[2].blob)).to.deep.equal([6]);
      });

      it('keeps emits with Blobs in order with the ones around them', async () => {
        const s = connect();
        s.emit('echo', 1);
        s.emit('echo', new Blob([new Uint8Array([9, 8, 7])]), 'after');
        s.emit('echo', 3);
        expect(await once(s, 'echo')).to.deep.equal([1]);
        const [bin, after] = await once(s, 'echo');
        expect(bytes(bin)).to.deep.equal([9, 8, 7]);
        expect(after).to.equal('after');
        expect(await once(s, 'echo')).to.deep.equal([3]);
      });

      it('receives binary from the server, at the top level and nested', async () => {
        const s = connect();
        s.emit('send-binary');
        const [top, rest] = (await once(s, 'binary')) as [unknown, { nested: { deep: unknown[] }; text: string }];
        expect(top).to.be.instanceOf(ArrayBuffer);
        expect(rest.nested.deep[0]).to.be.instanceOf(ArrayBuffer);
        expect(bytes(top)).to.deep.equal([0, 1, 2, 254, 255]);
        expect(bytes(rest.nested.deep[0])).to.deep.equal([1, 2]);
        expect(rest.text).to.equal('ok');
      });
    });
  });
}
