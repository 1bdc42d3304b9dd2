/**
 * An Arabic browser on a 360×740 phone, through a participant's whole flow (issue 17.1, SPEC
 * WD20–WD25): registration, a raised hand, the chat, the contributions board and the floor
 * dialog. At each step the page runs right to left, nothing is wider than the screen, and no
 * text is English. The chat's Send button stands on the left of its field, as Arabic reads. The
 * stage display in Arabic at 1280×720 runs right to left with nothing overflowing; switching
 * the phone to English turns it back left to right.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ARABIC } from '../../client/src/i18n/messages.ar.ts';
import type { TestClient } from '../support/client.ts';
import { runBrowserTests, screenshot } from './support/chromium.ts';
import { englishOn as englishIn, englishWords } from './support/foreignText.ts';
import { browserEvent } from './support/session.ts';

const LIVE_MS = 2000;
const ar = ARABIC.messages;
const ENGLISH_WORDS = englishWords(ARABIC);

interface Layout {
  dir: string;
  lang: string;
  scrollWidth: number;
  clientWidth: number;
  /** Controls and texts drawn past the screen's sides (a right-to-left page does not scroll to those on its right). */
  outside: string[];
}

/** The page's direction and whether anything sticks out of the screen sideways. */
function measureLayout(): Layout {
  const root = document.documentElement;
  const scroller = document.scrollingElement ?? root;
  const outside: string[] = [];
  const clipped = (el: Element) => {
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== 'visible') return true;
    }
    return false;
  };
  for (const el of document.querySelectorAll('button, input, textarea, select, h1, h2, h3, p, label, li, [role="tab"]')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || el.closest('.sr-only') || !el.checkVisibility() || clipped(el)) continue;
    if (r.left < -0.5 || r.right > scroller.clientWidth + 0.5) {
      outside.push(
        `${el.tagName.toLowerCase()}.${el.className} "${(el.textContent ?? '').trim().slice(0, 30)}" [${Math.round(r.left)} → ${Math.round(r.right)}]`,
      );
    }
  }
  return { dir: root.dir, lang: root.lang, scrollWidth: scroller.scrollWidth, clientWidth: scroller.clientWidth, outside };
}

/** WD21, WD22, WD1: right to left, nothing wider than the screen, no English. */
async function readsArabic(page: Page, step: string): Promise<void> {
  const layout = await page.evaluate(measureLayout);
  expect(layout.dir, step).toBe('rtl');
  expect(layout.lang, step).toBe('ar');
  expect(layout.scrollWidth, `${step}: the page scrolls sideways`).toBeLessThanOrEqual(layout.clientWidth);
  expect(layout.outside, step).toEqual([]);
  expect(await englishIn(page, ENGLISH_WORDS), step).toEqual([]);
}

