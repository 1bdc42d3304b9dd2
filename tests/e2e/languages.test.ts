/**
 * A browser in each language Gavel speaks, through a participant's whole flow, reads no English
 * (issue 17.1, SPEC WD13): registration with a wrong passcode first, a country from the list in
 * the language (J5), a raised hand, the chat with its counter (WD2) and a refusal for going too
 * fast (WD1), a contribution, and the floor dialog. At each step every visible text, label,
 * title and placeholder is checked against the English catalog. Then the language picker
 * switches the page live to the next language, leaving none of the first (WD10). One walk per
 * entry of WALKS, on one node and one Chromium: a language is added with one line.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Language, TranslatedTables } from '../../client/src/i18n/messages.ts';
import { fill, loadLanguage } from '../../client/src/i18n/translate.ts';
import { scaledRates } from '../../server/security/options.ts';
import { LIMITS } from '../../shared/constants.ts';
import { countryName } from '../../shared/countries.ts';
import type { TestClient } from '../support/client.ts';
import { TEST_LIMITS } from '../support/server.ts';
import { runBrowserTests } from './support/chromium.ts';
import { englishOn, englishWords, foreignWords } from './support/foreignText.ts';
import { browserEvent } from './support/session.ts';

interface Walk {
  lang: Exclude<Language, 'en'>;
  /** The browser's own tag, as a reader there has it. */
  locale: string;
  timezoneId: string;
  name: string;
  /** The country she lives in, as its ISO code (J5). */
  country: string;
}

const WALKS: Walk[] = [
  { lang: 'es', locale: 'es-MX', timezoneId: 'America/Mexico_City', name: 'Lucía Hernández', country: 'MX' },
  { lang: 'pt', locale: 'pt-BR', timezoneId: 'America/Sao_Paulo', name: 'Joana Tavares', country: 'BR' },
  { lang: 'ar', locale: 'ar-EG', timezoneId: 'Africa/Cairo', name: 'Layla Hassan', country: 'EG' },
];

