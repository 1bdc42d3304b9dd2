/**
 * A French browser, through a participant's whole flow, reads no English (issue 16.7, SPEC WD1):
 * registration with a wrong passcode first, a country from the list in French (J5), a raised
 * hand, the chat with its counter (WD2), a folded long message (WD3) and a refusal for going too
 * fast, a contribution whose link is typed "www.asf.fr" (K10), and the floor dialog. At each
 * step every visible text, label, title and placeholder is checked against the English catalog.
 * And on the console, a toast never covers the notes list (WD6).
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { FRENCH } from '../../client/src/i18n/messages.fr.ts';
import { scaledRates } from '../../server/security/options.ts';
import { LIMITS } from '../../shared/constants.ts';
import type { TestClient } from '../support/client.ts';
import { TEST_LIMITS } from '../support/server.ts';
import { runBrowserTests, screenshot } from './support/chromium.ts';
import { englishOn as englishIn, englishWords } from './support/foreignText.ts';
import { browserEvent } from './support/session.ts';

const LIVE_MS = 2000;
const fr = FRENCH.messages;
const PASSCODE = 'baobab-2026';

const ENGLISH_WORDS = englishWords(FRENCH);
const englishOn = (page: Page) => englishIn(page, ENGLISH_WORDS);

describe.skipIf(!runBrowserTests)('a French browser reads French through the whole flow, in Chromium', () => {
  // Chat slowed so that a fourth message in a row is refused (rate_limited) within the test.
  const event = browserEvent({ security: { ...TEST_LIMITS, rates: { ...scaledRates(1000), chatPerPerson: { burst: 3, perSecond: 0.01 } } } });
  let moderator: TestClient;
  let amina: Page;

  it('WD1, J5: registration in French: a wrong passcode is told in French, the country is picked from a French list', async () => {
    moderator = await event.server.connect(event.server.tokenOf('kemo-camara'));
    await moderator.must('event.start');
    const settings = await fetch(`${event.server.url}/api/events/${event.server.eventId}/registration`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${event.server.tokenOf('kemo-camara')}` },
      body: JSON.stringify({ open: true, passcode: PASSCODE }),
    });
    expect(settings.status).toBe(200);

    amina = await event.open('amina', { viewport: { width: 1280, height: 720 }, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    await amina.goto(event.base);
    await amina.getByLabel(fr['register.name']).fill('Amina Diallo');
    await amina.getByLabel(fr['register.community']).fill('Diaspora sénégalaise');
    await amina.getByLabel(fr['register.region']).selectOption('africa');
    const country = amina.getByLabel(fr['register.country']);
    // The list is in French, sorted as French sorts: "Afrique du Sud" comes before "Allemagne", which is DE.
    const names = await country.locator('option').allTextContents();
    expect(names.indexOf('Afrique du Sud')).toBeGreaterThan(0);
    expect(names.indexOf('Afrique du Sud')).toBeLessThan(names.indexOf('Allemagne'));
    expect(names).not.toContain('Germany');
    await country.selectOption({ label: 'Allemagne' });
    expect(await country.inputValue()).toBe('DE');
    await amina.getByLabel(fr['register.passcode']).fill('wrong-guess');
    expect(await englishOn(amina)).toEqual([]);

    await amina.getByRole('button', { name: fr['register.submit'], exact: true }).click();
    await amina.getByRole('alert').getByText(fr['register.passcodeWrong']).waitFor();
    expect(await englishOn(amina)).toEqual([]);

    await amina.getByLabel(fr['register.passcode']).fill(PASSCODE);
    await amina.getByRole('button', { name: fr['register.submit'], exact: true }).click();
    await amina.locator('[data-view="participant"]').waitFor();
    // Her country, stored as DE, is named in French wherever she is shown.
    await moderator.until(() => moderator.state.registrations.byCountry.DE === 1);
    expect(await englishOn(amina)).toEqual([]);
  });

  it('WD1: a raised hand reads French', async () => {
    await amina.getByRole('button', { name: fr['queue.raise'] }).click();
    await amina.getByTestId('my-position').waitFor({ timeout: LIVE_MS });
    expect(await englishOn(amina)).toEqual([]);
  });

  it('WD2: the chat counts characters, and refuses a paste past the bound without cutting it', async () => {
    const input = amina.locator('#chat-input');
    const count = amina.getByTestId('chat-count');
    await input.fill('x'.repeat(812));
    expect(await count.textContent()).toBe('812\u00a0/\u00a01000');
    await input.fill('y'.repeat(LIMITS.chatText + 25));
    // Nothing is cut: the field holds all of it, says by how much it is over, and does not send.
    expect((await input.inputValue()).length).toBe(LIMITS.chatText + 25);
    expect(await count.textContent()).toContain('25 caractères de plus');
    expect(await input.getAttribute('aria-invalid')).toBe('true');
    expect(await amina.getByRole('button', { name: fr['chat.send'] }).isDisabled()).toBe(true);
    expect(await englishOn(amina)).toEqual([]);
  });

  it('WD3: a long message is folded to a few lines, with "Afficher plus" to read all of it', async () => {
    const input = amina.locator('#chat-input');
    const long = `${'Une longue intervention sur la solidarité. '.repeat(18)}Fin.`;
    await input.fill(long);
    await amina.getByRole('button', { name: fr['chat.send'] }).click();
    const message = amina.locator('.chat__msg', { hasText: 'Une longue intervention' });
    await message.waitFor({ timeout: LIVE_MS });
    const text = message.locator('.chat__text');
    const folded = (await text.boundingBox())!.height;
    const more = message.getByRole('button', { name: fr['chat.more'] });
    expect(await more.getAttribute('aria-expanded')).toBe('false');
    await more.click();
    const less = message.getByRole('button', { name: fr['chat.less'] });
    expect(await less.getAttribute('aria-expanded')).toBe('true');
    expect((await text.boundingBox())!.height).toBeGreaterThan(folded * 1.5);
    // Folded, it takes well under half of the chat pane.
    await less.click();
    const pane = (await amina.getByTestId('chat').boundingBox())!.height;
    expect(folded).toBeLessThan(pane / 2);
    expect(await englishOn(amina)).toEqual([]);
  });

  it('WD1: going too fast in the chat is refused in French, with when to try again', async () => {
    const input = amina.locator('#chat-input');
    for (const text of ['Bonjour à tous', 'Merci']) {
      await input.fill(text);
      await amina.getByRole('button', { name: fr['chat.send'] }).click();
      await amina.locator('.chat__msg', { hasText: text }).waitFor({ timeout: LIVE_MS });
    }
    await input.fill('Encore un message');
    await amina.getByRole('button', { name: fr['chat.send'] }).click();
    const toast = amina.locator('.toast', { hasText: FRENCH.codes.rate_limited! });
    await toast.waitFor({ timeout: LIVE_MS });
    expect(await toast.textContent()).toMatch(/Trop de demandes\u202f: réessayez dans \d+\u00a0s\./);
    expect(await englishOn(amina)).toEqual([]);
  });

  it('K10: a contribution whose link is typed "www.asf.fr" is posted, its link https', async () => {
    await amina.getByRole('tab', { name: new RegExp(fr['tabs.contributions']) }).click();
    const form = amina.getByTestId('contribution-form');
    await form.waitFor();
    await form.getByLabel(fr['contrib.title']).first().fill('Accueil des familles');
    await form.getByLabel(fr['contrib.text']).fill('Une permanence chaque samedi pour les familles arrivées cette année.');
    await form.getByLabel(fr['contrib.link']).fill('www.asf.fr');
    expect(await englishOn(amina)).toEqual([]);
    await form.getByRole('button', { name: fr['contrib.post'] }).click();
    const item = amina.locator('.contrib', { hasText: 'Accueil des familles' });
    await item.waitFor({ timeout: LIVE_MS });
    expect(await item.locator('a.contrib__link').getAttribute('href')).toBe('https://www.asf.fr/');
    // Her country is named in French on the board.
    expect(await item.textContent()).toContain('Allemagne');
    expect(await englishOn(amina)).toEqual([]);
  });

  it('WD1: the floor dialog reads French', async () => {
    const hand = () => moderator.state.queue.hands.find((h) => h.person.name === 'Amina Diallo');
    await moderator.until(() => !!hand());
    await moderator.must('floor.give', { personId: hand()?.person.id });
    const dialog = amina.getByRole('dialog', { name: fr['floor.youHaveTheFloor'] });
    await dialog.waitFor({ timeout: LIVE_MS });
    expect(await englishOn(amina)).toEqual([]);
    await screenshot(amina, 'participant-french-floor-dialog', { fullPage: false });
    await dialog.getByRole('button', { name: fr['floor.startSpeaking'] }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await englishOn(amina)).toEqual([]);
    // The wrong passcode's 401 is the browser's log of the refusal she was shown; nothing else is expected.
    expect(event.errors.filter((e) => !/^amina: .*status of 401/.test(e))).toEqual([]);
  });

  it('WD6: on the console at 1280×720, a toast never covers the notes list', async () => {
    for (let i = 1; i <= 6; i++) await moderator.must('notes.capture', { kind: 'point', text: `Point clé numéro ${i}`, unlinked: true });
    const consolePage = await event.open('moderator', { viewport: { width: 1280, height: 720 } });
    await consolePage.goto(`${event.base}#k=${event.server.tokenOf('kemo-camara')}`);
    await consolePage.getByRole('tab', { name: 'Notes' }).click();
    const list = consolePage.locator('.notes-list');
    await list.waitFor();
    await list.scrollIntoViewIfNeeded();
    await consolePage.getByLabel('Note', { exact: true }).fill('A point worth keeping');
    await consolePage.getByRole('button', { name: 'Capture', exact: true }).click();
    const toast = consolePage.locator('.toast', { hasText: 'Note captured' });
    await toast.waitFor({ timeout: LIVE_MS });
    const a = (await toast.boundingBox())!;
    const b = (await list.boundingBox())!;
    const overlap = a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
    expect(overlap, `toast ${JSON.stringify(a)} over the notes list ${JSON.stringify(b)}`).toBe(false);
  });
});