describe.skipIf(!runBrowserTests)('an Arabic phone reads Arabic, right to left, through the whole flow, in Chromium', () => {
  const event = browserEvent();
  let moderator: TestClient;
  let salma: Page;

  it('WD20, WD21: registration in Arabic, right to left, on a 360 px phone', async () => {
    moderator = await event.server.connect(event.server.tokenOf('kemo-camara'));
    await moderator.must('event.start');
    salma = await event.open('salma', { viewport: { width: 360, height: 740 }, locale: 'ar-EG', timezoneId: 'Africa/Cairo' });
    await salma.goto(event.base);
    await salma.getByLabel(ar['register.name']).fill('سلمى الحسيني');
    await readsArabic(salma, 'the registration form');
    await salma.getByLabel(ar['register.community']).fill('الجالية المصرية في ألمانيا');
    await salma.getByLabel(ar['register.region']).selectOption('africa');
    await salma.getByLabel(ar['register.country']).selectOption('DE');
    await salma.getByLabel(ar['register.consentStage']).check();
    await readsArabic(salma, 'the filled registration form');
    await salma.getByRole('button', { name: ar['register.submit'], exact: true }).click();
    await salma.locator('[data-view="participant"]').waitFor();
    await moderator.until(() => moderator.state.registrations.byCountry.DE === 1);
    await readsArabic(salma, 'the participant view');
  });

  it('WD1, WD21: a raised hand reads Arabic, right to left', async () => {
    await salma.getByRole('button', { name: ar['queue.raise'] }).click();
    await salma.getByTestId('my-position').waitFor({ timeout: LIVE_MS });
    expect(await salma.getByTestId('my-position').textContent()).toContain(ar['queue.youAre'].replace(' {ordinal}', ''));
    await readsArabic(salma, 'a raised hand');
  });

  it('WD22: the chat is mirrored: the Send button stands on the left of the field', async () => {
    const input = salma.locator('#chat-input');
    const send = salma.getByRole('button', { name: ar['chat.send'] });
    await input.fill('مرحبًا بالجميع، تحية من برلين');
    await readsArabic(salma, 'a message typed');
    const field = (await input.boundingBox())!;
    const button = (await send.boundingBox())!;
    expect(button.x + button.width, `Send ${JSON.stringify(button)} left of the field ${JSON.stringify(field)}`).toBeLessThanOrEqual(field.x + 0.5);
    await send.click();
    await salma.locator('.chat__msg', { hasText: 'تحية من برلين' }).waitFor({ timeout: LIVE_MS });
    // The counter counts in the reader's words, with the digits the timers use.
    expect(await salma.getByTestId('chat-count').textContent()).toBe('0 من 1000');
    await readsArabic(salma, 'the chat with a message');
  });

  it('WD1, WD22: the contributions board reads Arabic, right to left', async () => {
    await salma.getByRole('tab', { name: new RegExp(ar['tabs.contributions']) }).click();
    const form = salma.getByTestId('contribution-form');
    await form.waitFor();
    await readsArabic(salma, 'the contributions board');
    await form.getByLabel(ar['contrib.title']).first().fill('دعم الأسر القادمة حديثًا');
    await form.getByLabel(ar['contrib.text']).fill('لقاء أسبوعي كل سبت لمساعدة الأسر على فهم نظام الرعاية الصحية.');
    await form.getByRole('button', { name: ar['contrib.post'] }).click();
    await salma.locator('.contrib', { hasText: 'دعم الأسر القادمة حديثًا' }).waitFor({ timeout: LIVE_MS });
    await readsArabic(salma, 'a contribution posted');
    await salma.getByRole('tab', { name: new RegExp(ar['tabs.live']) }).click();
  });

  it('WD1, WD21: the floor dialog reads Arabic, right to left', async () => {
    const hand = () => moderator.state.queue.hands.find((h) => h.person.name === 'سلمى الحسيني');
    await moderator.until(() => !!hand());
    await moderator.must('floor.give', { personId: hand()?.person.id });
    const dialog = salma.getByRole('dialog', { name: ar['floor.youHaveTheFloor'] });
    await dialog.waitFor({ timeout: LIVE_MS });
    await readsArabic(salma, 'the floor dialog');
    await dialog.getByRole('button', { name: ar['floor.startSpeaking'] }).click();
    await dialog.waitFor({ state: 'detached' });
    await readsArabic(salma, 'speaking');
    // The README's picture of the phone, without the passing "posted" toast over it.
    const toastButtons = salma.locator('.toast button');
    while ((await toastButtons.count()) > 0) await toastButtons.first().click();
    await screenshot(salma, 'participant-arabic-phone', { fullPage: false });
  });

  it('WD21, WD22: the stage display in Arabic at 1280×720 runs right to left, nothing overflowing', async () => {
    const stage = await event.open('stage-ar', { viewport: { width: 1280, height: 720 }, locale: 'ar', timezoneId: 'Africa/Cairo' });
    await stage.goto(`${event.base}#k=${event.server.tokenOf('stage')}`);
    await stage.locator('[data-view="stage"]').waitFor();
    // Salma has the floor and agreed to be named on the stage.
    await stage.locator('.stage__name', { hasText: 'سلمى الحسيني' }).waitFor({ timeout: LIVE_MS });
    await screenshot(stage, 'stage-arabic-1280x720', { fullPage: false });
    const layout = await stage.evaluate(measureLayout);
    expect(layout.dir).toBe('rtl');
    expect(layout.scrollWidth).toBeLessThanOrEqual(layout.clientWidth);
    const scrollHeight = await stage.evaluate(() => document.documentElement.scrollHeight - window.innerHeight);
    expect(scrollHeight, 'the stage scrolls').toBeLessThanOrEqual(0);
    expect(layout.outside).toEqual([]);
    expect(await englishIn(stage, ENGLISH_WORDS)).toEqual([]);
  });

  it('WD21, WD22: the moderator console in Arabic at 1280×720 runs right to left, its staff words in Arabic', async () => {
    const console = await event.open('moderator-ar', { viewport: { width: 1280, height: 720 }, locale: 'ar', timezoneId: 'Africa/Cairo' });
    await console.goto(`${event.base}#k=${event.server.tokenOf('kemo-camara')}`);
    await console.locator('[data-view="moderator"]').waitFor();
    await console.getByRole('button', { name: ARABIC.staff!['floor.endTurn'] }).waitFor({ timeout: LIVE_MS });
    const layout = await console.evaluate(measureLayout);
    expect(layout.dir).toBe('rtl');
    expect(layout.scrollWidth).toBeLessThanOrEqual(layout.clientWidth);
    expect(layout.outside).toEqual([]);
    // The agenda's titles are the event's own words (in English in this template), named inside labels such as "Go to «…»".
    const titles = moderator.state.agenda.segments.map((segment) => segment.title);
    const english = (await englishIn(console, ENGLISH_WORDS)).filter((found) => !titles.some((title) => found.includes(`«${title}»`)));
    expect(english).toEqual([]);
    await screenshot(console, 'moderator-console-arabic', { fullPage: false });
  });

  it('WD21: switching the phone to English turns the page left to right', async () => {
    await salma.getByLabel(ar['settings.language']).first().selectOption('en');
    await expect.poll(() => salma.evaluate(() => [document.documentElement.dir, document.documentElement.lang].join(' '))).toBe('ltr en');
    await salma.getByRole('button', { name: 'Yield the floor' }).waitFor();
    const layout = await salma.evaluate(measureLayout);
    expect(layout.scrollWidth).toBeLessThanOrEqual(layout.clientWidth);
    // And back: the choice is the person's, in either direction.
    await salma.getByLabel('Language').first().selectOption('ar');
    await expect.poll(() => salma.evaluate(() => document.documentElement.dir)).toBe('rtl');
    expect(event.errors).toEqual([]);
  });
});
