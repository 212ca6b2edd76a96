import { expect } from 'chai';
import { executeServerCommand } from '@web/test-runner-commands';

declare global {
  // The globals the <script> build defines.
  // eslint-disable-next-line no-var
  var io: ((url?: string, opts?: Record<string, unknown>) => any) | undefined;
  // eslint-disable-next-line no-var
  var sockjet: Record<string, unknown> | undefined;
}

function loadScript(src: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error(`could not load ${src}`));
    document.head.append(script);
  });
}

describe('the <script> build', () => {
  it('loads dist/sockjet.min.js from a script tag and defines io and sockjet', async () => {
    await loadScript('/dist/sockjet.min.js');
    expect(globalThis.io).to.be.a('function');
    expect(globalThis.sockjet?.io).to.equal(globalThis.io);
    expect(globalThis.sockjet?.Manager).to.be.a('function');
    expect(globalThis.sockjet?.Socket).to.be.a('function');
  });

  it('serves itself from the server at /socket.io/sockjet.min.js and talks to it', async () => {
    const { id, url } = await executeServerCommand<{ id: number; url: string }, unknown>('server:start', {
      kind: 'sockjet',
    });
    try {
      // A fresh window, so the global comes from the server's copy and not from the test above.
      const frame = document.createElement('iframe');
      document.body.append(frame);
      const win = frame.contentWindow as unknown as Window & typeof globalThis;
      await new Promise<void>((resolve, reject) => {
        const script = win.document.createElement('script');
        script.src = `${url}/socket.io/sockjet.min.js`;
        script.onload = () => resolve();
        script.onerror = () => reject(new Error('the server did not serve sockjet.min.js'));
        win.document.head.append(script);
      });
      const socket = win.io!(url, { reconnection: false });
      const echoed = await new Promise<unknown[]>((resolve) => {
        socket.on('connect', () => socket.emit('echo', 'hi', { n: 1 }));
        socket.on('echo', (...args: unknown[]) => resolve(args));
      });
      expect(echoed).to.deep.equal(['hi', { n: 1 }]);
      // Binary both ways, nested: the build shortens internal `_` names, but `_placeholder` crosses the wire.
      const binary = await new Promise<unknown[]>((resolve) => {
        socket.once('echo', (...args: unknown[]) => resolve(args));
        // The frame's own constructors: an ArrayBuffer from this window is not an `instanceof ArrayBuffer` there.
        socket.emit('echo', 'bytes', { file: new win.Uint8Array([1, 2, 255]), list: [new win.Uint8Array([7]).buffer] });
      });
      const { file, list } = binary[1] as { file: ArrayBuffer; list: ArrayBuffer[] };
      expect(binary[0]).to.equal('bytes');
      expect([...new Uint8Array(file)]).to.deep.equal([1, 2, 255]);
      expect([...new Uint8Array(list[0]!)]).to.deep.equal([7]);
      socket.disconnect();
      frame.remove();
    } finally {
      await executeServerCommand('server:close', { id });
    }
  });
});
