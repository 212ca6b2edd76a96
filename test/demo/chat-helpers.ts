import { spawn, type ChildProcess } from 'node:child_process';
import type { Browser, Page } from 'puppeteer-core';

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
