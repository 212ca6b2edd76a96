import { expect } from 'chai';
import { Server } from '../../src/server/server.js';
import { join } from './fake-connection.js';

/** Clients share one decoder until a binary packet waits for its attachments; each then has its own. */
describe('Client decoding, binary packets of several clients interleaved', () => {
  let io: Server;

  beforeEach(() => {
    io = new Server({ connectTimeout: 50 });
  });

  afterEach(() => io.close());

  it('keeps each client\'s pending attachments apart from the others\' packets', () => {
    const a = join(io);
    const b = join(io);
    const got: string[] = [];
    a.socket.on('file', (name: string, data: Buffer) => got.push(`a:${name}:${[...data].join()}`));
    b.socket.on('file', (name: string, data: Buffer) => got.push(`b:${name}:${[...data].join()}`));
    b.socket.on('text', (t: string) => got.push(`b:text:${t}`));
    a.conn.receiveRaw('51-["file","x",{"_placeholder":true,"num":0}]');
    b.conn.receiveRaw('2["text","hi"]');
    b.conn.receiveRaw('51-["file","y",{"_placeholder":true,"num":0}]');
    b.conn.receiveRaw(new Uint8Array([2]));
    a.conn.receiveRaw(new Uint8Array([1]));
    a.conn.receiveRaw('2["text","not b"]');
    expect(got).to.deep.equal(['b:text:hi', 'b:y:2', 'a:x:1']);
  });

  it('closes a client whose attachment comes without its packet, and only that client', () => {
    const a = join(io);
    const b = join(io);
    const reasons: string[] = [];
    a.socket.on('disconnect', (r: string) => reasons.push(`a:${r}`));
    b.socket.on('disconnect', (r: string) => reasons.push(`b:${r}`));
    b.conn.receiveRaw('51-["file","y",{"_placeholder":true,"num":0}]');
    a.conn.receiveRaw(new Uint8Array([1]));
    b.conn.receiveRaw(new Uint8Array([2]));
    expect(reasons).to.deep.equal(['a:parse error']);
    expect(b.socket.connected).to.equal(true);
  });
});
