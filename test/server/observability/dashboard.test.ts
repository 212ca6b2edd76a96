import { expect } from 'chai';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { io as ioClient, type Socket as ClientSocket } from 'socket.io-client';
import { Server } from '../../../src/server/server.js';
import { launchChromium } from '../../support/chromium.js';
import { once } from '../../support/events.js';
import { listen } from '../../support/net.js';

/** The colours the page draws its series in (see dashboard-page.ts), as RGB. */
const COLOURS = {
  connections: [0x25, 0x63, 0xeb],
  rates: [0x7c, 0x3a, 0xed],
  disconnects: [0xef, 0x44, 0x44],
} as const;

/** Set SCREENSHOT_DIR to keep the screenshots the test takes. */
const keep = process.env.SCREENSHOT_DIR;

/**
 * How many pixels of a PNG screenshot are close to `rgb`. The browser decodes the PNG (an <img> drawn on a canvas),
 * so the check reads the screenshot itself, not the page's canvas.
 */
function countColour(page: Page, png: string, rgb: readonly number[]): Promise<number> {
  return page.evaluate(
    async (b64: string, [r, g, b]: number[]) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.width;
      canvas.height = img.height;
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      const { data } = ctx.getImageData(0, 0, img.width, img.height);
      let n = 0;
      for (let i = 0; i < data.length; i += 4)
        if (Math.abs(data[i]! - r!) < 40 && Math.abs(data[i + 1]! - g!) < 40 && Math.abs(data[i + 2]! - b!) < 40) n++;
      return n;
    },
    png,
    [...rgb],
  );
}

/** Waits until the page has drawn a few polls with messages flowing (a non-zero rate in the stat tiles). */
async function trafficShown(page: Page): Promise<void> {
  await page.waitForFunction(
    // No named function inside: tsx would wrap it in a helper the page does not have.
    () => {
      const rates = [...document.querySelectorAll('#stats .stat')]
        .filter((t) => /^msgs (in|out) \/s$/.test(t.querySelector('span')?.textContent ?? ''))
        .map((t) => Number(t.querySelector('b')?.textContent));
      const drawn = Number(document.body.dataset.samples) >= 12;
      return drawn && rates.length === 2 && rates.every((r) => r > 0) && !!document.querySelector('#rooms')?.textContent?.includes('lobby');
    },
    { timeout: 20_000, polling: 100 },
  ).catch(async (err: Error) => {
    throw new Error(`${err.message}; the page shows:\n${await page.evaluate(() => document.body.innerText)}`);
  });
}

async function chartPixels(page: Page, name: string): Promise<number> {
  const chart = (await page.$(`#${name}`))!;
  const png = (await chart.screenshot({ encoding: 'base64' })) as string;
  if (keep) await chart.screenshot({ path: join(keep, `dashboard-${name}.png`) });
  return countColour(page, png, COLOURS[name as keyof typeof COLOURS]);
}

describe('Dashboard page in Chromium', function () {
  this.timeout(60_000);
  let browser: Browser;
  let io: Server;
  let base: string;
  let clients: ClientSocket[] = [];
  let traffic: NodeJS.Timeout | undefined;

  before(async () => {
    browser = await launchChromium();
    if (keep) mkdirSync(keep, { recursive: true });
  });
  after(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    const http = createServer();
    io = new Server(http, { serveClient: false, dashboard: true });
    io.on('connection', (socket) => {
      void socket.join(socket.handshake.query.room === 'vip' ? ['lobby', 'vip'] : 'lobby');
      socket.on('chat', (text: string) => io.to('lobby').emit('chat', text));
    });
    base = `http://127.0.0.1:${await listen(http)}`;
    // Five clients, two on long-polling only; one leaves and one is sent away, so two disconnect reasons show.
    const specs = [{}, {}, { transports: ['polling'] }, { transports: ['polling'], query: { room: 'vip' } }, {}, {}];
    clients = specs.map((opts) => ioClient(base, { forceNew: true, reconnection: false, ...opts }));
    await Promise.all(clients.map((c) => once(c, 'connect')));
    const leaving = clients.pop()!;
    leaving.disconnect();
    const [sent] = await io.of('/').fetchSockets();
    sent!.disconnect();
    traffic = setInterval(() => {
      for (const c of clients) if (c.connected) c.emit('chat', 'hello');
    }, 25);
  });
  afterEach(async () => {
    clearInterval(traffic);
    for (const c of clients) c.disconnect();
    await io.close();
  });

  it('draws connections, message rates and disconnect reasons, and lists the busiest rooms, on a laptop', async () => {
    const page = await browser.newPage();
    await page.setViewport({ width: 1366, height: 900 });
    await page.goto(`${base}/socket.io/dashboard?interval=250`);
    await trafficShown(page);
    if (keep) await page.screenshot({ path: join(keep, 'dashboard-laptop.png'), fullPage: true });
    // Twelve polls span a tenth of the chart's width: a line that long is some hundred pixels of its colour; the
    // bound only tells a drawn series from an empty chart (grid and labels are grey).
    for (const chart of ['connections', 'rates', 'disconnects']) expect(await chartPixels(page, chart), chart).to.be.greaterThan(40);
    const rooms = await page.$eval('#rooms', (el) => el.textContent);
    expect(rooms).to.match(/lobby\/4/);
    const reasons = await io.metrics().disconnects;
    expect(Object.keys(reasons)).to.have.members(['client namespace disconnect', 'server namespace disconnect']);
    // Two columns side by side.
    const lefts = await page.$$eval('.card', (cards) => new Set(cards.map((c) => Math.round(c.getBoundingClientRect().left))).size);
    expect(lefts).to.equal(2);
    await page.close();
  });

  it('fits a phone screen: one column, no sideways scrolling, charts drawn', async () => {
    const page = await browser.newPage();
    await page.setViewport({ width: 390, height: 844, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    await page.goto(`${base}/socket.io/dashboard?interval=250`);
    await trafficShown(page);
    if (keep) await page.screenshot({ path: join(keep, 'dashboard-phone.png'), fullPage: true });
    const layout = await page.evaluate(() => ({
      overflow: document.documentElement.scrollWidth - window.innerWidth,
      columns: new Set([...document.querySelectorAll('.card')].map((c) => Math.round(c.getBoundingClientRect().left))).size,
      chartWidth: document.getElementById('connections')!.getBoundingClientRect().width,
    }));
    expect(layout.overflow).to.be.at.most(0);
    expect(layout.columns).to.equal(1);
    expect(layout.chartWidth).to.be.greaterThan(300);
    for (const chart of ['connections', 'rates']) expect(await chartPixels(page, chart), chart).to.be.greaterThan(40);
    await page.close();
  });
});
