/**
 * WCAG 2.2 AA checked by a machine (issue 17.5; SPEC WD30, WD31): axe-core, injected into real
 * pages served by a real Gavel node, runs over every view — registration, a participant with a
 * raised hand, with the floor dialog open and with a proposal to vote on, a panellist speaking
 * with their clock (and a participant's phone meanwhile), each tab of the moderator console, the stage, the page after the end and the
 * outcome document — in every language of `LANGUAGES`. No view may have a serious or critical
 * violation. The counts by impact, per view and language, are printed and written to
 * test-results/axe-summary.json, which the README quotes.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import type { Language } from '../../client/src/i18n/messages.ts';
import type { TestClient } from '../support/client.ts';
import { ROOT } from './support/build.ts';
import { runBrowserTests } from './support/chromium.ts';
import { browserEvent } from './support/session.ts';

/** The languages every view is checked in, with the browser locale that picks each. */
const LANGUAGES: ReadonlyArray<{ lang: Language; locale: string }> = [
  { lang: 'en', locale: 'en-GB' },
  { lang: 'fr', locale: 'fr-FR' },
  { lang: 'ar', locale: 'ar-EG' },
];

/** WCAG 2.0, 2.1 and 2.2, levels A and AA. */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const IMPACTS = ['critical', 'serious', 'moderate', 'minor'] as const;
type Impact = (typeof IMPACTS)[number];

const LIVE_MS = 2000;
/** A step opens two browsers and runs axe twice: on a loaded machine that takes a while. */
const STEP_MS = 60_000;
const SUMMARY = join(ROOT, 'test-results/axe-summary.json');
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Violation {
  id: string;
  impact: Impact | null;
  help: string;
  nodes: Array<{ target: unknown[]; failureSummary?: string }>;
}

/** View name → language → violations counted by impact. */
const summary: Record<string, Record<string, Record<Impact, number>>> = {};

/**
 * Run axe over the page as it is now (CDP's evaluate is not bound by the page's CSP). Records the
 * counts; returns the serious and critical violations, with where and why, for the assertion.
 */
async function audit(page: Page, view: string, lang: string): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<{ violations: unknown[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations;
  }, TAGS);
  const counts = Object.fromEntries(IMPACTS.map((i) => [i, 0])) as Record<Impact, number>;
  const blocking: string[] = [];
  for (const v of violations as Violation[]) {
    const impact = v.impact ?? 'minor';
    counts[impact] += v.nodes.length;
    if (impact === 'serious' || impact === 'critical') {
      for (const node of v.nodes.slice(0, 3))
        blocking.push(`${view} [${lang}] ${impact} ${v.id}: ${v.help} at ${JSON.stringify(node.target)} (${node.failureSummary})`);
    }
  }
  summary[view] ??= {};
  summary[view][lang] = counts;
  return blocking;
}

/** Audit the view in every language; `done` closes the pages after (fewer live pages, a lighter machine). */
async function auditEach(pages: Record<string, Page>, view: string, { done = false } = {}): Promise<void> {
  const blocking: string[] = [];
  for (const { lang } of LANGUAGES) blocking.push(...(await audit(pages[lang]!, view, lang)));
  if (done) for (const page of Object.values(pages)) await page.close();
  expect(blocking).toEqual([]);
}

