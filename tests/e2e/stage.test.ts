/**
 * The stage display in real Chromium (issue 16.2, SPEC SD1–SD4): a projector at 1280×720, a
 * stream at 1920×1080 and a French projector at 1280×720 follow one event through every state
 * — before the start, the floor open, a speaker with their clock, a panel with its order, a
 * question, a proposal open, closed and decided, an announcement, the connection lost, the end.
 * In each, on each screen, nothing overflows and every key element is wholly on screen; a
 * decided proposal's text is the largest text there is. Each state is saved as a screenshot.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { TestClient } from '../support/client.ts';
import { runBrowserTests, screenshot } from './support/chromium.ts';
import { browserEvent } from './support/session.ts';

/** "Every view updates live, within a second": allow a loaded machine twice that. */
const LIVE_MS = 2000;

/** As long as a topic may be (140 characters). */
const LONG_TOPIC =
  'Remittance costs for families in West Africa in the lockdowns, and what diaspora groups did when the banks closed their branches for months';
const QUESTION =
  'How did the diaspora networks that organised the food deliveries keep going once the first emergency funds ran out, and who paid for the second year of deliveries in the places the governments could not reach?';
const PROPOSAL =
  'The diaspora organisations present set up a shared fund for medical supplies, managed by a committee of five elected from their members, reporting to every member organisation twice a year on what it bought, for whom, and at what price, with its accounts published in full; the fund starts with the contributions pledged today and accepts no money from governments.';
const AMENDED =
  'The diaspora organisations present set up a shared fund for medical supplies, managed by an elected committee of seven that reports every quarter and publishes its accounts in full.';
const ANNOUNCEMENT =
  'Lunch is served in the main hall from 13:00. Interpretation in French and Arabic continues on channels 2 and 3; please return your headsets at the desk by the entrance before you leave the building tonight.';

interface Screen {
  name: string;
  width: number;
  height: number;
  locale: string;
  page?: Page;
}

const SCREENS: Screen[] = [
  { name: '1280x720', width: 1280, height: 720, locale: 'en-GB' },
  { name: '1920x1080', width: 1920, height: 1080, locale: 'en-GB' },
  { name: 'fr-1280x720', width: 1280, height: 720, locale: 'fr-FR' },
];

/** What must be wholly on screen whenever it is there. */
const KEY_ELEMENTS = [
  '[data-testid^="stage-"]',
  '[data-testid="announcement"]',
  '[data-testid="reconnecting"]',
  '.stage__segment',
  '.stage__name',
  '.stage__open',
  '.timer',
  '.tally__row',
  '.stage__panelist',
  '.stage__next li',
  '.stage__reactions',
].join(', ');

interface Fit {
  scrollWidth: number;
  scrollHeight: number;
  innerWidth: number;
  innerHeight: number;
  outside: string[];
}

/** The page's own measure of itself: does it scroll, and which key element is not wholly on screen (or cut by the stage's middle)? */
function measureFit(selector: string): Fit {
  const doc = document.documentElement;
  const main = document.querySelector('.stage__main')?.getBoundingClientRect() ?? null;
  const outside: string[] = [];
  for (const el of document.querySelectorAll(selector)) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    const what = `${el.getAttribute('data-testid') ?? el.className} "${(el.textContent ?? '').slice(0, 40)}" [${Math.round(r.left)},${Math.round(r.top)} → ${Math.round(r.right)},${Math.round(r.bottom)}]`;
    if (r.left < 0 || r.top < 0 || r.right > window.innerWidth + 0.5 || r.bottom > window.innerHeight + 0.5) outside.push(`${what} outside the window`);
    else if (main && el.closest('.stage__main') && el !== el.closest('.stage__main') && (r.bottom > main.bottom + 0.5 || r.right > main.right + 0.5)) {
      outside.push(`${what} cut off by the stage's middle (bottom ${Math.round(main.bottom)})`);
    }
  }
  return { scrollWidth: doc.scrollWidth, scrollHeight: doc.scrollHeight, innerWidth: window.innerWidth, innerHeight: window.innerHeight, outside };
}

