import { expect } from 'chai';
import { SocketPacketType } from '../../src/protocol/socket-packet.js';
import { Server } from '../../src/server/server.js';
import { join } from './fake-connection.js';

const { EVENT, BINARY_EVENT } = SocketPacketType;

describe('Broadcasts are prepared once (fake connections)', () => {
  let io: Server;

  beforeEach(() => {
    io = new Server({ connectTimeout: 50 });
  });

  afterEach(async () => {
    await io.close();
  });

  function room(count: number) {
    const members = Array.from({ length: count }, () => join(io));
    for (const { conn, socket } of members) {
      void socket.join('r');
      conn.take();
      conn.prepared.length = 0;
    }
    return members.map((m) => m.conn);
  }

  it('hands every recipient the same prepared message', () => {
    const conns = room(3);
    io.to('r').emit('news', { n: 1 });
    const [first] = conns[0]!.prepared;
    for (const conn of conns) {
      expect(conn.prepared).to.have.length(1);
      expect(conn.prepared[0]).to.equal(first);
      expect(conn.take()).to.deep.equal([{ type: EVENT, nsp: '/', data: ['news', { n: 1 }] }]);
    }
  });

  it('prepares each broadcast afresh', () => {
    const conns = room(2);
    io.to('r').emit('news', 1);
    io.to('r').emit('news', 2);
    const [a, b] = conns;
    expect(a!.prepared[0]).to.not.equal(a!.prepared[1]);
    expect(a!.prepared).to.deep.equal(b!.prepared);
    expect(a!.take().map((p) => p.data)).to.deep.equal([['news', 1], ['news', 2]]);
  });

  it('prepares the attachments of a binary broadcast once too', () => {
    const conns = room(2);
    io.to('r').emit('file', Buffer.from([1, 2]));
    const [a, b] = conns;
    expect(a!.prepared).to.have.length(2);
    expect(a!.prepared[0]).to.equal(b!.prepared[0]);
    expect(a!.prepared[1]).to.equal(b!.prepared[1]);
    const [packet] = b!.take();
    expect(packet!.type).to.equal(BINARY_EVENT);
    expect([...(packet!.data as [string, Uint8Array])[1]]).to.deep.equal([1, 2]);
  });
});
