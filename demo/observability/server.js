// A server you can see into (issue 16): debug logs, the official Admin UI, Prometheus metrics and the live
// dashboard. Run it with `DEBUG=sockjet:* npm run demo:observability` to see the debug story as well.
import { pathToFileURL } from 'node:url';
import { createServer } from 'node:http';
import { instrument } from '@socket.io/admin-ui';
import { Server } from 'sockjet/server';
/** @import { AddressInfo } from 'node:net' */

export function createApp({ metricsToken = process.env.METRICS_TOKEN ?? 'change-me' } = {}) {
  const http = createServer();
  const io = new Server(http, {
    // GET /socket.io/metrics for a Prometheus scraper that sends `Authorization: Bearer <token>`.
    metrics: { auth: (req) => req.headers.authorization === `Bearer ${metricsToken}` },
    // The live page at /socket.io/dashboard; `{ auth(req) }` works here too.
    dashboard: true,
    // The hosted Admin UI (https://admin.socket.io) connects from its own origin.
    cors: { origin: ['https://admin.socket.io'], credentials: true },
  });
  // @socket.io/admin-ui's server side, unchanged (its types name socket.io's Server, hence the cast): in
  // production set `auth` to a username and bcrypt hash.
  instrument(/** @type {any} */ (io), { auth: false, mode: 'development' });

  io.on('connection', (socket) => {
    socket.on('join', (room) => socket.join(String(room)));
    socket.on('chat', (room, text) => io.to(String(room)).emit('chat', text));
  });
  return { http, io };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { http } = createApp();
  http.listen(Number(process.env.PORT ?? 3004), () => {
    const { port } = /** @type {AddressInfo} */ (http.address());
    const base = `http://localhost:${port}/socket.io/`;
    console.log(`dashboard: ${base}dashboard\nmetrics:   ${base}metrics (Authorization: Bearer $METRICS_TOKEN)`);
  });
}