describe.skipIf(!runBrowserTests)('WCAG 2.2 AA: axe-core over every view, in every language, in Chromium', () => {
  const event = browserEvent();
  let moderator: TestClient;
  const participants: Record<string, Page> = {};
  const hands: Record<string, TestClient> = {};
  const names: Record<string, string> = {};
  const speakers: Record<string, Page> = {};
  const consoles: Record<string, Page> = {};
  const stages: Record<string, Page> = {};

  const open = (name: string, locale: string, viewport = { width: 1280, height: 900 }) => event.open(name, { locale, viewport });
  /** Wait until the page has its language's words (they load before first paint; the console's staff words on demand). */
  const inLanguage = (page: Page, lang: string) => page.locator(`html[lang="${lang}"]`).waitFor();

  afterAll(() => {
    mkdirSync(dirname(SUMMARY), { recursive: true });
    const rows = Object.entries(summary).flatMap(([view, byLang]) =>
      Object.entries(byLang).map(
        ([lang, c]) => `${view.padEnd(42)} ${lang}  critical ${c.critical}  serious ${c.serious}  moderate ${c.moderate}  minor ${c.minor}`,
      ),
    );
    console.log(`\naxe-core (${TAGS.join(', ')}): violating nodes by impact\n${rows.join('\n')}\n`);
    writeFileSync(SUMMARY, `${JSON.stringify({ tags: TAGS, languages: LANGUAGES.map((l) => l.lang), views: summary }, null, 2)}\n`);
  });

  it(
    'WD30 WD31: the registration page',
    async () => {
      moderator = await event.server.connect(event.server.tokenOf('kemo-camara'));
      const pages: Record<string, Page> = {};
      for (const { lang, locale } of LANGUAGES) {
        pages[lang] = await open(`register-${lang}`, locale);
        await pages[lang].goto(event.base);
        await pages[lang].locator('form').first().waitFor();
        await inLanguage(pages[lang], lang);
      }
      await auditEach(pages, 'registration', { done: true });
    },
    STEP_MS,
  );

  it(
    'WD30 WD31: a participant with a raised hand',
    async () => {
      await moderator.must('event.start');
      await moderator.must('agenda.next');
      for (const [i, { lang, locale }] of LANGUAGES.entries()) {
        names[lang] = `Participant ${lang} ${i}`;
        const { token } = await event.server.register({ name: names[lang] });
        const page = await open(`participant-${lang}`, locale);
        await page.goto(`${event.base}#k=${token}`);
        await page.locator('[data-view="participant"]').waitFor();
        await inLanguage(page, lang);
        hands[lang] = await event.server.connect(token);
        await hands[lang].must('queue.raise', {});
        await page.getByTestId('my-position').waitFor({ timeout: LIVE_MS });
        participants[lang] = page;
      }
      await auditEach(participants, 'participant, hand raised');
    },
    STEP_MS,
  );

  it(
    'WD30: a participant with the floor dialog open',
    async () => {
      const blocking: string[] = [];
      for (const { lang } of LANGUAGES) {
        const hand = () => moderator.state.queue.hands.find((h) => h.person.name === names[lang]);
        await moderator.until(() => !!hand());
        await moderator.must('floor.give', { personId: hand()!.person.id, kind: 'hand' });
        await participants[lang]!.getByRole('dialog').waitFor({ timeout: LIVE_MS });
        blocking.push(...(await audit(participants[lang]!, 'participant, floor dialog open', lang)));
        await moderator.caughtUp(await moderator.must('floor.end'));
        await participants[lang]!.getByRole('dialog').waitFor({ state: 'detached', timeout: LIVE_MS });
      }
      expect(blocking).toEqual([]);
    },
    STEP_MS,
  );

  it(
    'WD30: a panellist speaking, with the speaking clock',
    async () => {
      const panellist = event.server.tokenOf('niloufar-rahim');
      for (const { lang, locale } of LANGUAGES) {
        speakers[lang] = await open(`speaker-${lang}`, locale);
        await speakers[lang].goto(`${event.base}#k=${panellist}`);
        await speakers[lang].locator('[data-view="participant"]').waitFor();
        await inLanguage(speakers[lang], lang);
      }
      await moderator.must('floor.give', { personId: 'niloufar-rahim' });
      for (const { lang } of LANGUAGES) await speakers[lang]!.getByTestId('my-turn').getByRole('timer').waitFor({ timeout: LIVE_MS });
      await auditEach(speakers, 'speaker, with the floor', { done: true });
    },
    STEP_MS,
  );

  it(
    'WD30 WD34: a participant on a phone while a panellist speaks, with the clock in the top bar',
    async () => {
      const phones: Record<string, Page> = {};
      for (const { lang, locale } of LANGUAGES) {
        const { token } = await event.server.register({ name: `Phone ${lang}` });
        phones[lang] = await open(`phone-${lang}`, locale, { width: 360, height: 740 });
        await phones[lang].goto(`${event.base}#k=${token}`);
        await phones[lang].locator('[data-view="participant"]').waitFor();
        await inLanguage(phones[lang], lang);
        // Not colour alone: an icon beside the time, and the state in words in its name.
        const clock = phones[lang].getByTestId('now-bar').getByRole('timer');
        await clock.waitFor({ timeout: LIVE_MS });
        expect(await clock.textContent()).toMatch(/^\d+:\d\d ●$/);
        expect(await clock.getAttribute('aria-label')).toMatch(/^[^:]+: \d+:\d\d, \p{L}+/u);
      }
      await auditEach(phones, 'participant on a phone, a panellist speaking', { done: true });
    },
    STEP_MS,
  );

  it(
    'WD30: the stage display',
    async () => {
      for (const { lang, locale } of LANGUAGES) {
        stages[lang] = await open(`stage-${lang}`, locale, { width: 1280, height: 720 });
        await stages[lang].goto(`${event.base}#k=${event.server.tokenOf('stage')}`);
        await stages[lang].locator('[data-view="stage"]').waitFor();
        await stages[lang].getByRole('timer').first().waitFor({ timeout: LIVE_MS });
        await inLanguage(stages[lang], lang);
      }
      await auditEach(stages, 'stage', { done: true });
    },
    STEP_MS,
  );

  it(
    'WD30: a participant with a proposal to vote on',
    async () => {
      await moderator.caughtUp(await moderator.must('floor.end'));
      await moderator.caughtUp(await moderator.must('proposals.add', { text: 'Set up a diaspora health fund' }));
      await moderator.must('proposals.show', { proposalId: moderator.state.proposals.items[0]!.id });
      for (const { lang } of LANGUAGES) await participants[lang]!.getByTestId('turnout').first().waitFor({ timeout: LIVE_MS });
      await auditEach(participants, 'participant, proposal open');
    },
    STEP_MS,
  );

  it(
    'WD30 WD31: each tab and side tab of the moderator console',
    async () => {
      for (const { lang, locale } of LANGUAGES) {
        consoles[lang] = await open(`console-${lang}`, locale, { width: 1440, height: 900 });
        await consoles[lang].goto(`${event.base}#k=${event.server.tokenOf('kemo-camara')}`);
        await consoles[lang].locator('[data-view="moderator"]').waitFor();
        await consoles[lang].locator('#console-tab-chat').waitFor();
        await inLanguage(consoles[lang], lang);
      }
      for (const side of ['chat', 'notes', 'people']) {
        for (const { lang } of LANGUAGES) {
          await consoles[lang]!.locator(`#console-tab-${side}`).click();
          await consoles[lang]!.locator(`#console-panel-${side}`).waitFor();
        }
        await auditEach(consoles, `console, live tab, ${side}`);
      }
      for (const tab of ['contributions', 'outcome']) {
        for (const { lang } of LANGUAGES) {
          const page = consoles[lang]!;
          const tabs = page.getByRole('tablist').first().getByRole('tab');
          const index = ['live', 'contributions', 'outcome'].indexOf(tab);
          await tabs.nth(index).click();
          await expect.poll(() => tabs.nth(index).getAttribute('aria-selected')).toBe('true');
        }
        await auditEach(consoles, `console, ${tab} tab`, { done: tab === 'outcome' });
      }
    },
    STEP_MS,
  );

  it(
    'WD30: after the end, the participant page with the outcome link, and the outcome document',
    async () => {
      await moderator.must('event.end');
      await moderator.must('outcome.setPublic', { public: true });
      for (const { lang } of LANGUAGES) await participants[lang]!.getByTestId('outcome-link').waitFor({ timeout: LIVE_MS });
      await auditEach(participants, 'participant, after the end');
      // The document is the event's, in the event's language, whatever the reader's.
      const documents: Record<string, Page> = {};
      for (const { lang, locale } of LANGUAGES) {
        documents[lang] = await open(`outcome-${lang}`, locale);
        await documents[lang].goto(`${event.server.url}/api/events/${event.server.eventId}/outcome.html?version=public`);
        await documents[lang].locator('h1').waitFor();
      }
      await auditEach(documents, 'outcome document', { done: true });
    },
    STEP_MS,
  );

  it('no page logged an error', () => {
    expect(event.errors).toEqual([]);
  });
});
