import { expect } from 'chai';
import { MemoryAdapter } from '../../src/server/adapter/memory-adapter.js';
import { Server } from '../../src/server/server.js';
import { SERVER_DEFAULTS, resolveServerOptions } from '../../src/server/server-options.js';

describe('Server options', () => {
  it("has Socket.IO's defaults", () => {
    const { layer, engine } = resolveServerOptions();
    expect(engine.path).to.equal('/socket.io/');
    expect(layer.connectTimeout).to.equal(45000);
    expect(layer.serveClient).to.equal(true);
    expect(layer.adapter).to.equal(MemoryAdapter);
    expect(layer.cleanupEmptyChildNamespaces).to.equal(true);
    expect(SERVER_DEFAULTS.path).to.equal('/socket.io/');
  });

  it('passes engine options to the engine, which validates them', async () => {
    const io = new Server({ pingInterval: 1234, path: '/rt' });
    expect(io.engine.options.pingInterval).to.equal(1234);
    expect(io.engine.options.path).to.equal('/rt/');
    await io.close();
    expect(() => new Server({ pingInterval: -1 })).to.throw().with.property('code', 'ERR_INVALID_OPTION');
  });

  const bad: [string, unknown][] = [
    ['connectTimeout', -5],
    ['connectTimeout', '100'],
    ['connectTimeout', Infinity],
    ['serveClient', 'yes'],
    ['adapter', {}],
    ['connectionStateRecovery', 5],
    ['connectionStateRecovery', { maxDisconnectionDuration: -1 }],
    ['connectionStateRecovery', { skipMiddlewares: 'no' }],
    ['cleanupEmptyChildNamespaces', 1],
  ];
  for (const [name, value] of bad) {
    it(`refuses ${name}: ${JSON.stringify(value)} with ERR_INVALID_OPTION`, () => {
      expect(() => new Server({ [name]: value })).to.throw(new RegExp(name)).with.property('code', 'ERR_INVALID_OPTION');
    });
  }

  it('refuses options that are not an object', () => {
    expect(() => resolveServerOptions('x')).to.throw().with.property('code', 'ERR_INVALID_OPTION');
  });

  it("merges connectionStateRecovery over Socket.IO's defaults, and leaves it off when absent", async () => {
    expect(resolveServerOptions().layer.connectionStateRecovery).to.equal(undefined);
    expect(resolveServerOptions({ connectionStateRecovery: {} }).layer.connectionStateRecovery).to.deep.equal({
      maxDisconnectionDuration: 120_000,
      skipMiddlewares: true,
    });
    const io = new Server({ connectionStateRecovery: { maxDisconnectionDuration: 1000 } });
    expect(io.options.connectionStateRecovery).to.deep.equal({ maxDisconnectionDuration: 1000, skipMiddlewares: true });
    await io.close();
  });

  it('builds adapters from a class or a factory', async () => {
    const made: string[] = [];
    const io = new Server({
      adapter: (nsp) => {
        made.push(nsp.name);
        return new MemoryAdapter(nsp);
      },
    });
    io.of('/chat');
    expect(made).to.deep.equal(['/', '/chat']);
    expect(io.of('/chat').adapter).to.be.instanceOf(MemoryAdapter);
    await io.close();
  });
});