/** The computed font size of `selector`, and the largest of every other visible text on the page. */
function measureFontSizes(selector: string): { target: number; largestOther: number; largestOtherText: string } {
  const target = document.querySelector(selector);
  if (!target) throw new Error(`${selector} is not on the page`);
  let largestOther = 0;
  let largestOtherText = '';
  for (const el of document.body.querySelectorAll('*')) {
    if (target.contains(el)) continue;
    const ownText = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim() !== '');
    if (!ownText) continue;
    const r = el.getBoundingClientRect();
    if (r.width <= 1 || r.height <= 1 || getComputedStyle(el).visibility === 'hidden') continue;
    const size = Number.parseFloat(getComputedStyle(el).fontSize);
    if (size > largestOther) {
      largestOther = size;
      largestOtherText = (el.textContent ?? '').slice(0, 40);
    }
  }
  return { target: Number.parseFloat(getComputedStyle(target).fontSize), largestOther, largestOtherText };
}

describe.skipIf(!runBrowserTests)('the stage display fits its screen in every state, in Chromium', () => {
  const event = browserEvent();
  let moderator: TestClient;
  let amina: TestClient;
  const voters: TestClient[] = [];

  const pages = () => SCREENS.map((s) => s.page!);
  const onEveryScreen = (check: (page: Page, screen: Screen) => Promise<unknown>) => Promise.all(SCREENS.map((s) => check(s.page!, s)));

  /** SD1: on every screen, no scrolling and every key element inside the window; then a screenshot of the state. */
  async function expectFits(state: string): Promise<void> {
    await onEveryScreen(async (page, screen) => {
      // The web font and the last render settle before measuring.
      await page.evaluate(() => document.fonts.ready.then(() => new Promise((resolve) => requestAnimationFrame(resolve))));
      const fit = await page.evaluate(measureFit, KEY_ELEMENTS);
      expect(fit.innerWidth).toBe(screen.width);
      expect(fit.scrollHeight, `${state} at ${screen.name}: the page is taller than the window`).toBeLessThanOrEqual(fit.innerHeight);
      expect(fit.scrollWidth, `${state} at ${screen.name}: the page is wider than the window`).toBeLessThanOrEqual(fit.innerWidth);
      expect(fit.outside, `${state} at ${screen.name}`).toEqual([]);
      await screenshot(page, `stage-${state}-${screen.name}`, { fullPage: false });
    });
  }

  /** SD3: the decided text is larger than any other text on the screen. */
  async function expectDecidedLargest(): Promise<void> {
    await onEveryScreen(async (page, screen) => {
      const sizes = await page.evaluate(measureFontSizes, '[data-testid="stage-decided"]');
      expect(
        sizes.target,
        `at ${screen.name} the decided text (${sizes.target}px) is not larger than "${sizes.largestOtherText}" (${sizes.largestOther}px)`,
      ).toBeGreaterThan(sizes.largestOther);
    });
  }

  it('SD1: before the start, the three screens show the event and when it starts', async () => {
    moderator = await event.server.connect(event.server.tokenOf('kemo-camara'));
    amina = await event.server.connect((await event.server.register({ name: 'Amina Diallo', consentToStage: true })).token);
    for (let i = 0; i < 3; i++) voters.push(await event.server.connect((await event.server.register()).token));
    for (const screen of SCREENS) {
      screen.page = await event.open(`stage-${screen.name}`, { viewport: { width: screen.width, height: screen.height }, locale: screen.locale });
      await screen.page.goto(`${event.base}#k=${event.server.tokenOf('stage')}`);
      await screen.page.locator('[data-view="stage"]').waitFor();
    }
    await onEveryScreen((page) => page.getByTestId('stage-title').getByText('Global Diaspora Virtual Exchange').waitFor());
    await expectFits('before-start');
  });

  it('SD1: the floor open is one line, not a headline; the queue is under "Next up"', async () => {
    await moderator.must('event.start');
    await amina.must('queue.raise', { topic: LONG_TOPIC });
    await onEveryScreen((page) => page.getByTestId('stage-next').getByText('Amina Diallo').waitFor({ timeout: LIVE_MS }));
    const [en, , fr] = pages();
    expect(await en!.locator('.stage__segment').textContent()).toBe('Introduction');
    expect(await en!.getByTestId('stage-floor').textContent()).toBe('The floor is open');
    expect(await fr!.getByTestId('stage-floor').textContent()).toBe('La parole est ouverte');
    expect(await fr!.getByTestId('stage-next').locator('h2').textContent()).toBe('Prochains intervenants');
    await onEveryScreen(async (page, screen) => {
      const line = await page.locator('.stage__open').boundingBox();
      // Small beside the segment's title: a line of the screen, not a third of it.
      expect(line!.height, `at ${screen.name}`).toBeLessThan(screen.height / 12);
      const title = await page.locator('.stage__segment').evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize));
      const open = await page.locator('.stage__open').evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize));
      expect(open).toBeLessThan(title);
    });
    await expectFits('floor-open');
  });

  it('SD1: a speaker with a long topic, their clock and the reactions', async () => {
    await moderator.must('floor.giveNext');
    for (const kind of ['applause', 'heart'] as const) await voters[0]!.socket.emitWithAck('reaction', { kind });
    await onEveryScreen(async (page) => {
      await page.locator('.stage__name', { hasText: 'Amina Diallo' }).waitFor({ timeout: LIVE_MS });
      await page.locator('.stage__reactions li').nth(1).waitFor({ timeout: LIVE_MS });
      await page.locator('.stage__floor .timer--huge').waitFor();
    });
    // A topic longer than two lines ends in "…", cut by the stage, not by the window.
    const clamped = await pages()[0]!
      .locator('.stage__topic')
      .evaluate((el) => el.scrollHeight > el.clientHeight && getComputedStyle(el).webkitLineClamp === '2');
    expect(clamped).toBe(true);
    await expectFits('speaker');
  });

  it('SD2: during a panel, the panel order: who spoke, who speaks, who is next', async () => {
    await moderator.must('floor.end');
    await moderator.must('agenda.next');
    await moderator.must('floor.give', { personId: 'adel-karoui' });
    await moderator.must('floor.end');
    await moderator.must('floor.give', { personId: 'charles-senessie' });
    await onEveryScreen((page) =>
      page.getByTestId('stage-panel').locator('[data-status="speaking"]', { hasText: 'Dr. Charles Senessie' }).waitFor({ timeout: LIVE_MS }),
    );
    const [en, , fr] = pages();
    const rows = await en!.locator('.stage__panelist').evaluateAll((items) => items.map((li) => `${li.getAttribute('data-status')}: ${li.textContent}`));
    expect(rows).toEqual([
      'spoke: 1.Adel Karoui✓ spoke',
      'speaking: 2.Dr. Charles Senessiespeaking',
      'next: 3.Mark Kosmonext',
      'waiting: 4.Niloufar Rahim',
      'waiting: 5.Peter Kwok',
      'waiting: 6.Sihana Bejtullahu',
      'waiting: 7.Yohannes Assefa',
    ]);
    expect(await en!.getByTestId('stage-panel').locator('h2').textContent()).toBe('Panel order');
    expect(await fr!.getByTestId('stage-panel').locator('h2').textContent()).toBe('Ordre du panel');
    expect(await fr!.locator('[data-status="next"]').textContent()).toBe('3.Mark Kosmosuivant');
    await expectFits('panel');
  });

  it('SD1: a long question for the panel on screen, the speaker on one line above it', async () => {
    const questionId = await amina.must('questions.ask', { text: QUESTION });
    await moderator.must('questions.show', { questionId });
    await onEveryScreen((page) => page.getByTestId('stage-question-text').waitFor({ timeout: LIVE_MS }));
    await onEveryScreen((page) => page.locator('.stage__floor--compact', { hasText: 'Dr. Charles Senessie' }).waitFor());
    await expectFits('question');
    // Everything at once: the panel, the speaker, the question, the queue, the reactions and an announcement.
    await voters[1]!.must('queue.raise', { topic: '' });
    await moderator.must('announcement.set', { text: ANNOUNCEMENT });
    await onEveryScreen((page) => page.getByTestId('stage-next').waitFor({ timeout: LIVE_MS }));
    await onEveryScreen((page) => page.getByTestId('announcement').waitFor({ timeout: LIVE_MS }));
    await expectFits('question-crowded');
    await moderator.must('announcement.clear');
    await voters[1]!.must('queue.lower');
    await moderator.must('questions.answer', { questionId });
    await onEveryScreen((page) => page.getByTestId('stage-on-screen').waitFor({ state: 'detached', timeout: LIVE_MS }));
  });

  it('SD1: a long proposal open for answers: agree, disagree and abstain all on screen', async () => {
    await moderator.must('floor.end');
    await moderator.must('agenda.next');
    await moderator.must('agenda.next');
    await moderator.must('floor.give', { personId: 'antonio-vitorino' });
    await moderator.caughtUp(await moderator.must('proposals.add', { text: PROPOSAL }));
    const proposalId = moderator.state.proposals.items[0]!.id;
    await moderator.must('proposals.show', { proposalId });
    const answers = ['agree', 'disagree', 'abstain'] as const;
    for (const [i, voter] of voters.entries()) await voter.must('proposals.vote', { proposalId, answer: answers[i] });
    await amina.must('proposals.vote', { proposalId, answer: 'agree' });
    await onEveryScreen((page) =>
      page
        .getByTestId('tally')
        .getByText(/^4 of \d+ online have answered$|^4 sur \d+ en ligne ont répondu$/)
        .waitFor({ timeout: LIVE_MS }),
    );
    const [en, , fr] = pages();
    expect(await en!.locator('.tally__label').allTextContents()).toEqual(['Agree', 'Disagree', 'Abstain']);
    expect(await fr!.locator('.tally__row').count()).toBe(3);
    expect(await en!.locator('.stage__segment').textContent()).toBe('Agreeing on a Way Forward');
    await expectFits('proposal-open');
    // Everything at once: the speaker, the proposal with its tally, the queue and an announcement.
    await voters[1]!.must('queue.raise', { topic: '' });
    await moderator.must('announcement.set', { text: ANNOUNCEMENT });
    await onEveryScreen((page) => page.getByTestId('stage-next').waitFor({ timeout: LIVE_MS }));
    await onEveryScreen((page) => page.getByTestId('announcement').waitFor({ timeout: LIVE_MS }));
    await expectFits('proposal-open-crowded');
    await moderator.must('announcement.clear');
    await voters[1]!.must('queue.lower');
    await onEveryScreen((page) => page.getByTestId('announcement').waitFor({ state: 'detached', timeout: LIVE_MS }));
  });

  it('SD1: the proposal closed, with its counts', async () => {
    const proposalId = moderator.state.proposals.items[0]!.id;
    await moderator.must('proposals.close', { proposalId });
    await onEveryScreen((page) =>
      page
        .getByTestId('stage-on-screen')
        .getByText(/Voting closed|Vote clos/)
        .waitFor({ timeout: LIVE_MS }),
    );
    await expectFits('proposal-closed');
  });

  it('SD3: the proposal decided as amended: the amended text is the largest thing on screen', async () => {
    const proposalId = moderator.state.proposals.items[0]!.id;
    await moderator.must('proposals.decide', { proposalId, result: 'amended', amendedText: AMENDED });
    await onEveryScreen((page) => page.getByTestId('stage-decided').waitFor({ timeout: LIVE_MS }));
    const [en] = pages();
    expect(await en!.getByTestId('stage-decided').textContent()).toBe(AMENDED);
    expect(await en!.getByTestId('stage-result').textContent()).toBe('Adopted as amended');
    expect(await en!.getByTestId('stage-tally').textContent()).toBe('Agree 2 · Disagree 1 · Abstain 1');
    await expectDecidedLargest();
    await expectFits('decided');
  });

  it('SD3: adopted as proposed, the proposal’s own text is the decision, and the largest; nobody speaking is one line above it', async () => {
    await moderator.must('floor.end');
    await moderator.caughtUp(await moderator.must('proposals.add', { text: 'Meet again in June.' }));
    const proposalId = moderator.state.proposals.items[1]!.id;
    await moderator.must('proposals.show', { proposalId });
    await moderator.must('proposals.decide', { proposalId, result: 'adopted' });
    await onEveryScreen((page) => page.getByTestId('stage-decided').getByText('Meet again in June.').waitFor({ timeout: LIVE_MS }));
    await onEveryScreen(async (page, screen) => {
      const open = (await page.locator('.stage__open').boundingBox())!;
      expect(open.height, `at ${screen.name}`).toBeLessThan(screen.height / 12);
    });
    await expectDecidedLargest();
    await expectFits('adopted');
    // Dropped: the proposal's text stays what it was, under the result.
    await moderator.caughtUp(await moderator.must('proposals.add', { text: 'Hold the next exchange in person, in Dakar.' }));
    const dropped = moderator.state.proposals.items[2]!.id;
    await moderator.must('proposals.show', { proposalId: dropped });
    await moderator.must('proposals.decide', { proposalId: dropped, result: 'dropped' });
    await onEveryScreen((page) =>
      page
        .getByTestId('stage-result')
        .getByText(/Dropped|Abandonnée|Rejet/)
        .waitFor({ timeout: LIVE_MS }),
    );
    expect(await pages()[0]!.getByTestId('stage-decided').count()).toBe(0);
    await expectFits('dropped');
    // Back to the long amended proposal for the states that follow.
    await moderator.must('proposals.show', { proposalId: moderator.state.proposals.items[0]!.id });
    await onEveryScreen((page) => page.getByTestId('stage-decided').getByText(AMENDED).waitFor({ timeout: LIVE_MS }));
  });

  it('SD1: a long announcement above the decided proposal, which stays the largest text', async () => {
    await moderator.must('announcement.set', { text: ANNOUNCEMENT });
    await onEveryScreen((page) => page.getByTestId('announcement').waitFor({ timeout: LIVE_MS }));
    await expectDecidedLargest();
    await expectFits('announcement');
  });

  it('SD4: the connection lost is a small mark in a corner, clear of the titles', async () => {
    const screen = SCREENS[0]!;
    const page = screen.page!;
    await page.context().setOffline(true);
    // Drop the live connection too (setOffline blocks new ones); the other screens reconnect at once.
    for (const socket of event.server.app.io.sockets.sockets.values()) {
      if ((socket.data as { credential?: { role?: string } }).credential?.role === 'stage') socket.conn.close();
    }
    const pill = page.getByTestId('reconnecting');
    await pill.waitFor({ timeout: 5000 });
    const box = (await pill.boundingBox())!;
    expect(box.height).toBeLessThanOrEqual(24);
    for (const selector of ['.stage__segment', '.stage__event', '.announcement', '[data-testid="stage-decided"]', '.stage__top .timer']) {
      const other = (await page.locator(selector).boundingBox())!;
      const overlaps = box.x < other.x + other.width && other.x < box.x + box.width && box.y < other.y + other.height && other.y < box.y + box.height;
      expect(overlaps, `the reconnecting mark covers ${selector}`).toBe(false);
    }
    const fit = await page.evaluate(measureFit, KEY_ELEMENTS);
    expect(fit.outside).toEqual([]);
    expect(fit.scrollHeight).toBeLessThanOrEqual(fit.innerHeight);
    await screenshot(page, `stage-reconnecting-${screen.name}`, { fullPage: false });
    await page.context().setOffline(false);
    await pill.waitFor({ state: 'detached', timeout: 15_000 });
  });

  it('SD1: the event ended: thank you, on every screen', async () => {
    await moderator.must('announcement.clear');
    await moderator.must('event.end');
    await onEveryScreen((page, screen) =>
      page
        .getByTestId('stage-status')
        .getByText(screen.locale === 'fr-FR' ? 'Merci' : 'Thank you!')
        .waitFor({ timeout: LIVE_MS }),
    );
    await expectFits('ended');
    // The 1280×720 projector lost its connection on purpose above: its failed attempts are expected, nothing else is.
    expect(event.errors.filter((e) => !/^stage-1280x720: .*ERR_INTERNET_DISCONNECTED/.test(e))).toEqual([]);
  });
});