const LIVE_MS = 2000;
const PASSCODE = 'baobab-2026';
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe.skipIf(!runBrowserTests)('each language reads as itself through the whole flow, in Chromium', () => {
  // Chat slowed so that a fourth message in a row is refused (rate_limited) within the test.
  const event = browserEvent({ security: { ...TEST_LIMITS, rates: { ...scaledRates(1000), chatPerPerson: { burst: 3, perSecond: 0.01 } } } });
  const tables = {} as Record<Walk['lang'], TranslatedTables>;
  let moderator: TestClient;

  beforeAll(async () => {
    for (const walk of WALKS) tables[walk.lang] = (await loadLanguage(walk.lang)) as TranslatedTables;
    moderator = await event.server.connect(event.server.tokenOf('kemo-camara'));
    await moderator.must('event.start');
    const settings = await fetch(`${event.server.url}/api/events/${event.server.eventId}/registration`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${event.server.tokenOf('kemo-camara')}` },
      body: JSON.stringify({ open: true, passcode: PASSCODE }),
    });
    expect(settings.status).toBe(200);
  });

  describe.each(WALKS)('in $lang ($locale)', (walk) => {
    const { lang } = walk;
    const m = () => tables[lang].messages;
    let english: ReturnType<typeof englishWords>;
    let page: Page;
    const noEnglish = async () => expect(await englishOn(page, english)).toEqual([]);

    it(`WD13, J5: registration in ${lang}: a wrong passcode is told in ${lang}, the country is picked from a list in ${lang}`, async () => {
      english = englishWords(tables[lang]);
      page = await event.open(walk.name, { viewport: { width: 1280, height: 720 }, locale: walk.locale, timezoneId: walk.timezoneId });
      await page.goto(event.base);
      await page.getByLabel(m()['register.name']).fill(walk.name);
      await page.getByLabel(m()['register.community']).fill('Kumbaya');
      await page.getByLabel(m()['register.region']).selectOption('other');
      const country = page.getByLabel(m()['register.country']);
      // The list names countries in the language, sorted as the language sorts.
      const names = await country.locator('option').allTextContents();
      const hers = countryName(walk.country, walk.locale);
      const germany = countryName('DE', walk.locale);
      expect(hers).not.toBe(countryName(walk.country, 'en'));
      expect(names).toContain(hers);
      expect(names).not.toContain('Germany');
      expect(Math.sign(names.indexOf(hers) - names.indexOf(germany))).toBe(Math.sign(new Intl.Collator(walk.locale).compare(hers, germany)));
      await country.selectOption({ label: hers });
      expect(await country.inputValue()).toBe(walk.country);
      await page.getByLabel(m()['register.passcode']).fill('wrong-guess');
      await noEnglish();

      await page.getByRole('button', { name: m()['register.submit'], exact: true }).click();
      await page.getByRole('alert').getByText(m()['register.passcodeWrong']).waitFor();
      await noEnglish();

      await page.getByLabel(m()['register.passcode']).fill(PASSCODE);
      await page.getByRole('button', { name: m()['register.submit'], exact: true }).click();
      await page.locator('[data-view="participant"]').waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
      await moderator.until(() => moderator.state.registrations.byCountry[walk.country] === 1);
      await noEnglish();
    });

    it(`WD13: a raised hand reads ${lang}`, async () => {
      await page.getByRole('button', { name: m()['queue.raise'] }).click();
      await page.getByTestId('my-position').waitFor({ timeout: LIVE_MS });
      await noEnglish();
    });

    it(`WD2, WD13: the chat counts characters in ${lang}, and says by how much a paste is over`, async () => {
      const input = page.locator('#chat-input');
      const count = page.getByTestId('chat-count');
      await input.fill('x'.repeat(812));
      expect(await count.textContent()).toBe(fill(m()['chat.count'], { n: 812, max: LIMITS.chatText }));
      await input.fill('y'.repeat(LIMITS.chatText + 25));
      expect(await count.textContent()).toBe(fill(m()['chat.tooLong'], { n: 25, max: LIMITS.chatText }));
      expect(await page.getByRole('button', { name: m()['chat.send'] }).isDisabled()).toBe(true);
      await noEnglish();
    });

    it(`WD1, WD13: going too fast in the chat is refused in ${lang}, with when to try again`, async () => {
      const input = page.locator('#chat-input');
      for (const text of [`${lang} 1`, `${lang} 2`, `${lang} 3`]) {
        await input.fill(text);
        await page.getByRole('button', { name: m()['chat.send'] }).click();
        await page.locator('.chat__msg', { hasText: text }).waitFor({ timeout: LIVE_MS });
      }
      await input.fill(`${lang} 4`);
      await page.getByRole('button', { name: m()['chat.send'] }).click();
      const toast = page.locator('.toast', { hasText: tables[lang].codes.rate_limited });
      await toast.waitFor({ timeout: LIVE_MS });
      const retryIn = new RegExp(escapeRegExp(m()['error.retryIn']).replace('\\{seconds\\}', '\\d+'));
      expect(await toast.textContent()).toMatch(retryIn);
      await noEnglish();
    });

    it(`WD13: a contribution is shared in ${lang}, her country named in ${lang} on the board`, async () => {
      await page.getByRole('tab', { name: new RegExp(m()['tabs.contributions']) }).click();
      const form = page.getByTestId('contribution-form');
      await form.waitFor();
      const title = `Kumbaya ${lang}`;
      await form.getByLabel(m()['contrib.title']).first().fill(title);
      await form.getByLabel(m()['contrib.text']).fill('Kumbaya kumbaya kumbaya.');
      await noEnglish();
      await form.getByRole('button', { name: m()['contrib.post'] }).click();
      const item = page.locator('.contrib', { hasText: title });
      await item.waitFor({ timeout: LIVE_MS });
      expect(await item.textContent()).toContain(countryName(walk.country, walk.locale));
      await noEnglish();
      await page.getByRole('tab', { name: new RegExp(m()['tabs.live']) }).click();
    });

    it(`WD13: the floor dialog reads ${lang}`, async () => {
      const hand = () => moderator.state.queue.hands.find((h) => h.person.name === walk.name);
      await moderator.until(() => !!hand());
      await moderator.must('floor.give', { personId: hand()?.person.id });
      const dialog = page.getByRole('dialog', { name: m()['floor.youHaveTheFloor'] });
      await dialog.waitFor({ timeout: LIVE_MS });
      await noEnglish();
      await dialog.getByRole('button', { name: m()['floor.startSpeaking'] }).click();
      await dialog.waitFor({ state: 'detached' });
      await page.getByRole('button', { name: m()['floor.yield'] }).waitFor();
      await noEnglish();
    });

    it(`WD10: the language picker switches the page live from ${lang} to the next language, and back`, async () => {
      const next = (WALKS[(WALKS.indexOf(walk) + 1) % WALKS.length] ?? walk).lang;
      const picker = page.getByLabel(m()['settings.language']);
      await picker.selectOption(next);
      // No reload: the same page, now in the next language, with nothing of the first left.
      await page.getByRole('button', { name: tables[next].messages['floor.yield'] }).waitFor({ timeout: LIVE_MS });
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(next);
      expect(await englishOn(page, englishWords(tables[next]))).toEqual([]);
      expect(await englishOn(page, foreignWords(tables[lang], tables[next]))).toEqual([]);
      await page.getByLabel(tables[next].messages['settings.language']).selectOption(lang);
      await page.getByRole('button', { name: m()['floor.yield'] }).waitFor({ timeout: LIVE_MS });
      expect(await englishOn(page, foreignWords(tables[next], tables[lang]))).toEqual([]);
      await noEnglish();
      // The wrong passcode's 401 is the browser's log of the refusal she was shown; nothing else is expected.
      expect(event.errors.filter((e) => !/: .*status of 401/.test(e))).toEqual([]);
    });
  });
});
