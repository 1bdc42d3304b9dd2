/**
 * A participant with a keyboard and nothing else (issue 17.5; SPEC WD32, WD33, WD34), in Chromium:
 * registration, raising a hand, answering the floor dialog, yielding, and voting, with Tab,
 * Shift+Tab, Enter, Space, arrows and Escape only — no click. Every element that takes the focus
 * on the way shows it: an outline (or a box-shadow) at least 2 px wide whose colour has a
 * contrast of at least 3:1 with what lies behind it. And the speaking clock says in words, not
 * only in colour, when time is running out and when it is over.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { TestClient } from '../support/client.ts';
import { runBrowserTests } from './support/chromium.ts';
import { browserEvent } from './support/session.ts';

const LIVE_MS = 2000;
/** Past this many Tab presses, what is looked for is not reachable by keyboard. */
const MAX_TABS = 80;

interface Focused {
  /** What a person hears for it: its label, aria-label or text. */
  name: string;
  tag: string;
  /** Why its focus is not visible, or null when it is. */
  problem: string | null;
}

/**
 * The focused element, and whether its focus indicator is visible (WD33): a non-none outline of
 * 2 px or more, or a box-shadow of 2 px or more, whose colour contrasts 3:1 with the background
 * it is drawn on (the element's own for an inset indicator, else its parent's).
 */
function focused(page: Page): Promise<Focused | null> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return null;
    const rgba = (c: string): [number, number, number, number] | null => {
      const m = /rgba?\(([\d.]+)[, ]+([\d.]+)[, ]+([\d.]+)(?:[,/ ]+([\d.]+%?))?\)/.exec(c);
      if (!m) return null;
      const alpha = m[4] === undefined ? 1 : m[4].endsWith('%') ? Number.parseFloat(m[4]) / 100 : Number(m[4]);
      return [Number(m[1]), Number(m[2]), Number(m[3]), alpha];
    };
    const luminance = ([r, g, b]: number[]) => {
      const [R, G, B] = [r, g, b].map((v) => {
        const s = (v ?? 0) / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * (R ?? 0) + 0.7152 * (G ?? 0) + 0.0722 * (B ?? 0);
    };
    const backgroundOf = (start: Element | null): [number, number, number, number] => {
      for (let node = start; node; node = node.parentElement) {
        const bg = rgba(getComputedStyle(node).backgroundColor);
        if (bg && bg[3] > 0.5) return bg;
      }
      return [255, 255, 255, 1];
    };
    const style = getComputedStyle(el);
    const name = (el.getAttribute('aria-label') || (el as HTMLInputElement).labels?.[0]?.textContent || el.textContent || '').trim().replace(/\s+/g, ' ');
    let colour: [number, number, number, number] | null = null;
    let inset = false;
    let problem: string | null = null;
    if (style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) >= 2) {
      colour = rgba(style.outlineColor);
      inset = Number.parseFloat(style.outlineOffset) < 0;
    } else if (style.boxShadow !== 'none') {
      colour = rgba(style.boxShadow);
      inset = style.boxShadow.includes('inset');
      const widest = Math.max(...(style.boxShadow.match(/-?[\d.]+px/g) ?? []).map((px) => Math.abs(Number.parseFloat(px))));
      if (widest < 2) problem = `box-shadow under 2px: ${style.boxShadow}`;
    } else {
      problem = `no outline (${style.outlineStyle} ${style.outlineWidth}) and no box-shadow`;
    }
    if (!problem && colour) {
      const [a, b] = [luminance(colour), luminance(backgroundOf(inset ? el : el.parentElement))];
      const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      if (ratio < 3) problem = `indicator contrast ${ratio.toFixed(2)}:1 against its background`;
    }
    return { name, tag: el.tagName.toLowerCase(), problem };
  });
}

