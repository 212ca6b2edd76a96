import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { hostname } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { instrument } from '@socket.io/admin-ui';
import type { Browser, Page } from 'puppeteer-core';
import { io as ioClient, type Socket as ClientSocket } from 'socket.io-client';
import { Server } from '../../../src/server/server.js';
import type { Socket } from '../../../src/server/socket.js';
import { launchChromium } from '../../support/chromium.js';
import { once } from '../../support/events.js';
import { listen } from '../../support/net.js';

/** The Admin UI's built pages, as the npm package ships them. */
const UI_DIR = fileURLToPath(new URL('../../../node_modules/@socket.io/admin-ui/ui/dist/', import.meta.url));
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'application/javascript', '.css': 'text/css', '.png': 'image/png', '.svg': 'image/svg+xml' };

/** Serves the UI under /admin-ui/ on the same http.Server as sockjet, so the page and the server share an origin. */
async function serveUi(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { pathname } = new URL(req.url ?? '/', 'http://localhost');
  const file = normalize(join(UI_DIR, pathname.replace(/^\/admin-ui\//, '') || 'index.html'));
  if (!pathname.startsWith('/admin-ui/') || !file.startsWith(UI_DIR.replace(/[\\/]$/, '') + sep)) {
    res.writeHead(404).end();
    return;
  }
  try {
    const body = await readFile(file);
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
  } catch {
    res.writeHead(404).end();
  }
}

const shows = (page: Page, ...texts: string[]) =>
  page.waitForFunction((all: string[]) => all.every((t) => document.body.innerText.includes(t)), { timeout: 20_000 }, texts);

describe('@socket.io/admin-ui against a sockjet Server, in Chromium', function () {
  this.timeout(60_000);
  let browser: Browser;
  let io: Server;
  let base: string;
  const clients: ClientSocket[] = [];

  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    const http = createServer((req, res) => void serveUi(req, res));
    io = new Server(http, { serveClient: false });
    // The package's own server-side code, unchanged (its types name socket.io's Server, hence the cast).
    instrument(io as unknown as Parameters<typeof instrument>[0], { auth: false, mode: 'development' });
    io.of('/chat');
    base = `http://127.0.0.1:${await listen(http)}`;
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.disconnect();
    await io.close();
  });

  async function openUi(route: string): Promise<Page> {
    const page = await browser.newPage();
    // The UI connects on load to the server its settings name.
    await page.evaluateOnNewDocument((url: string) => {
      localStorage.setItem('server_url', url);
      localStorage.setItem('namespace', '/admin');
      localStorage.setItem('path', '/socket.io');
    }, base);
    await page.goto(`${base}/admin-ui/${route}`);
    return page;
  }

  it('lists the server, namespaces, sockets with rooms and handshake, events; join, leave and disconnect work', async () => {
    const arrived = new Promise<Socket>((resolve) =>
      io.on('connection', (socket) => {
        void socket.join('room-a');
        socket.on('hello', () => {});
        resolve(socket);
      }),
    );
    const alice = ioClient(base, { forceNew: true, reconnection: false, query: { who: 'alice' } });
    clients.push(alice);
    await once(alice, 'connect');
    const socket = await arrived;
    if (alice.io.engine.transport.name !== 'websocket') await once(alice.io.engine, 'upgrade');

    const page = await openUi('#/servers/');
    await shows(page, 'CONNECTED', hostname(), 'HEALTHY');

    await page.goto(`${base}/admin-ui/#/`);
    await shows(page, 'Namespaces', '/chat', '/admin');

    await page.goto(`${base}/admin-ui/#/sockets/`);
    await shows(page, socket.id);

    await page.goto(`${base}/admin-ui/#/n/%2F/sockets/${socket.id}`);
    await shows(page, 'room-a', 'who', 'alice', '127.0.0.1', 'WebSocket');

    // Join a room through the UI's form.
    const joined = once(io.of('/').adapter, 'join-room', { where: (room) => room === 'room-b', timeout: 30_000 });
    const input = await page.waitForSelector('form:has(.mdi-tag-plus-outline) input[type="text"]');
    await input!.type('room-b');
    await page.click('form:has(.mdi-tag-plus-outline) button[type="submit"]');
    await joined;
    expect([...socket.rooms]).to.have.members([socket.id, 'room-a', 'room-b']);
    await shows(page, 'room-b');

    // Leave room-a with its row's button.
    const left = once(io.of('/').adapter, 'leave-room', { where: (room) => room === 'room-a', timeout: 30_000 });
    await page.evaluate(() => {
      const row = [...document.querySelectorAll('tr')].find((tr) => tr.textContent?.trim() === 'room-a');
      (row?.querySelector('.mdi-tag-off-outline')?.closest('button') as HTMLButtonElement).click();
    });
    await left;
    expect([...socket.rooms]).to.have.members([socket.id, 'room-b']);

    // Events: one from the client, one from the server.
    alice.emit('hello', 'world');
    socket.emit('welcome');
    await page.goto(`${base}/admin-ui/#/events/`);
    await shows(page, 'hello', 'welcome');

    // Disconnect the socket from its details page (the socket's button, not the whole client's).
    await page.goto(`${base}/admin-ui/#/n/%2F/sockets/${socket.id}`);
    await shows(page, 'room-b');
    const gone = once<[string]>(socket, 'disconnect');
    await page.evaluate(() => {
      const buttons = [...document.querySelectorAll('.mdi-logout')].map((i) => i.closest('button') as HTMLButtonElement);
      buttons[buttons.length - 1]!.click();
    });
    expect((await gone)[0]).to.equal('server namespace disconnect');
    await page.close();
  });
});
