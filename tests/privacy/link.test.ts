/**
 * S16 in real Chromium: on a browser already signed in as Amina, opening Kofi's link asks
 * "You are signed in as Amina Diallo. Continue as Kofi Mensah?"; keeping changes nothing,
 * continuing switches to Kofi. A link for the person already signed in asks nothing.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { tokenKey } from '../../client/src/route.ts';
import { runBrowserTests } from '../e2e/support/chromium.ts';
import { browserEvent } from '../e2e/support/session.ts';

describe.skipIf(!runBrowserTests)('a link that would replace who you are (S16)', () => {
  const event = browserEvent();
  let amina: { token: string; personId: string };
  let kofi: { token: string; personId: string };
  let first: Page;

  const kept = (page: Page) => page.evaluate((key) => localStorage.getItem(key), tokenKey(event.server.eventId));
  /** Another tab of the same browser (same localStorage), opened on a link. */
  async function openLink(token: string): Promise<Page> {
    const page = await first.context().newPage();
    await page.goto(`${event.base}#k=${token}`);
    return page;
  }

  it('S16: a first link signs in without a question', async () => {
    amina = await event.server.register({ name: 'Amina Diallo', community: 'Senegalese diaspora', country: 'France' });
    kofi = await event.server.register({ name: 'Kofi Mensah', community: 'Ghanaian diaspora', country: 'Germany' });
    first = await event.open('laptop');
    await first.goto(`${event.base}#k=${amina.token}`);
    await first.locator('[data-view="participant"]').waitFor();
    expect(await kept(first)).toBe(amina.token);
    expect(new URL(first.url()).hash).toBe('');
  });

  it('S16: another person’s link asks, naming both; "stay" keeps Amina', async () => {
    const page = await openLink(kofi.token);
    const question = page.getByTestId('switch-person');
    await question.getByText('You are signed in as Amina Diallo. Continue as Kofi Mensah?').waitFor();
    expect(new URL(page.url()).hash).toBe('');
    expect(await kept(page)).toBe(amina.token);
    await question.getByRole('button', { name: 'Stay signed in as Amina Diallo' }).click();
    await page.locator('[data-view="participant"]').waitFor();
    await page.locator('.topbar__meta').getByText('Amina Diallo').first().waitFor();
    expect(await kept(page)).toBe(amina.token);
    await page.close();
  });

  it('S16: "continue" switches to Kofi, and the switch lasts', async () => {
    const page = await openLink(kofi.token);
    const question = page.getByTestId('switch-person');
    await question.getByText('You are signed in as Amina Diallo. Continue as Kofi Mensah?').waitFor();
    await question.getByRole('button', { name: 'Continue as Kofi Mensah' }).click();
    await page.locator('[data-view="participant"]').waitFor();
    await page.locator('.topbar__meta').getByText('Kofi Mensah').first().waitFor();
    expect(await kept(page)).toBe(kofi.token);
    await page.reload();
    await page.locator('.topbar__meta').getByText('Kofi Mensah').first().waitFor();
    await page.close();
  });

  it('S16: a link of the person already signed in asks nothing', async () => {
    const page = await openLink(kofi.token);
    await page.locator('[data-view="participant"]').waitFor();
    expect(await page.getByTestId('switch-person').count()).toBe(0);
  });

  it('S16: the question is asked in French too', async () => {
    const french = await event.open('portable', { locale: 'fr-FR' });
    await french.goto(`${event.base}#k=${amina.token}`);
    await french.locator('[data-view="participant"]').waitFor();
    const page = await french.context().newPage();
    await page.goto(`${event.base}#k=${kofi.token}`);
    const question = page.getByTestId('switch-person');
    await question.getByText('Vous êtes connecté·e en tant que Amina Diallo. Continuer en tant que Kofi Mensah ?').waitFor();
    await question.getByRole('button', { name: 'Rester connecté·e en tant que Amina Diallo' }).waitFor();
    expect(event.errors).toEqual([]);
  });
});
