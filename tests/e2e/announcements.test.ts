/**
 * What a moderator tells everyone, in real Chromium (issue 15.7, SPEC CL1, CL2, AN1, AN2, CP1,
 * CP2): from the console at 1280×720, with the keyboard, the moderator sets the call link, posts
 * and clears an announcement, pins and unpins a chat message; a participant on a 360×740 phone
 * sees each, and the stage shows the announcement but never the call link.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { runBrowserTests, screenshot } from './support/chromium.ts';
import { browserEvent } from './support/session.ts';

/** "Every view updates live, within a second": allow a loaded machine twice that. */
const LIVE_MS = 2000;
const CALL = 'https://meet.jit.si/gavel-e2e-announcements';
const ANNOUNCEMENT = '<b>Break</b> until 15:00 & see the board';

describe.skipIf(!runBrowserTests)('what a moderator tells everyone, in Chromium', () => {
  const event = browserEvent();
  let moderator: Page;
  let amina: Page;
  let stage: Page;

  /** Focus a control and press a key: what a keyboard user does. */
  async function press(page: Page, locator: ReturnType<Page['getByRole']>, key = 'Enter'): Promise<void> {
    await locator.focus();
    await page.keyboard.press(key);
  }

  /** The page fits its width: nothing scrolls sideways. */
  const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

  it('a moderator, a participant on a phone and the stage open the event', async () => {
    moderator = await event.open('moderator', { viewport: { width: 1280, height: 720 } });
    await moderator.goto(`${event.base}#k=${event.server.tokenOf('kemo-camara')}`);
    await moderator.locator('[data-view="moderator"]').waitFor();
    amina = await event.open('amina', { viewport: { width: 360, height: 740 } });
    await event.register(amina, { name: 'Amina Diallo', community: 'Senegalese diaspora', region: 'africa', country: 'France' });
    stage = await event.open('stage', { viewport: { width: 1280, height: 720 } });
    await stage.goto(`${event.base}#k=${event.server.tokenOf('stage')}`);
    await stage.locator('[data-view="stage"]').waitFor();
    await moderator.getByRole('button', { name: 'Start the event' }).click();
    await stage.locator('.stage__segment').waitFor({ timeout: LIVE_MS });
    // The seed event has no call link yet: nobody has a button.
    expect(await amina.getByRole('link', { name: 'Join the call' }).count()).toBe(0);
  });

  it('CL1: a link that is not https is explained next to the field and changes nothing', async () => {
    const field = moderator.getByLabel('Call link (Zoom, Jitsi, Teams…)');
    await field.focus();
    await moderator.keyboard.type('http://meet.example.org/insecure');
    await moderator.keyboard.press('Enter');
    await moderator.getByRole('alert').getByText('Enter an address that starts with https:// (500 characters at most).').waitFor();
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect(await moderator.getByText('No call link yet.').count()).toBe(1);
  });

  it('CL1 CL2: the moderator sets the call link; the participant gets a "Join the call" button, the stage nothing', async () => {
    const field = moderator.getByLabel('Call link (Zoom, Jitsi, Teams…)');
    await field.fill('');
    await field.focus();
    await moderator.keyboard.type(` ${CALL} `);
    await moderator.keyboard.press('Enter');
    await expect.poll(() => moderator.getByTestId('call-link-current').textContent(), { timeout: LIVE_MS }).toBe(CALL);
    expect(await field.inputValue()).toBe('');
    const join = amina.getByRole('link', { name: 'Join the call' });
    await join.waitFor({ timeout: LIVE_MS });
    expect(await join.getAttribute('href')).toBe(CALL);
    expect(await join.getAttribute('target')).toBe('_blank');
    expect((await join.getAttribute('rel'))?.split(' ')).toEqual(expect.arrayContaining(['noopener', 'noreferrer']));
    expect(await join.isVisible()).toBe(true);
    expect(await fitsWidth(amina)).toBe(true);
    expect(await stage.getByRole('link', { name: 'Join the call' }).count()).toBe(0);
    expect(await stage.content()).not.toContain('meet.jit.si');
    expect(await stage.evaluate(() => document.documentElement.outerHTML.includes('meet.jit.si'))).toBe(false);
  });

  it('AN1: the moderator posts an announcement; the participant and the stage show it as text, in a polite status region', async () => {
    const text = moderator.getByLabel('Text of the announcement');
    await text.focus();
    await moderator.keyboard.type(ANNOUNCEMENT);
    await moderator.keyboard.press('Enter');
    for (const page of [amina, stage, moderator]) {
      await expect.poll(() => page.getByTestId('announcement').locator('.announcement__text').textContent(), { timeout: LIVE_MS }).toBe(ANNOUNCEMENT);
      // Typed HTML stays text: no element was made of it.
      expect(await page.getByTestId('announcement').locator('b').count()).toBe(0);
      const region = page.locator('[role="status"]', { has: page.getByTestId('announcement') });
      expect(await region.getAttribute('aria-live')).toBe('polite');
    }
    expect(await amina.getByTestId('announcement').isVisible()).toBe(true);
    expect(await fitsWidth(amina)).toBe(true);
    const banner = await stage.getByTestId('announcement').boundingBox();
    expect(banner && banner.y + banner.height).toBeLessThanOrEqual(720);
    await screenshot(amina, 'participant-announcement-phone', { fullPage: false });
    await screenshot(stage, 'stage-announcement', { fullPage: false });
  });

  it('AN2: clearing the announcement takes it off every screen', async () => {
    await press(moderator, moderator.getByRole('button', { name: 'Clear the announcement' }));
    for (const page of [amina, stage, moderator]) await page.getByTestId('announcement').waitFor({ state: 'detached', timeout: LIVE_MS });
    expect(await moderator.getByText('No announcement is shown.').count()).toBe(1);
    // The button left with the announcement: the keyboard is in the field for the next one.
    expect(await moderator.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
  });

  it('CP1: the moderator pins a participant’s message above the chat for everyone, then unpins it', async () => {
    const composer = amina.getByLabel('Message');
    await composer.fill('The slides are at https://example.org/slides');
    await amina.keyboard.press('Enter');
    const pin = moderator.getByRole('button', { name: 'Pin the message from Amina Diallo above the chat' });
    await pin.waitFor({ timeout: LIVE_MS });
    await press(moderator, pin);
    const pinned = amina.getByTestId('pinned-message');
    await expect.poll(() => pinned.locator('.chat__text').textContent(), { timeout: LIVE_MS }).toBe('The slides are at https://example.org/slides');
    expect(await pinned.locator('.chat__author').textContent()).toBe('Amina Diallo');
    expect(await pinned.getByRole('button').count()).toBe(0);
    expect(await pinned.isVisible()).toBe(true);
    expect(await fitsWidth(amina)).toBe(true);
    await screenshot(amina, 'participant-pinned-phone', { fullPage: false });

    await press(moderator, moderator.getByTestId('pinned-message').getByRole('button', { name: 'Unpin the pinned message' }));
    await pinned.waitFor({ state: 'detached', timeout: LIVE_MS });
    await moderator.getByTestId('pinned-message').waitFor({ state: 'detached', timeout: LIVE_MS });
    expect(await moderator.evaluate(() => document.activeElement?.id)).toBe('chat-log');
  });

  it('CP2: deleting a pinned message unpins it on every screen', async () => {
    await press(moderator, moderator.getByRole('button', { name: 'Pin the message from Amina Diallo above the chat' }));
    await amina.getByTestId('pinned-message').waitFor({ timeout: LIVE_MS });
    await press(moderator, moderator.getByRole('button', { name: 'Delete the message from Amina Diallo' }));
    await amina.getByTestId('pinned-message').waitFor({ state: 'detached', timeout: LIVE_MS });
    await moderator.getByTestId('pinned-message').waitFor({ state: 'detached', timeout: LIVE_MS });
    expect(await amina.getByTestId('chat').textContent()).not.toContain('example.org/slides');
  });

  it('reads in French', async () => {
    await moderator.getByLabel('Language').selectOption('fr');
    await moderator.getByRole('heading', { name: 'Annonce à tous' }).waitFor();
    await moderator.getByLabel('Texte de l’annonce').fill('Pause café');
    await moderator.keyboard.press('Enter');
    await amina.getByLabel('Language').selectOption('fr');
    await expect.poll(() => amina.getByTestId('announcement').textContent(), { timeout: LIVE_MS }).toContain('Annonce');
    expect(await amina.getByRole('link', { name: 'Rejoindre l’appel' }).count()).toBe(1);
    await press(moderator, moderator.getByRole('button', { name: 'Effacer l’annonce' }));
    await amina.getByTestId('announcement').waitFor({ state: 'detached', timeout: LIVE_MS });
    await moderator.getByLabel('Langue').selectOption('en');
    await amina.getByLabel('Langue').selectOption('en');
  });

  it('CL1: removing the call link takes the button away', async () => {
    await screenshot(moderator, 'moderator-call-link-announcement', { fullPage: true });
    await press(moderator, moderator.getByRole('button', { name: 'Remove the link' }));
    await amina.getByRole('link', { name: 'Join the call' }).waitFor({ state: 'detached', timeout: LIVE_MS });
    await moderator.getByText('No call link yet.').waitFor({ timeout: LIVE_MS });
    expect(await moderator.evaluate(() => document.activeElement?.getAttribute('type'))).toBe('url');
    expect(event.errors).toEqual([]);
  });
});
