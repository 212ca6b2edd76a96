import { expect } from 'chai';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { launchChromium } from '../support/chromium.js';
import { checkLayout, settled } from './chat-layout.js';
import { join, openRoom, say, startChat, stopChat, twoPages, type Chat } from './chat-helpers.js';

/**
 * The chat as a person sees it, at a phone's width (390 px) and a laptop's (1280 px), in both themes: nothing
 * sticks out or overflows, the message column is wide enough to read, text has AA contrast, and the channel
 * list folds into a drawer on the phone. Screenshots go to a temporary directory; with UPDATE_SCREENSHOTS=1
 * they replace the ones kept in test/demo/screenshots/ (committed, for people to look at).
 */
const DIR = process.env.UPDATE_SCREENSHOTS ? 'test/demo/screenshots' : joinPath(tmpdir(), 'sockjet-chat-screenshots');
const WIDTHS = { phone: { width: 390, height: 844 }, laptop: { width: 1280, height: 800 } } as const;

async function look(page: Page, file: string) {
  await settled(page);
  const layout = await checkLayout(page);
  await page.screenshot({ path: joinPath(DIR, file) });
  expect(layout.problems, `${file}: layout problems`).to.deep.equal([]);
  return layout;
}

async function show(page: Page, size: keyof typeof WIDTHS, theme: 'light' | 'dark') {
  await page.setViewport(WIDTHS[size]);
  await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: theme }]);
}

describe('demo/chat: layout and screenshots in Chromium', function () {
  this.timeout(90_000);
  let browser: Browser;
  let chat: Chat;
  let ann: Page;
  let ben: Page;

  before(async () => {
    mkdirSync(DIR, { recursive: true });
    [browser, chat] = await Promise.all([launchChromium(), startChat(0)]);
    const url = `http://127.0.0.1:${chat.port}/`;
    [ann, ben] = await twoPages(browser, (who) => `${url}?name=${who}`, (page) => page.setViewport(WIDTHS.laptop));
    // A conversation with groups (ben twice in a row), long messages that must wrap (one with a long link), and an
    // unread channel.
    await say(ann, 'Morning! Is the release still on for today?');
    await say(ben, 'Yes, the build is green.');
    await say(ben, 'I am writing the notes now, anything you want in them? Draft: https://example.com/notes/2026-12-07/release-candidate-with-connection-state-recovery-and-presence');
    await say(ann, 'Mention that a reconnect within two minutes keeps your session: same rooms, and every message you missed arrives in order.');
    await join(ben, '#release');
    await join(ann, '#release');
    await openRoom(ann, '#general');
    await say(ben, 'notes are up in #release');
    await ann.waitForFunction(() => document.querySelector('#rooms .badge')?.textContent === '1');
    await openRoom(ben, '#general');
  });

  after(async () => {
    await browser?.close();
    if (chat) await stopChat(chat.child);
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`laptop, ${theme}: sidebar beside a wide message column`, async () => {
      await show(ann, 'laptop', theme);
      const layout = await look(ann, `chat-1280-${theme}.png`);
      expect(layout.sidebarShown).to.equal(true);
      expect(layout.messages).to.be.within(800, 1280 - 200);
    });

    it(`phone, ${theme}: the channel list folds away and messages get the width`, async () => {
      await show(ann, 'phone', theme);
      // Someone typing shows above the composer (volatile events: ben types until ann sees it).
      await ben.type('#text', 'd');
      await ann.waitForFunction(() => document.querySelector('#typing')?.textContent === 'ben is typing…');
      const layout = await look(ann, `chat-390-${theme}.png`);
      expect(layout.sidebarShown).to.equal(false);
      expect(layout.messages).to.be.at.least(370);
      expect(layout.narrowestText).to.be.at.least(280);
      expect(await ann.$eval('#menu-unread', (el) => el.textContent)).to.equal('1');
    });
  }

  it('phone, dark: the drawer opens over the conversation with the channels and who is online', async () => {
    await show(ann, 'phone', 'dark');
    await ann.click('#menu');
    const layout = await look(ann, 'chat-390-dark-drawer.png');
    expect(layout.sidebarShown).to.equal(true);
    expect(await ann.$eval('#menu', (el) => el.getAttribute('aria-expanded'))).to.equal('true');
    await ann.keyboard.press('Escape');
    await settled(ann);
    expect((await checkLayout(ann)).sidebarShown).to.equal(false);
    expect(await ann.evaluate(() => document.activeElement?.id), 'focus back on the menu button').to.equal('menu');
  });

  it('phone, light: the nickname screen', async () => {
    const page = await (await browser.createBrowserContext()).newPage();
    await show(page, 'phone', 'light');
    await page.goto(`http://127.0.0.1:${chat.port}/`);
    await page.waitForSelector('#welcome:not([hidden]) #name');
    await look(page, 'chat-390-light-nickname.png');
    await page.browserContext().close();
  });

  it('laptop, light: the banner shows once something is wrong (the server is gone)', async () => {
    await show(ann, 'laptop', 'light');
    await stopChat(chat.child);
    await ann.waitForSelector('#banner[data-state="reconnecting"]:not([hidden])');
    await ann.waitForFunction(() => /Reconnecting in \d+ s/.test(document.querySelector('#banner')!.textContent!));
    await look(ann, 'chat-1280-light-reconnecting.png');
  });
});
