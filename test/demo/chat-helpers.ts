import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, connect, type Server as NetServer, type Socket as NetSocket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'puppeteer-core';
import { listen } from '../support/net.js';

export interface Chat {
  child: ChildProcess;
  port: number;
}

/** Starts `demo/chat/server.js` (as `npm start` does, minus the build) and resolves with its port. */
export function startChat(port: number): Promise<Chat> {
  const child = spawn(process.execPath, ['demo/chat/server.js'], {
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => reject(new Error(`the chat server exited with ${code}`)));
    child.stdout!.setEncoding('utf8').on('data', (text: string) => {
      const found = /localhost:(\d+)/.exec(text);
      if (found) resolve({ child, port: Number(found[1]) });
    });
  });
}

export function stopChat(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.on('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/**
 * A TCP proxy in front of the chat server that can cut a browser off as a bad network would: `cut()` drops
 * every connection through it and holds new ones until `resume()`. The server sees 'transport close', the
 * page sees its socket die: the case connection state recovery is for.
 */
export class CutProxy {
  private readonly sockets = new Set<NetSocket>();
  private held: NetSocket[] = [];
  private paused = false;

  private constructor(
    private readonly server: NetServer,
    private readonly target: number,
  ) {
    server.on('connection', (client) => (this.paused ? this.held.push(client.pause()) : this.pipe(client)));
  }

  static async start(target: number): Promise<CutProxy> {
    const server = createServer();
    await listen(server);
    return new CutProxy(server, target);
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  cut(): void {
    this.paused = true;
    for (const socket of this.sockets) socket.destroy();
  }

  resume(): void {
    this.paused = false;
    for (const client of this.held.splice(0)) this.pipe(client.resume());
  }

  async close(): Promise<void> {
    for (const socket of [...this.sockets, ...this.held]) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private pipe(client: NetSocket): void {
    const upstream = connect(this.target, '127.0.0.1');
    for (const [a, b] of [[client, upstream], [upstream, client]] as const) {
      this.sockets.add(a);
      a.on('close', () => (this.sockets.delete(a), b.destroy()));
      a.on('error', () => b.destroy()); // a cut: 'close' follows and tidies up
    }
    client.pipe(upstream).pipe(client);
  }
}

// ---- page helpers -------------------------------------------------------------------------------------------------

/** ann in the browser's default context and ben in a context of his own (no shared storage), both online. */
export async function twoPages(browser: Browser, urlOf: (who: 'ann' | 'ben') => string, before?: (page: Page) => Promise<void>): Promise<[Page, Page]> {
  const ann = await browser.newPage();
  const ben = await (await browser.createBrowserContext()).newPage();
  await before?.(ann);
  await Promise.all([ann.goto(urlOf('ann')), ben.goto(urlOf('ben'))]);
  await Promise.all([connected(ann), connected(ben)]);
  await onlineCount(ann, 2);
  return [ann, ben];
}

export const connected = (page: Page) => page.waitForSelector('#banner[data-state="connected"]');
export const transport = (page: Page) => page.$eval('#transport', (el) => el.textContent);
export const onlineCount = (page: Page, n: number) =>
  page.waitForFunction((count) => document.querySelectorAll('#online li').length === count, {}, n);

export async function join(page: Page, room: string): Promise<void> {
  await page.type('#join-name', room);
  await page.keyboard.press('Enter');
  await page.waitForFunction((r) => document.querySelector('#room-title')?.textContent === r, {}, room);
}

/** Opens a channel from the list (on a phone the list is a drawer: open it first). */
export async function openRoom(page: Page, room: string): Promise<void> {
  if (await page.$eval('#menu', (el) => getComputedStyle(el).display !== 'none')) await page.click('#menu');
  await page.evaluate((r) => [...document.querySelectorAll<HTMLElement>('#rooms button.room')].find((b) => b.textContent?.startsWith(r))?.click(), room);
  await page.waitForFunction((r) => document.querySelector('#room-title')?.textContent === r, {}, room);
}

/** Sends a message and waits for its delivered mark (the server stored it). */
export async function say(page: Page, text: string): Promise<void> {
  await type(page, text);
  await delivered(page, text);
}

export async function type(page: Page, text: string): Promise<void> {
  await page.type('#text', text);
  await page.keyboard.press('Enter');
}

export const delivered = (page: Page, text: string) =>
  page.waitForFunction(
    (t) => [...document.querySelectorAll('#messages li.mine')].some((li) => li.textContent?.includes(t) && li.querySelector('[data-delivered="true"]')),
    {},
    text,
  );

export const sees = (page: Page, text: string) =>
  page.waitForFunction((t) => [...document.querySelectorAll('#messages li')].some((li) => li.textContent?.includes(t)), {}, text);

/** How many lines of the open channel contain `text`. */
export const count = (page: Page, text: string) =>
  page.$$eval('#messages li', (items, t) => items.filter((li) => li.textContent?.includes(t as string)).length, text);
