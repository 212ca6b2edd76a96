import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import type { Browser, Page } from 'puppeteer-core';
import { launchChromium } from '../support/chromium.js';

/** Starts `demo/chat/server.js` (as `npm start` does, minus the build) and resolves with its port. */
function startChat(port: number): Promise<{ child: ChildProcess; port: number }> {
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

function stopChat(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.on('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

const connected = (page: Page) => page.waitForSelector('#banner[data-state="connected"]');
const transport = (page: Page) => page.$eval('#banner .transport', (el) => el.textContent);

async function join(page: Page, room: string) {
  await page.type('#join-name', room);
  await page.keyboard.press('Enter');
  await page.waitForFunction((r) => document.querySelector('#rooms li.current')?.textContent?.startsWith(r), {}, room);
}

async function say(page: Page, text: string) {
  await page.type('#text', text);
  await page.keyboard.press('Enter');
  await page.waitForFunction(
    (t) => [...document.querySelectorAll('#messages li.mine')].some((li) => li.textContent?.includes(t) && li.querySelector('[data-delivered="true"]')),
    {},
    text,
  );
}

const sees = (page: Page, text: string) =>
  page.waitForFunction((t) => [...document.querySelectorAll('#messages li')].some((li) => li.textContent?.includes(t)), {}, text);

describe('demo/chat in headless Chromium', function () {
  this.timeout(60_000);
  let browser: Browser;
  let server: { child: ChildProcess; port: number };

  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    if (server) await stopChat(server.child);
  });

  it('chats between two pages, one of them on long-polling, and both carry on after a server restart', async () => {
    server = await startChat(0);
    const url = `http://127.0.0.1:${server.port}/`;
    const ann = await browser.newPage();
    const ben = await (await browser.createBrowserContext()).newPage();
    await ann.goto(`${url}?name=ann`);
    await ben.goto(`${url}?name=ben&transports=polling`);
    await Promise.all([connected(ann), connected(ben)]);
    expect(await transport(ben)).to.equal('via polling');
    await ann.waitForFunction(() => document.querySelectorAll('#online li').length === 2);

    await join(ann, '#dev');
    await join(ben, '#dev');
    await say(ann, 'hello from ann');
    await sees(ben, 'hello from ann');

    // Restart the server on the same port: both pages reconnect, rejoin their rooms and go on chatting.
    await stopChat(server.child);
    await Promise.all([
      ann.waitForSelector('#banner[data-state="reconnecting"]'),
      ben.waitForSelector('#banner[data-state="reconnecting"]'),
    ]);
    server = await startChat(server.port);
    await Promise.all([connected(ann), connected(ben)]);
    await ann.waitForFunction(() => document.querySelectorAll('#online li').length === 2);
    await say(ben, 'back again');
    await sees(ann, 'back again');
  });
});