describe.skipIf(!runBrowserTests)('a participant with only a keyboard, in Chromium', () => {
  const event = browserEvent();
  let moderator: TestClient;
  let amina: Page;
  /** Every element that took the focus, in order, with why its focus was not visible. */
  const visited: Focused[] = [];

  /** Record where the focus is, and insist it is visible. */
  async function here(): Promise<Focused | null> {
    const now = await focused(amina);
    if (now) visited.push(now);
    expect(now?.problem ?? null, `focus on <${now?.tag}> "${now?.name}"`).toBeNull();
    return now;
  }

  /** Tab (or Shift+Tab) until the focused element's name matches; every stop on the way must show its focus. */
  async function tabTo(name: RegExp, { back = false } = {}): Promise<void> {
    for (let i = 0; i < MAX_TABS; i++) {
      await amina.keyboard.press(back ? 'Shift+Tab' : 'Tab');
      const now = await here();
      if (now && name.test(now.name)) return;
    }
    throw new Error(`${name} cannot be reached with ${back ? 'Shift+Tab' : 'Tab'}`);
  }

  it('WD32 WD33: she registers with the keyboard alone', async () => {
    moderator = await event.server.connect(event.server.tokenOf('kemo-camara'));
    await moderator.must('event.start');
    amina = await event.open('amina', { viewport: { width: 1280, height: 900 } });
    await amina.goto(event.base);
    await amina.locator('form').first().waitFor();

    // The first stop is the skip link, shown when focused.
    await amina.keyboard.press('Tab');
    expect((await here())?.name).toBe('Skip to content');
    await tabTo(/^Your name/);
    await amina.keyboard.type('Amina Diallo');
    await tabTo(/^Community of origin/);
    await amina.keyboard.type('Senegalese diaspora');
    await tabTo(/^Region of that community/);
    // A closed list moves with the arrows: "Africa" is first after "Choose…".
    await amina.keyboard.press('ArrowDown');
    expect(await amina.locator('select[name="region"]').inputValue()).toBe('africa');
    await tabTo(/^Country where you live/);
    // Typing a name picks it from the list.
    await amina.keyboard.type('France');
    expect(await amina.locator('#register-country').inputValue()).toBe('FR');
    await tabTo(/^Name me on the projected stage/);
    await amina.keyboard.press('Space');
    await tabTo(/^Name me in the published outcome/);
    await amina.keyboard.press('Space');
    expect(await amina.locator('input[name="consent"]').isChecked()).toBe(true);
    expect(await amina.locator('input[name="consentStage"]').isChecked()).toBe(true);
    // Shift+Tab goes back, and forth again.
    await tabTo(/^Name me on the projected stage/, { back: true });
    await tabTo(/^Join$/);
    await amina.keyboard.press('Enter');
    await amina.locator('[data-view="participant"]').waitFor();
  });

  it('WD32 WD33: she raises her hand', async () => {
    await tabTo(/Raise hand$/);
    await amina.keyboard.press('Enter');
    await amina.getByTestId('my-position').waitFor({ timeout: LIVE_MS });
    await moderator.until(() => moderator.state.queue.hands.some((h) => h.person.name === 'Amina Diallo'));
  });

  it('WD32 WD33: given the floor, she moves between the dialog\'s answers, and "Start speaking" with Enter takes her to her turn', async () => {
    const hand = moderator.state.queue.hands.find((h) => h.person.name === 'Amina Diallo')!;
    // A 15-second turn, so that its last seconds and its overrun come within the test.
    await moderator.must('floor.setLimit', { limitMs: 15_000 });
    await moderator.must('floor.give', { personId: hand.person.id, kind: 'hand' });
    const dialog = amina.getByRole('dialog', { name: 'You have the floor' });
    await dialog.waitFor({ timeout: LIVE_MS });
    // The dialog takes the focus, on its first answer; the focus stays inside it.
    await expect.poll(async () => (await here())?.name).toBe('Start speaking');
    await amina.keyboard.press('Tab');
    expect((await here())?.name).toBe('I’m not ready');
    await amina.keyboard.press('Tab');
    expect((await here())?.name).toBe('Start speaking');
    await amina.keyboard.press('Shift+Tab');
    expect((await here())?.name).toBe('I’m not ready');
    await amina.keyboard.press('Shift+Tab');
    expect((await here())?.name).toBe('Start speaking');
    await amina.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => amina.evaluate(() => document.activeElement?.id)).toBe('my-turn-heading');
    await here();
  });

  it('WD34: her clock says in words, not only in colour, when time runs out, when it is over, and when there is time again', async () => {
    const clock = amina.getByTestId('my-turn').getByRole('timer');
    // The last 30 seconds: the icon and the words say it, and so does the name a screen reader reads.
    expect(await clock.getAttribute('data-tone')).toBe('warn');
    expect(await clock.locator('.timer__state').textContent()).toBe('almost up');
    expect(await clock.getAttribute('aria-label')).toMatch(/^Speaking time: 0:\d\d, almost up$/);
    expect(await clock.locator('.timer__icon').textContent()).toBe('◆');
    // Over: the clock counts up with a plus sign and says "over time".
    await expect.poll(() => clock.getAttribute('data-tone'), { timeout: 16_000 }).toBe('over');
    expect(await clock.locator('.timer__value').textContent()).toMatch(/^\+\d+:\d\d$/);
    expect(await clock.locator('.timer__state').textContent()).toBe('over time');
    expect(await clock.getAttribute('aria-label')).toMatch(/^Speaking time: \+\d+:\d\d, over time$/);
    expect(await clock.locator('.timer__icon').textContent()).toBe('▲');
    // Two more minutes: time left again, said as such.
    await moderator.must('floor.extend', { deltaMs: 120_000 });
    await expect.poll(() => clock.getAttribute('data-tone'), { timeout: LIVE_MS }).toBe('ok');
    expect(await clock.locator('.timer__state').textContent()).toBe('left');
    expect(await clock.getAttribute('aria-label')).toMatch(/^Speaking time: [12]:\d\d, left$/);
    expect(await clock.locator('.timer__icon').textContent()).toBe('●');
  });

  it('WD32 WD33: she yields the floor with the keyboard', async () => {
    await tabTo(/^Yield the floor$/);
    await amina.keyboard.press('Space');
    await moderator.until(() => moderator.state.floor.current === null);
    await amina.getByTestId('my-turn').waitFor({ state: 'detached', timeout: LIVE_MS });
  });

  it('WD32 WD33: she votes on a proposal with the keyboard, and changes her answer', async () => {
    await moderator.caughtUp(await moderator.must('proposals.add', { text: 'Set up a diaspora health fund' }));
    const proposal = moderator.state.proposals.items[0]!;
    await moderator.must('proposals.show', { proposalId: proposal.id });
    await amina.getByTestId('vote-panel').waitFor({ timeout: LIVE_MS });
    await tabTo(/^Agree$/);
    await amina.keyboard.press('Enter');
    await amina.getByText('Your answer: Agree.').waitFor({ timeout: LIVE_MS });
    await moderator.until(() => moderator.state.proposals.items[0]?.tally.agree === 1);
    // She changes her mind: the next answer, with Space.
    await amina.keyboard.press('Tab');
    expect((await here())?.name).toBe('Disagree');
    await amina.keyboard.press('Space');
    await amina.getByText('Your answer: Disagree.').waitFor({ timeout: LIVE_MS });
    await moderator.until(() => moderator.state.proposals.items[0]?.tally.disagree === 1);
  });

  it('WD33: every stop on the way showed its focus; a hidden or faint one would have been caught', async () => {
    // The check itself: the focused answer without its outline, then with a faint one.
    const restyle = (outline: string) =>
      amina.evaluate((o) => {
        (document.activeElement as HTMLElement).style.outline = o;
      }, outline);
    await restyle('none');
    expect((await focused(amina))?.problem).toMatch(/^no outline/);
    await restyle('3px solid #e6edf8');
    expect((await focused(amina))?.problem).toMatch(/^indicator contrast 1\.\d\d:1/);
    await restyle('');
    expect((await focused(amina))?.problem).toBeNull();
    expect(visited.length).toBeGreaterThan(15);
    expect(visited.filter((f) => f.problem)).toEqual([]);
    expect(event.errors).toEqual([]);
  });
});
