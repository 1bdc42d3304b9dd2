/**
 * The moderator's console in real Chromium at 1440×900 (issue 15.5): in each kind of segment of
 * the seed event, what the segment is for is on screen without scrolling; chat, notes and
 * people are one click or one key away, and the console remembers which is open.
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { runBrowserTests, screenshot } from './support/chromium.ts';
import { browserEvent } from './support/session.ts';

/** "Every view updates live, within a second": allow a loaded machine twice that. */
const LIVE_MS = 2000;
const VIEWPORT = { width: 1440, height: 900 };

describe.skipIf(!runBrowserTests)('the moderator console fits the segment at hand, in Chromium', () => {
  const event = browserEvent();
  let moderator: Page;

  /** Wholly inside the first screen, the page not scrolled. */
  async function expectAboveTheFold(locator: Locator, what: string): Promise<void> {
    const box = await locator.boundingBox();
    expect(box, `${what} is on the page`).not.toBeNull();
    expect(box!.y, `${what} starts on the first screen`).toBeGreaterThanOrEqual(0);
    expect(box!.y + box!.height, `${what} ends on the first screen`).toBeLessThanOrEqual(VIEWPORT.height);
    expect(await moderator.evaluate(() => window.scrollY)).toBe(0);
  }

  const moveOn = async (title: string) => {
    await moderator.getByRole('button', { name: /Next segment/ }).click();
    await expect.poll(() => moderator.locator('.run__segment').textContent(), { timeout: LIVE_MS }).toContain(title);
  };
  const queueCard = () => moderator.locator('section', { has: moderator.getByRole('heading', { name: /^Queue/ }) });

  it('remarks: the floor and the queue are on the first screen', async () => {
    moderator = await event.open('moderator', { viewport: VIEWPORT });
    await moderator.goto(`${event.base}#k=${event.server.tokenOf('kemo-camara')}`);
    await moderator.locator('[data-view="moderator"]').waitFor();
    await moderator.getByRole('button', { name: 'Start the event' }).click();
    await expect.poll(() => moderator.locator('.run__segment').textContent(), { timeout: LIVE_MS }).toContain('Introduction');
    await expectAboveTheFold(moderator.getByRole('button', { name: /Next segment/ }), 'Next segment');
    await expectAboveTheFold(moderator.getByTestId('give-next'), 'the primary action');
    await expectAboveTheFold(queueCard().getByRole('button', { name: 'Close queue' }), 'the queue’s controls');
  });

  it('a panel: every panelist’s turn and the questions are on the first screen', async () => {
    await moveOn('Sharing Successes');
    const panel = moderator.getByTestId('panel-turns');
    await panel.waitFor({ timeout: LIVE_MS });
    await expectAboveTheFold(panel, 'the panel turns card');
    expect(await panel.locator('li').count()).toBe(7);
    await expectAboveTheFold(panel.getByRole('button', { name: 'Change the time allocated to Yohannes Assefa' }), 'the last panelist’s controls');
    await expectAboveTheFold(moderator.getByRole('heading', { name: 'Questions for the panel' }), 'the questions');
    await screenshot(moderator, 'console-panel', { fullPage: false });
  });

  it('at 1280×720 the same console keeps its three columns, the panel starting on the first screen', async () => {
    const small = await event.open('moderator-1280', { viewport: { width: 1280, height: 720 } });
    await small.goto(`${event.base}#k=${event.server.tokenOf('kemo-camara')}`);
    const panel = small.getByTestId('panel-turns');
    await panel.waitFor();
    const panelBox = (await panel.boundingBox())!;
    const primary = (await small.getByTestId('give-next').boundingBox())!;
    const sideTabs = (await small.getByRole('tablist', { name: 'More' }).boundingBox())!;
    const firstTurn = (await panel.locator('li').first().boundingBox())!;
    expect(panelBox.y).toBeGreaterThanOrEqual(0);
    expect(firstTurn.y + firstTurn.height).toBeLessThanOrEqual(720);
    expect(primary.y + primary.height).toBeLessThanOrEqual(720);
    expect(primary.x + primary.width).toBeLessThanOrEqual(panelBox.x);
    expect(sideTabs.x).toBeGreaterThanOrEqual(panelBox.x + panelBox.width);
    expect(await small.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
    await screenshot(small, 'console-panel-1280', { fullPage: false });
    await small.context().close();
  });

  it('a plenary: the speaker queue is on the first screen, ahead of the rest', async () => {
    await moveOn('Exploring Best Practices');
    await expectAboveTheFold(queueCard(), 'the queue');
    await expectAboveTheFold(moderator.getByTestId('give-next'), 'the primary action');
  });

  it('the way forward: the proposals, then the vote, are on the first screen', async () => {
    await moveOn('Agreeing on a Way Forward');
    const manager = moderator.getByTestId('proposals-manager');
    await expectAboveTheFold(manager, 'the proposals');
    await moderator.getByLabel('New proposal').fill('Create a shared register of diaspora health professionals');
    await manager.getByRole('button', { name: 'Add' }).click();
    await manager.getByRole('button', { name: 'Put on screen' }).click();
    const vote = moderator.getByTestId('vote-panel');
    await vote.waitFor({ timeout: LIVE_MS });
    await expectAboveTheFold(vote, 'the vote');
    await expectAboveTheFold(manager.getByRole('button', { name: 'Close voting' }), 'closing the vote');
    await screenshot(moderator, 'console-way-forward', { fullPage: false });
  });

  it('chat, notes and people are one click away', async () => {
    const chat = moderator.getByTestId('chat');
    await expectAboveTheFold(moderator.getByRole('textbox', { name: 'Message' }), 'the chat');
    await moderator.getByRole('tab', { name: 'Notes' }).click();
    await moderator.getByTestId('capture-panel').waitFor();
    expect(await chat.isVisible()).toBe(false);
    await expectAboveTheFold(moderator.getByTestId('capture-panel').getByRole('button', { name: 'Capture' }), 'capturing a note');
    await moderator.getByRole('tab', { name: 'People' }).click();
    await expectAboveTheFold(moderator.getByRole('region', { name: 'Invite links' }), 'the invite links');
    await moderator.getByRole('region', { name: 'Registration' }).waitFor();
  });

  it('and one key away: arrows, Home and End move between the side tabs', async () => {
    await moderator.getByRole('tab', { name: 'People' }).focus();
    await moderator.keyboard.press('Home');
    await moderator.getByRole('textbox', { name: 'Message' }).waitFor();
    expect(await moderator.evaluate(() => document.activeElement?.textContent)).toBe('Chat');
    await moderator.keyboard.press('ArrowRight');
    await moderator.getByTestId('capture-panel').waitFor();
    expect(await moderator.getByRole('tab', { name: 'Notes' }).getAttribute('aria-selected')).toBe('true');
    // One tab stop: Tab leaves the tab list for the open panel.
    expect(await moderator.getByRole('tab', { name: 'Chat' }).getAttribute('tabindex')).toBe('-1');
  });

  it('the console remembers the open side tab, and a draft survives a look at another tab', async () => {
    await moderator.getByRole('tab', { name: 'Chat' }).click();
    await moderator.getByRole('textbox', { name: 'Message' }).fill('Welcome, everyone');
    await moderator.getByRole('tab', { name: 'People' }).click();
    await moderator.getByRole('tab', { name: 'Chat' }).click();
    expect(await moderator.getByRole('textbox', { name: 'Message' }).inputValue()).toBe('Welcome, everyone');
    await moderator.getByRole('tab', { name: 'Notes' }).click();
    await moderator.reload();
    await moderator.getByTestId('capture-panel').waitFor();
    expect(await moderator.getByRole('tab', { name: 'Notes' }).getAttribute('aria-selected')).toBe('true');
  });

  it('reads in French', async () => {
    await moderator.getByLabel('Language').selectOption('fr');
    await moderator.getByRole('tab', { name: 'Discussion' }).click();
    await moderator.getByRole('tab', { name: 'Personnes' }).waitFor();
    await moderator.getByLabel('Langue').selectOption('en');
    expect(event.errors).toEqual([]);
  });
});
