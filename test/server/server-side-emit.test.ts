import { expect } from 'chai';
import type { AdapterNamespace, ServerSideAck } from '../../src/server/adapter/adapter.js';
import { MemoryAdapter } from '../../src/server/adapter/memory-adapter.js';
import { Server } from '../../src/server/server.js';

/** Servers in one process that pretend to be a cluster: only `serverSideEmit` and `serverCount` cross over. */
class FakeBus {
  readonly adapters = new Set<PeerAdapter>();
}

/** A memory adapter whose `serverSideEmit` reaches the same namespace on the other servers of its bus. */
class PeerAdapter extends MemoryAdapter {
  constructor(
    nsp: AdapterNamespace,
    private readonly bus: FakeBus,
  ) {
    super(nsp);
    bus.adapters.add(this);
  }

  override close(): void {
    this.bus.adapters.delete(this);
    super.close();
  }

  override serverCount(): Promise<number> {
    return Promise.resolve(this.peers().length + 1);
  }

  override serverSideEmit(packet: unknown[]): void {
    const last = packet[packet.length - 1];
    const peers = this.peers();
    if (typeof last !== 'function') {
      for (const peer of peers) peer.nsp.serverSideEmitted(structuredClone(packet));
      return;
    }
    const ack = last as ServerSideAck;
    const args = packet.slice(0, -1);
    const responses: unknown[] = [];
    if (!peers.length) return queueMicrotask(() => ack(null, responses));
    for (const peer of peers) {
      let answered = false;
      const reply = (response: unknown) => {
        if (answered) return;
        answered = true;
        responses.push(response);
        if (responses.length === peers.length) ack(null, responses);
      };
      peer.nsp.serverSideEmitted([...structuredClone(args), reply]);
    }
  }

  private peers(): PeerAdapter[] {
    return [...this.bus.adapters].filter((a) => a !== this && a.nsp.name === this.nsp.name);
  }
}

describe('serverSideEmit', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  const server = (opts: ConstructorParameters<typeof Server>[0] = {}) => {
    const io = new Server(opts);
    servers.push(io);
    return io;
  };

  describe('with the in-memory adapter (a single server)', () => {
    it('does nothing for a plain emit, not even locally', () => {
      const io = server();
      const heard: unknown[] = [];
      io.on('hello', (...args: unknown[]) => heard.push(args));
      expect(io.serverSideEmit('hello', 1)).to.equal(true);
      expect(io.of('/chat').serverSideEmit('hello', 2)).to.equal(true);
      expect(heard).to.deep.equal([]);
    });

    it('answers an ack at once with no error and no responses (no other server to answer)', async () => {
      const io = server();
      const answer = await new Promise<[Error | null, unknown[]]>((resolve) =>
        io.serverSideEmit('ping', (err: Error | null, responses: unknown[]) => resolve([err, responses])),
      );
      expect(answer).to.deep.equal([null, []]);
      expect(await io.of('/chat').serverSideEmitWithAck('ping', 1)).to.deep.equal([]);
    });

    it('refuses the namespace lifecycle event names', () => {
      const io = server();
      for (const name of ['connect', 'connection', 'new_namespace']) {
        expect(() => io.serverSideEmit(name)).to.throw(/reserved/).with.property('code', 'ERR_RESERVED_EVENT');
      }
    });
  });

  describe('through an adapter with peers', () => {
    it("reaches the same namespace's listeners on the other servers, with acks", async () => {
      const bus = new FakeBus();
      const adapter = (nsp: AdapterNamespace) => new PeerAdapter(nsp, bus);
      const [a, b, c] = [server({ adapter }), server({ adapter }), server({ adapter })];
      const heard: string[] = [];
      a.on('hello', (from: string) => heard.push(`a heard ${from}`));
      b.on('hello', (from: string) => heard.push(`b heard ${from}`));
      c.of('/other').on('hello', (from: string) => heard.push(`c/other heard ${from}`));
      a.serverSideEmit('hello', 'a');
      c.of('/other');
      b.of('/other').serverSideEmit('hello', 'b/other');
      expect(heard.sort()).to.deep.equal(['b heard a', 'c/other heard b/other']);

      b.on('uptime', (ack: (v: unknown) => void) => ack('b up'));
      c.on('uptime', (ack: (v: unknown) => void) => ack('c up'));
      expect((await a.serverSideEmitWithAck('uptime')).sort()).to.deep.equal(['b up', 'c up']);
    });

    it('never takes a lifecycle event from another server', () => {
      const bus = new FakeBus();
      const adapter = (nsp: AdapterNamespace) => new PeerAdapter(nsp, bus);
      const [, b] = [server({ adapter }), server({ adapter })];
      let connections = 0;
      b.on('connection', () => connections++);
      for (const nsp of [...bus.adapters].map((x) => x.nsp)) nsp.serverSideEmitted(['connection', {}]);
      expect(connections).to.equal(0);
    });
  });
});
