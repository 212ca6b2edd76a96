import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * Puts a gate in front of every 'upgrade' listener the server has now (the Engine's WebSocket handling): while
 * `blocked()` says so, an upgrade is answered 403 and its socket closed, so clients fall back to long-polling
 * as they would behind a proxy that does not pass WebSocket through. Long-polling requests are untouched.
 */
export function guardUpgrades(http: HttpServer, blocked: () => boolean): void {
  const listeners = http.listeners('upgrade') as ((req: IncomingMessage, socket: Duplex, head: Buffer) => void)[];
  http.removeAllListeners('upgrade');
  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (!blocked()) {
      for (const listener of listeners) listener.call(http, req, socket, head);
      return;
    }
    // A reset while refusing ends this socket only (an 'error' nobody listens to would end the process).
    socket.on('error', () => socket.destroy());
    socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });
}
