/**
 * The panel in the moderator's console, in real Chromium at 1280×720 (issue 15.1, SPEC P4, P5):
 * during the seed event's panel the primary action follows the panel order, the queue's first is
 * a second labelled action, and the moderator reorders the panel and changes an allocation from
 * the keyboard.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { runBrowserTests, screenshot } from './support/chromium.ts';
import { browserEvent } from './support/session.ts';

/** "Every view updates live, within a second": allow a loaded machine twice that. */
const LIVE_MS = 2000;

describe.skipIf(!runBrowserTests)('the panel in the moderator console, in Chromium', () => {
  const event = browserEvent();
  let moderator: Page;
  let amina: Page;

  const primary = () => moderator.getByTestId('give-next');
  const fromQueue = () => moderator.getByTestId('give-next-from-queue');
  const panel = () => moderator.getByTestId('panel-turns');
  const nowSpeaking = () => moderator.getByTestId('now-speaking');
  const row = (name: string) => panel().locator('li', { hasText: name });

  it('P5: in "Sharing Successes" the primary action names the next panelist, with nobody in the queue', async () => {
    moderator = await event.open('moderator', { viewport: { width: 1280, height: 720 } });
    await moderator.goto(`${event.base}#k=${event.server.tokenOf('kemo-camara')}`);
    await moderator.locator('[data-view="moderator"]').waitFor();
    await moderator.getByRole('button', { name: 'Start the event' }).click();
    await moderator.locator('.agenda__item--current', { hasText: 'Introduction' }).waitFor({ timeout: LIVE_MS });
    // Outside a panel the primary action is the queue's, disabled with nobody in it.
    expect(await primary().textContent()).toBe('Give the floor to next');
    expect(await primary().isDisabled()).toBe(true);

    await moderator.getByRole('button', { name: /Next segment/ }).click();
    await moderator.locator('.agenda__item--current', { hasText: 'Sharing Successes' }).waitFor({ timeout: LIVE_MS });
    await expect.poll(() => primary().textContent(), { timeout: LIVE_MS }).toBe('Give the floor to next panelist: Adel Karoui');
    expect(await primary().isEnabled()).toBe(true);
    expect(await fromQueue().count()).toBe(0);
    // One "next" on the console: the line above the button says the same.
    expect(await nowSpeaking().textContent()).toBe('Nobody has the floor. Next: Adel Karoui.');
    // The primary action is above the fold at 1280×720.
    const box = await primary().boundingBox();
    expect(box && box.y + box.height).toBeLessThanOrEqual(720);
    // P4: the seed's 50 minutes less the time for questions, shared by seven.
    expect(await panel().getByTestId('panel-time').textContent()).toBe('7 panelists × 5:42 · Q&A 10:06');
    expect(await row('Adel Karoui').locator('.badge', { hasText: 'next' }).count()).toBe(1);
  });

  it('P5: with someone in the queue, the second action names them and the primary still follows the panel', async () => {
    amina = await event.open('amina');
    await event.register(amina, { name: 'Amina Diallo', community: 'Senegalese diaspora', region: 'africa', country: 'France' });
    await amina.getByRole('button', { name: 'Raise hand' }).click();
    await amina.getByTestId('my-position').getByText('You are 1st in the queue').waitFor({ timeout: LIVE_MS });
    await expect.poll(() => fromQueue().textContent(), { timeout: LIVE_MS }).toBe('From the queue: Amina Diallo');
    expect(await primary().textContent()).toBe('Give the floor to next panelist: Adel Karoui');
    expect(await nowSpeaking().textContent()).toBe('Nobody has the floor. Next: Adel Karoui.');
    await screenshot(moderator, 'moderator-panel-next', { fullPage: false });
  });

  it('P5: the primary action gives the floor to the panelist, and then names the one after', async () => {
    await primary().click();
    await row('Adel Karoui').locator('.badge', { hasText: 'speaking' }).waitFor({ timeout: LIVE_MS });
    await expect.poll(() => nowSpeaking().textContent(), { timeout: LIVE_MS }).toContain('Adel Karoui');
    await expect.poll(() => primary().textContent(), { timeout: LIVE_MS }).toBe('Give the floor to next panelist: Dr. Charles Senessie');
    // Amina's hand is where it was: the panel did not take it.
    expect(await fromQueue().textContent()).toBe('From the queue: Amina Diallo');
  });

  it('P3: moving a panelist up the order from the keyboard changes whom the primary action names', async () => {
    const up = moderator.getByRole('button', { name: 'Move Mark Kosmo up the panel order' });
    await up.focus();
    await moderator.keyboard.press('Enter');
    await expect.poll(() => primary().textContent(), { timeout: LIVE_MS }).toBe('Give the floor to next panelist: Mark Kosmo');
    const order = await panel().locator('.panel-turns__name').allTextContents();
    expect(order.slice(0, 3)).toEqual(['1.Adel Karouispeaking', '2.Mark Kosmonext', '3.Dr. Charles Senessie']);
    // Focus stays on the moved panelist's button, so the moderator can keep moving them.
    await expect.poll(() => moderator.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Move Mark Kosmo up the panel order');
    // At 1280×720 the list scrolls within its card: the focused button is not scrolled out of it.
    const list = (await panel().getByRole('list').boundingBox())!;
    const focused = (await up.boundingBox())!;
    expect(focused.y).toBeGreaterThanOrEqual(list.y);
    expect(focused.y + focused.height).toBeLessThanOrEqual(list.y + list.height);
  });

  it('P2: changing an allocation (minutes:seconds) changes the panelist’s shown time and the time left for questions', async () => {
    await moderator.getByRole('button', { name: 'Change the time allocated to Niloufar Rahim' }).click();
    const input = moderator.getByLabel('Time for Niloufar Rahim (minutes:seconds)');
    // The field takes focus: typing replaces the time it shows.
    await expect.poll(() => moderator.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Time for Niloufar Rahim (minutes:seconds)');
    await moderator.keyboard.type('four');
    await moderator.keyboard.press('Enter');
    await row('Niloufar Rahim').getByRole('alert').getByText('Write the time as minutes:seconds, for example 5:30.').waitFor();
    expect(await input.getAttribute('aria-invalid')).toBe('true');
    await input.fill('4:30');
    await moderator.keyboard.press('Enter');
    await expect.poll(() => row('Niloufar Rahim').getByTestId('panel-allocation').textContent(), { timeout: LIVE_MS }).toBe('0:00 / 4:30');
    // 6 × 5:42 + 4:30 = 38:42 of the 50 minutes.
    expect(await panel().getByTestId('panel-time').textContent()).toBe('7 panelists, 38:42 in all · Q&A 11:18');
    await expect.poll(() => moderator.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Change the time allocated to Niloufar Rahim');
    await screenshot(moderator, 'moderator-panel', { fullPage: false });
    // Escape leaves the time as it was.
    await moderator.keyboard.press('Enter');
    await input.waitFor();
    await moderator.keyboard.type('9:00');
    await moderator.keyboard.press('Escape');
    await input.waitFor({ state: 'detached' });
    expect(await row('Niloufar Rahim').getByTestId('panel-allocation').textContent()).toBe('0:00 / 4:30');
  });

  it('F1: the second action gives the floor to the queue’s first; the primary still names the next panelist', async () => {
    await fromQueue().click();
    await amina.getByTestId('my-turn').waitFor({ timeout: LIVE_MS });
    await fromQueue().waitFor({ state: 'detached', timeout: LIVE_MS });
    expect(await primary().textContent()).toBe('Give the floor to next panelist: Mark Kosmo');
  });

  it('reads in French', async () => {
    await moderator.getByLabel('Language').selectOption('fr');
    await expect.poll(() => primary().textContent(), { timeout: LIVE_MS }).toBe('Donner la parole au panéliste suivant\u202f: Mark Kosmo');
    expect(await panel().getByTestId('panel-time').textContent()).toBe('7 panélistes, 38:42 au total · Questions 11:18');
    await moderator.getByRole('button', { name: 'Avancer Mark Kosmo dans l’ordre du panel' }).waitFor();
    await moderator.getByLabel('Langue').selectOption('en');
    expect(event.errors).toEqual([]);
  });
});
