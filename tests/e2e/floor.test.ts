/**
 * Given the floor, a participant notices wherever they are (issue 16.1, 16.5; SPEC F13, F14), in Chromium:
 * a modal dialog in the viewport from the Contributions tab at 1280×720 and from the bottom of a
 * 360×740 phone page, focus inside it, a flashing title, a vibration on the phone; "Start
 * speaking" takes them to their turn, "I'm not ready" ends it, Escape only dismisses. On the
 * phone, the segment and the speaker's clock stay at the top of the screen.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { TestClient } from '../support/client.ts';
import { runBrowserTests, screenshot } from './support/chromium.ts';
import { browserEvent } from './support/session.ts';

/** "Every view updates live, within a second": allow a loaded machine twice that. */
const LIVE_MS = 2000;

describe.skipIf(!runBrowserTests)('given the floor, a participant notices, in Chromium', () => {
  const event = browserEvent();
  let moderator: TestClient;
  /** A laptop, 1280×720. */
  let amina: Page;
  /** A phone, 360×740. */
  let minh: Page;

  const floorDialog = (page: Page, name = 'You have the floor') => page.getByRole('dialog', { name });

  /** Every corner of the element is inside the page's viewport. */
  async function inViewport(page: Page, selector: ReturnType<Page['getByRole']>): Promise<boolean> {
    const box = await selector.boundingBox();
    const viewport = page.viewportSize();
    if (!box || !viewport) return false;
    return box.x >= 0 && box.y >= 0 && box.x + box.width <= viewport.width && box.y + box.height <= viewport.height;
  }

  const focusInDialog = (page: Page) => page.evaluate(() => !!document.activeElement?.closest('dialog[open]'));

  /** Record the vibrations the page asks for (a desktop Chromium has no motor to feel). */
  async function recordVibrations(page: Page): Promise<void> {
    await page.addInitScript(() => {
      const calls: unknown[] = [];
      Object.assign(window, { vibrations: calls });
      Object.defineProperty(navigator, 'vibrate', { value: (pattern: unknown) => calls.push(pattern) > 0, configurable: true });
    });
  }
  const vibrations = (page: Page) => page.evaluate(() => (window as unknown as { vibrations: unknown[] }).vibrations.length);

  async function raiseHand(page: Page): Promise<void> {
    await page.getByRole('button', { name: 'Raise hand' }).click();
    await page.getByTestId('my-position').waitFor({ timeout: LIVE_MS });
  }

  /** Registered participants are not listed in the state (P1): the moderator finds them by their raised hand. */
  async function giveFloorTo(name: string): Promise<void> {
    const hand = () => moderator.state.queue.hands.find((h) => h.person.name === name);
    await moderator.until(() => !!hand());
    await moderator.must('floor.give', { personId: hand()?.person.id });
  }

  async function endTurn(): Promise<void> {
    await moderator.caughtUp(await moderator.must('floor.end'));
  }

  it('a moderator starts the event; a participant on a laptop and one on a phone join', async () => {
    moderator = await event.server.connect(event.server.tokenOf('kemo-camara'));
    await moderator.must('event.start');
    amina = await event.open('amina', { viewport: { width: 1280, height: 720 } });
    await recordVibrations(amina);
    await event.register(amina, { name: 'Amina Diallo', community: 'Senegalese diaspora', region: 'africa', country: 'France' });
    minh = await event.open('minh', { viewport: { width: 360, height: 740 } });
    await recordVibrations(minh);
    await event.register(minh, { name: 'Tran Van Minh', community: 'Vietnamese diaspora', region: 'asia', country: 'Germany' });
  });

  it('F13: raising a hand offers the sound, and that click turns it on', async () => {
    await raiseHand(amina);
    const offer = amina.getByTestId('sound-offer');
    expect(await offer.textContent()).toContain('Hear a chime when it is your turn?');
    await offer.getByRole('button', { name: 'Sound off' }).click();
    await offer.waitFor({ state: 'detached' });
    expect(await amina.evaluate(() => localStorage.getItem('gavel:sound'))).toBe('on');
  });

  it('F13: on the Contributions tab at 1280×720, the floor opens a dialog in view, with the focus, and the title flashes', async () => {
    await amina.getByRole('tab', { name: /Contributions/ }).click();
    await giveFloorTo('Amina Diallo');
    const dialog = floorDialog(amina);
    await dialog.waitFor({ timeout: LIVE_MS });
    expect(await inViewport(amina, dialog)).toBe(true);
    expect(await focusInDialog(amina)).toBe(true);
    expect(await amina.evaluate(() => document.activeElement?.textContent)).toBe('Start speaking');
    // A screen reader reads its name, then what it means.
    const description = await dialog.getAttribute('aria-describedby');
    expect(await amina.locator(`#${description}`).textContent()).toBe('The moderator has given you the floor. Your time runs from now.');
    // The title alternates between two texts until she answers.
    await expect.poll(() => amina.title(), { timeout: LIVE_MS }).toMatch(/^🔔 YOU HAVE THE FLOOR/);
    await expect.poll(() => amina.title(), { timeout: LIVE_MS }).toMatch(/^▶ You have the floor · /);
    await expect.poll(() => amina.title(), { timeout: LIVE_MS }).toMatch(/^🔔 YOU HAVE THE FLOOR/);
    expect(await vibrations(amina)).toBe(1);
    await screenshot(amina, 'participant-floor-dialog', { fullPage: false });
  });

  it('F13: "Start speaking" closes the dialog and takes her to her turn, with the focus on it; the title stops flashing', async () => {
    await floorDialog(amina).getByRole('button', { name: 'Start speaking' }).click();
    await floorDialog(amina).waitFor({ state: 'detached' });
    expect(await amina.getByRole('tab', { name: 'Live event' }).getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => amina.evaluate(() => document.activeElement?.id)).toBe('my-turn-heading');
    expect(await inViewport(amina, amina.getByTestId('my-turn'))).toBe(true);
    await expect.poll(() => amina.title()).toMatch(/^▶ You have the floor · /);
    // Two ticks of her clock (over a second, longer than a flash) and the title has not changed.
    await amina.evaluate(() => {
      const changes = { count: 0 };
      Object.assign(window, { titleChanges: changes });
      new MutationObserver(() => changes.count++).observe(document.head, { subtree: true, childList: true, characterData: true });
    });
    const clock = amina.getByTestId('my-turn').locator('.timer__value');
    for (let tick = 0; tick < 2; tick++) {
      const shown = await clock.textContent();
      await expect.poll(() => clock.textContent(), { timeout: 3000 }).not.toBe(shown);
    }
    expect(await amina.evaluate(() => (window as unknown as { titleChanges: { count: number } }).titleChanges.count)).toBe(0);
    // Still her turn: she answered the call, she did not give it up.
    expect(moderator.state.floor.current?.person.name).toBe('Amina Diallo');
    await endTurn();
  });

  it('F13: at the bottom of a 360×740 phone page, the dialog is in view and the phone vibrates; "I\'m not ready" ends the turn', async () => {
    await raiseHand(minh);
    // He was about to write in the chat, then scrolled on down to the speakers' bios.
    await minh.getByLabel('Message').focus();
    await minh.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await expect.poll(() => minh.evaluate(() => window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2)).toBe(true);
    await giveFloorTo('Tran Van Minh');
    const dialog = floorDialog(minh);
    await dialog.waitFor({ timeout: LIVE_MS });
    expect(await inViewport(minh, dialog)).toBe(true);
    expect(await focusInDialog(minh)).toBe(true);
    expect(await vibrations(minh)).toBe(1);
    await expect.poll(() => minh.title(), { timeout: LIVE_MS }).toMatch(/^🔔 YOU HAVE THE FLOOR/);
    await screenshot(minh, 'participant-floor-dialog-phone', { fullPage: false });

    await minh.keyboard.press('Tab');
    expect(await minh.evaluate(() => document.activeElement?.textContent)).toBe('I’m not ready');
    await minh.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await moderator.until(() => moderator.state.floor.current === null);
    await minh.getByTestId('my-turn').waitFor({ state: 'detached', timeout: LIVE_MS });
    await expect.poll(() => minh.getByTestId('live-polite').textContent()).toBe('Your turn has ended.');
    // The focus went back where he was.
    expect(await minh.getByLabel('Message').evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await minh.title()).not.toContain('floor');
  });

  it('F13: Escape dismisses the dialog and keeps the turn', async () => {
    await raiseHand(minh);
    await giveFloorTo('Tran Van Minh');
    await floorDialog(minh).waitFor({ timeout: LIVE_MS });
    await minh.keyboard.press('Escape');
    await floorDialog(minh).waitFor({ state: 'detached' });
    expect(moderator.state.floor.current?.person.name).toBe('Tran Van Minh');
    await minh.getByTestId('my-turn').waitFor();
    await endTurn();
  });

  it('F14: on the phone, scrolled to the chat, the segment and the speaker’s clock stay at the top', async () => {
    await raiseHand(amina);
    await giveFloorTo('Amina Diallo');
    await floorDialog(amina).getByRole('button', { name: 'Start speaking' }).click();
    await minh.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    const bar = minh.getByTestId('now-bar');
    await expect.poll(() => bar.textContent(), { timeout: LIVE_MS }).toMatch(/Amina Diallo\s*\d+:\d\d/);
    expect(await bar.textContent()).toContain(moderator.state.agenda.segments[moderator.state.agenda.current]?.title);
    expect(await minh.evaluate(() => window.scrollY)).toBeGreaterThan(500);
    const box = await bar.boundingBox();
    expect(box?.y).toBeGreaterThanOrEqual(0);
    expect(box && box.y + box.height).toBeLessThanOrEqual(80);
    expect(await minh.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    // The clock runs in the bar.
    const first = await bar.getByRole('timer').textContent();
    await expect.poll(() => bar.getByRole('timer').textContent(), { timeout: 3000 }).not.toBe(first);
    await screenshot(minh, 'participant-now-bar-phone', { fullPage: false });
    // Wider screens keep the floor card beside the chat: no bar there.
    expect(await amina.getByTestId('now-bar').isVisible()).toBe(false);
    await endTurn();
  });

  it('reads in French', async () => {
    await minh.getByLabel('Language').selectOption('fr');
    await minh.getByRole('button', { name: 'Lever la main' }).click();
    await giveFloorTo('Tran Van Minh');
    const dialog = floorDialog(minh, 'Vous avez la parole');
    await dialog.waitFor({ timeout: LIVE_MS });
    expect(await dialog.getByRole('button').allTextContents()).toEqual(['Prendre la parole', 'Je ne suis pas prêt·e']);
    await expect.poll(() => minh.title(), { timeout: LIVE_MS }).toMatch(/^🔔 VOUS AVEZ LA PAROLE/);
    await dialog.getByRole('button', { name: 'Prendre la parole' }).click();
    await dialog.waitFor({ state: 'detached' });
    await endTurn();
    await minh.getByLabel('Langue').selectOption('en');
    expect(event.errors).toEqual([]);
  });
});
