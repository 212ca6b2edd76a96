import { expect } from 'chai';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
// @ts-expect-error: the demo is plain JavaScript, written as a user would
import { createApp } from '../../demo/observability/server.js';
import { client, listenUrl } from './demo-helpers.js';
import { once } from '../support/events.js';
import type { Socket } from '../../src/client/index.js';

describe('demo/observability: metrics behind a token, the dashboard, the Admin UI namespace', () => {
  let app: { http: import('node:http').Server; io: { close(): Promise<void> } };
  let url: string;
  const sockets: Socket[] = [];

  beforeEach(async () => {
    app = createApp({ metricsToken: 't0ken' });
    url = await listenUrl(app.http);
  });
  afterEach(async () => {
    sockets.splice(0).forEach((s) => s.disconnect());
    await app.io.close();
  });

  it('serves metrics to the scraper with the token only, and the dashboard page', async () => {
    const socket = client(url);
    sockets.push(socket);
    await once(socket, 'connect');
    expect((await fetch(`${url}/socket.io/metrics`)).status).to.equal(403);
    const res = await fetch(`${url}/socket.io/metrics`, { headers: { authorization: 'Bearer t0ken' } });
    const families = parsePrometheusTextFormat(await res.text());
    const perNamespace = families.find((f) => f.name === 'sockjet_sockets')!.metrics;
    expect(perNamespace.find((m) => m.labels?.namespace === '/')?.value).to.equal('1');
    expect(perNamespace.map((m) => m.labels?.namespace)).to.include('/admin');
    const page = await fetch(`${url}/socket.io/dashboard`);
    expect(page.status).to.equal(200);
    expect(await page.text()).to.contain('<title>sockjet dashboard</title>');
  });
});
