import { expect } from 'chai';
import type { Browser, Page } from 'puppeteer-core';
import { launchChromium } from '../support/chromium.js';
import {
  connected,
  count,
  delivered,
  join,
  onlineCount,
  openRoom,
  say,
  sees,
  startChat,
  stopChat,
  transport,
  twoPages,
  type,
  type Chat,
} from './chat-helpers.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';

/** Every HTTP answer of 400 or more the page got (the favicon included). */
function failedRequests(page: Page): string[] {
  const failed: string[] = [];
  page.on('response', (res) => res.status() >= 400 && failed.push(`${res.status()} ${res.url()}`));
  return failed;
}

/** Counts, in the page, every time the online list lost someone, however briefly (a flap). */
const watchDepartures = (page: Page) =>
  page.evaluate(() => {
    const list = document.querySelector('#online')!;
    let last = list.children.length;
    (window as unknown as { departures: number }).departures = 0;
    new MutationObserver(() => {
      if (list.children.length < last) (window as unknown as { departures: number }).departures++;
      last = list.children.length;
    }).observe(list, { childList: true });
  });
const departures = (page: Page) => page.evaluate(() => (window as unknown as { departures: number }).departures);

describe('demo/chat in headless Chromium', function () {
  this.timeout(60_000);
  let browser: Browser;
  let chat: Chat | undefined;
  let proxy: TcpProxy | undefined;

  before(async () => {
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    for (const context of browser.browserContexts()) if (context !== browser.defaultBrowserContext()) await context.close();
    for (const page of await browser.pages()) await page.close();
    await proxy?.close();
    if (chat) await stopChat(chat.child);
    chat = proxy = undefined;
  });

  it('chats between two pages, one of them on long-polling, and both carry on after a server restart', async () => {
    chat = await startChat(0);
    const url = `http://127.0.0.1:${chat.port}/`;
    const [ann, ben] = await twoPages(browser, (who) => `${url}?name=${who}${who === 'ben' ? '&transports=polling' : ''}`);
    expect(await transport(ann)).to.equal('via websocket');
    expect(await transport(ben)).to.equal('via polling');
    expect(await ann.$eval('#banner', (el) => (el as HTMLElement).hidden), 'no banner while all is well').to.equal(true);

    await join(ann, '#dev');
    await join(ben, '#dev');
    await sees(ann, 'ben joined #dev');
    await say(ann, 'hello from ann');
    await sees(ben, 'hello from ann');

    // Restart the server on the same port: both pages say so, reconnect, rejoin their channels and chat on.
    await stopChat(chat.child);
    await Promise.all([
      ann.waitForSelector('#banner[data-state="reconnecting"]:not([hidden])'),
      ben.waitForSelector('#banner[data-state="reconnecting"]:not([hidden])'),
    ]);
    chat = await startChat(chat.port);
    await Promise.all([connected(ann), connected(ben)]);
    await onlineCount(ann, 2);
    expect(await ann.$eval('#banner', (el) => (el as HTMLElement).hidden)).to.equal(true);
    await say(ben, 'back again');
    await sees(ann, 'back again');
    // Rejoining after the restart is quiet: nobody "joined" again.
    expect(await count(ann, 'ben joined #dev')).to.equal(1);
    expect(await count(ann, 'You joined #dev')).to.equal(1);
  });

  it('a cut within the recovery window: no leave and join, and nothing missed either way', async () => {
    chat = await startChat(0);
    proxy = await startTcpProxy(chat.port);
    const direct = `http://127.0.0.1:${chat.port}/`;
    const [ann, ben] = await twoPages(browser, (who) => (who === 'ben' ? `${proxy!.url}/?name=ben` : `${direct}?name=ann`));
    await say(ann, 'before the cut');
    await sees(ben, 'before the cut');
    await watchDepartures(ann);

    // Cut off, as by a bad network: the page's retries wait at the proxy until it is back.
    proxy.hold('pause');
    proxy.cut();
    await ben.waitForSelector('#banner[data-state="reconnecting"]:not([hidden])');
    await say(ann, 'while ben is away'); // delivered: the server stored it, though ben cannot hear it now
    await type(ben, 'written offline');
    expect(await ben.$eval('#messages li.mine:last-child .mark', (el) => el.textContent)).to.equal('sending…');

    proxy.release();
    await connected(ben);
    expect(await ben.$eval('#app', (el) => (el as HTMLElement).dataset.session), 'the session came back').to.equal('recovered');
    await sees(ben, 'while ben is away');
    await delivered(ben, 'written offline');
    await sees(ann, 'written offline');
    expect(await count(ben, 'while ben is away'), 'once, not twice').to.equal(1);
    expect(await count(ann, 'written offline')).to.equal(1);
    expect(await departures(ann), 'ben never left ann\'s online list').to.equal(0);
    expect(await count(ann, 'joined') + (await count(ann, 'left'))).to.equal(0);
  });

  it('serves a channel\'s recent history on join, counts unread messages, and shows who is typing', async () => {
    chat = await startChat(0);
    const url = `http://127.0.0.1:${chat.port}/`;
    const ann = await browser.newPage();
    await ann.goto(`${url}?name=ann`);
    await connected(ann);
    await say(ann, 'said before ben came');
    await join(ann, '#dev');
    await say(ann, 'dev talk before ben came');

    const ben = await (await browser.createBrowserContext()).newPage();
    await ben.goto(`${url}?name=ben`);
    await sees(ben, 'said before ben came');
    await join(ben, '#dev');
    await sees(ben, 'dev talk before ben came');

    await openRoom(ben, '#general');
    await say(ann, 'one');
    await say(ann, 'two');
    await ben.waitForFunction(() => document.querySelector('#rooms .badge')?.textContent === '2');
    expect(await ben.title()).to.equal('(2) sockjet chat');
    await openRoom(ben, '#dev');
    await ben.waitForFunction(() => !document.querySelector('#rooms .badge') && document.title === 'sockjet chat');

    // Text stays text (no markup gets through); web addresses become links, without the sentence's full stop.
    await say(ann, '<b>not bold</b> see https://example.com/a?b=1.');
    await sees(ben, '<b>not bold</b> see https://example.com/a?b=1.');
    expect(await ben.$$eval('#messages a', (links) => links.map((a) => [a.getAttribute('href'), a.getAttribute('rel')]))).to.deep.equal([
      ['https://example.com/a?b=1', 'noopener noreferrer'],
    ]);
    expect(await ben.$$eval('#messages b', (bold) => bold.length)).to.equal(0);

    await ben.type('#text', 'hm');
    await ann.waitForFunction(() => document.querySelector('#typing')?.textContent === 'ben is typing…');
    await ben.keyboard.press('Enter');
    await ann.waitForFunction(() => document.querySelector('#typing')?.textContent === '');
  });

  it('asks for a nickname on a proper screen, keeps a chosen theme, and no request fails (favicon included)', async () => {
    chat = await startChat(0);
    const page = await (await browser.createBrowserContext()).newPage();
    const failed = failedRequests(page);
    await page.goto(`http://127.0.0.1:${chat.port}/`);
    await page.waitForSelector('#welcome:not([hidden]) #name');
    expect(await page.$eval('label[for="name"]', (el) => el.textContent)).to.equal('Pick a nickname');
    expect(await page.evaluate(() => document.activeElement?.id), 'the field has focus').to.equal('name');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('#name-error')?.textContent?.includes('nickname'));
    await page.type('#name', 'cleo');
    await page.keyboard.press('Enter');
    await connected(page);
    expect(await page.$eval('#me-name', (el) => el.textContent)).to.equal('cleo');
    // The theme follows the system until the user picks one, and the choice is kept for the next visit.
    expect(await page.$eval('#theme', (el) => el.getAttribute('aria-label'))).to.equal('Switch to the dark theme');
    await page.click('#theme');
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).to.equal('dark');
    expect(await page.$eval('#theme', (el) => el.getAttribute('aria-label'))).to.equal('Switch to the light theme');
    await page.reload();
    await connected(page);
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).to.equal('dark');
    const icon = await page.evaluate(async () => (await fetch('/favicon.ico')).status);
    expect(icon).to.equal(200);
    expect(failed).to.deep.equal([]);
  });
});
