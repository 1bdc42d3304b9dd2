/**
 * A shortened event in real Chromium: a moderator, a speaker and two participants (one on a
 * 360 px phone, one whose clock is five minutes fast) in pages side by side, plus the stage
 * display. Every step is checked on the other screens, without a reload.
 */
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATE, type Template } from '../../shared/template.ts';
import { runBrowserTests, screenshot } from './support/chromium.ts';
import { browserEvent } from './support/session.ts';

/** The seed event, shortened: two-minute segments (three for the panel), one-minute turns. */
const SHORT_EVENT: Template = {
  ...DEFAULT_TEMPLATE,
  callUrl: 'https://meet.example.org/gavel-e2e',
  segments: DEFAULT_TEMPLATE.segments.map((s) => ({ ...s, durationMin: s.kind === 'panel' ? 3 : 2, speakingLimitMin: 1 })),
};
const SKEW_MS = 5 * 60 * 1000;
/** "Every view updates live, within a second": allow a loaded CI machine twice that. */
const LIVE_MS = 2000;

/** A timer's text as seconds left; negative once over time ("+0:12" is -12). */
function seconds(text: string): number {
  const over = text.startsWith('+');
  const parts = text.replace('+', '').split(':').map(Number);
  const total = parts.reduce((acc, n) => acc * 60 + n, 0);
  return over ? -total : total;
}

async function turnSeconds(page: Page): Promise<number> {
  return seconds((await page.locator('[data-clock="turn"] .timer__value').first().textContent({ timeout: LIVE_MS })) ?? '');
}

describe.skipIf(!runBrowserTests)('a live event in four browsers', () => {
  const event = browserEvent({ template: SHORT_EVENT });
  let moderator: Page;
  let speaker: Page;
  /** Desktop, clock five minutes fast. */
  let amina: Page;
  /** A 360 px phone. */
  let minh: Page;
  let stage: Page;
  const participantScripts: Array<{ url: string; gzip: number; hasZod: boolean }> = [];
  const scriptsSeen = new Set<string>();

  /** Wait until every page shows what `check` looks for. */
  async function onEveryPage(pages: Page[], check: (page: Page) => Promise<unknown>): Promise<void> {
    await Promise.all(pages.map((p) => check(p)));
  }

  it('participants register in a few fields and stay signed in on reload', async () => {
    amina = await event.open('amina', { timezoneId: 'Europe/Paris', skewMs: SKEW_MS });
    amina.on('response', async (res) => {
      if (res.url().endsWith('.js') && !scriptsSeen.has(res.url())) {
        scriptsSeen.add(res.url());
        const body = await res.body();
        participantScripts.push({ url: res.url(), gzip: gzipSync(body).length, hasZod: body.includes('ZodError') });
      }
    });
    const started = Date.now();
    await event.register(amina, { name: 'Amina Diallo', community: 'Senegalese diaspora', region: 'africa', country: 'France' });
    expect(Date.now() - started).toBeLessThan(30_000);
    // The page's clock really is five minutes fast.
    const skew = await amina.evaluate(() => Date.now() - (performance.timeOrigin + performance.now()));
    expect(skew).toBeGreaterThan(SKEW_MS - 5000);

    await amina.reload();
    await amina.locator('[data-view="participant"]').waitFor();
    await expect.poll(() => amina.locator('.topbar').textContent()).toContain('Amina Diallo');

    const call = amina.getByRole('link', { name: 'Join the call' });
    expect(await call.getAttribute('href')).toBe('https://meet.example.org/gavel-e2e');
    expect(await call.getAttribute('rel')).toBe('noopener noreferrer nofollow');

    minh = await event.open('minh', { viewport: { width: 360, height: 780 }, timezoneId: 'Europe/Paris' });
    await screenshot(minh, 'participant-register-phone');
    await event.register(minh, { name: 'Tran Van Minh', community: 'Vietnamese diaspora', region: 'asia', country: 'Germany' });
  });

  it('invite links sign in the moderator, the speaker and the stage, and leave the address bar', async () => {
    moderator = await event.open('moderator', { viewport: { width: 1440, height: 1000 }, timezoneId: 'Europe/Paris' });
    await moderator.goto(`${event.base}#k=${event.server.tokenOf('kemo-camara')}`);
    await moderator.locator('[data-view="moderator"]').waitFor();
    expect(moderator.url()).not.toContain('#k=');
    expect(await moderator.evaluate((id) => localStorage.getItem(`gavel:token:${id}`), event.server.eventId)).toBe(event.server.tokenOf('kemo-camara'));

    speaker = await event.open('speaker', { viewport: { width: 1280, height: 900 }, timezoneId: 'Europe/Paris' });
    await speaker.goto(`${event.base}#k=${event.server.tokenOf('antonio-vitorino')}`);
    await speaker.locator('[data-view="participant"]').waitFor();
    await expect.poll(() => speaker.locator('.topbar').textContent()).toContain('Speaker');

    stage = await event.open('stage', { viewport: { width: 1280, height: 720 }, timezoneId: 'Europe/Paris' });
    await stage.goto(`${event.base}#k=${event.server.tokenOf('stage')}`);
    await stage.locator('[data-view="stage"]').waitFor();
    await expect.poll(() => moderator.getByTestId('presence').textContent()).toMatch(/5 online/);
  });

  it('the moderator starts the event: every screen shows the first segment live', async () => {
    await moderator.getByRole('button', { name: 'Start the event' }).click();
    await onEveryPage([amina, minh, speaker], (p) => p.locator('.agenda__item--current', { hasText: 'Introduction' }).waitFor({ timeout: LIVE_MS }));
    await stage.locator('.stage__segment', { hasText: 'Introduction' }).waitFor({ timeout: LIVE_MS });
    await expect.poll(() => amina.getByTestId('event-status').textContent()).toBe('Live');
  });

  it('gives the floor to the welcome speaker: a large timer, agreeing on every screen, even the one with a wrong clock', async () => {
    await moderator.getByLabel('Give the floor to').selectOption({ label: 'António Vitorino — Welcoming remarks' });
    await moderator.getByRole('button', { name: 'Give floor', exact: true }).first().click();
    await speaker.getByTestId('my-turn').waitFor({ timeout: LIVE_MS });
    await speaker.getByRole('dialog', { name: 'You have the floor' }).getByRole('button', { name: 'Start speaking' }).click();
    await expect.poll(() => speaker.locator('[data-testid="my-turn"] .timer--huge').count()).toBe(1);
    await speaker.waitForTimeout(1200);

    const pages = [moderator, speaker, amina, minh, stage];
    for (let i = 0; i < 3; i++) {
      const readings = await Promise.all(pages.map(turnSeconds));
      expect(Math.max(...readings) - Math.min(...readings), `timers: ${readings.join(', ')}`).toBeLessThanOrEqual(1);
      expect(readings[2]).toBeGreaterThan(50); // the fast clock would read 4 minutes over without the offset
      await speaker.waitForTimeout(700);
    }
    await expect.poll(() => speaker.locator('.my-turn__allotted').textContent()).toContain('Allotted 1:00');
    await screenshot(speaker, 'speaker-view');
    await screenshot(stage, 'stage-display', { fullPage: false });

    await speaker.getByRole('button', { name: 'Yield the floor' }).click();
    await onEveryPage([moderator, amina, minh, stage], (p) =>
      p
        .getByText(/Nobody has the floor|The floor is open/)
        .first()
        .waitFor({ timeout: LIVE_MS }),
    );
  });

  it('advances to the panel; participants raise hands and see their place', async () => {
    await moderator.getByRole('button', { name: /Next segment/ }).click();
    await onEveryPage([amina, minh, speaker], (p) => p.locator('.agenda__item--current', { hasText: 'Sharing Successes' }).waitFor({ timeout: LIVE_MS }));

    await amina.getByLabel('Topic (optional)').fill('Remittances during lockdown');
    await amina.getByRole('button', { name: 'Raise hand' }).click();
    await amina.getByTestId('my-position').getByText('You are 1st in the queue').waitFor({ timeout: LIVE_MS });
    await minh.getByRole('button', { name: 'Raise hand' }).click();
    await minh.getByTestId('my-position').getByText('You are 2nd in the queue').waitFor({ timeout: LIVE_MS });
    await expect.poll(() => minh.getByTestId('live-polite').textContent()).toBe('You are 2nd in the queue');
    await moderator.getByTestId('mod-queue').getByText('Remittances during lockdown').waitFor({ timeout: LIVE_MS });
    // Balanced order made visible (issue 15.6): each queued person's record, and speaking time by region.
    const records = await moderator.getByTestId('mod-queue').getByTestId('speaker-record').allTextContents();
    expect(records).toEqual(['has not spoken yet', 'has not spoken yet']);
    const balance = moderator.getByTestId('speaking-balance');
    expect(await balance.getByText('Speaking time by region').count()).toBe(1);
    // Only the welcome speaker has spoken so far: one region holds all of it.
    expect(await balance.textContent()).toContain('100 %');
  });

  it('the moderator reorders the queue from the keyboard (Alt+ArrowUp), and both participants see it', async () => {
    const row = moderator.locator('[data-testid="mod-queue"] li[data-person]').nth(1);
    await row.focus();
    await moderator.keyboard.press('Alt+ArrowUp');
    await minh.getByTestId('my-position').getByText('You are 1st in the queue').waitFor({ timeout: LIVE_MS });
    await amina.getByTestId('my-position').getByText('You are 2nd in the queue').waitFor({ timeout: LIVE_MS });
    // Focus stays on the moved row, so the moderator can keep moving it.
    await expect.poll(() => moderator.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('1. Tran Van Minh');
    await screenshot(moderator, 'moderator-console');
  });

  it('gives the floor to the next in line: an unmistakable notice and a countdown that agree across screens', async () => {
    // In the panel the primary action follows the panel order (P5); the queue's first is the second action.
    await moderator.getByTestId('give-next-from-queue').click();
    await minh.getByTestId('my-turn').waitFor({ timeout: LIVE_MS });
    await expect.poll(() => minh.getByTestId('live-assertive').textContent()).toBe('You have the floor');
    await expect.poll(() => minh.title()).toContain('You have the floor');
    await minh.getByRole('dialog', { name: 'You have the floor' }).getByRole('button', { name: 'Start speaking' }).click();
    await minh.waitForTimeout(1000);
    const readings = await Promise.all([minh, amina, moderator, stage].map(turnSeconds));
    expect(Math.max(...readings) - Math.min(...readings), `timers: ${readings.join(', ')}`).toBeLessThanOrEqual(1);
    await screenshot(minh, 'participant-floor-phone');
    await screenshot(amina, 'participant-view');
    // +30 s for the speaker now (F12): her own screen's allotment grows by it.
    const allotted = minh.locator('.my-turn__allotted');
    const seconds = (text: string | null) => {
      const [m = '0', sec = '0'] = (text?.match(/(\d+):(\d+)/) ?? []).slice(1);
      return Number(m) * 60 + Number(sec);
    };
    const before = seconds(await allotted.textContent());
    await moderator.getByRole('button', { name: 'Give Tran Van Minh 0:30 more' }).click();
    await expect.poll(async () => seconds(await allotted.textContent()), { timeout: LIVE_MS }).toBe(before + 30);
  });

  it('a point of order shows at the top of the console with its note until the moderator handles it (issue 15.2)', async () => {
    const alert = moderator.getByTestId('points-of-order');
    // The device's one sound setting, off until the moderator turns it on, saying what it sounds for.
    const sound = alert.getByRole('button', { name: 'Sound off' });
    expect(await sound.getAttribute('aria-pressed')).toBe('false');
    expect(await sound.getAttribute('title')).toBe('Sound when a point of order arrives');
    await amina.getByText('Point of order', { exact: true }).click();
    await amina.getByLabel('What is it about?').fill('The speaker list skipped Asia');
    await amina.getByRole('button', { name: 'Raise a point of order' }).click();
    await alert.getByText('The speaker list skipped Asia').waitFor({ timeout: LIVE_MS });
    await alert.getByRole('heading', { name: 'Points of order (1)' }).waitFor();
    // Above the fold, whatever the rest of the console holds.
    const box = await alert.boundingBox();
    expect(box && box.y + box.height).toBeLessThan(900);
    await screenshot(moderator, 'moderator-point-of-order');
    await alert.getByRole('button', { name: 'Dismiss' }).click();
    await alert.getByText('The speaker list skipped Asia').waitFor({ state: 'detached', timeout: LIVE_MS });
  });

  it('chat: links are safe links, and markup is shown as text, never run', async () => {
    await amina.getByRole('textbox', { name: 'Message' }).fill('Our report: https://example.org/report?id=7.');
    await amina.getByRole('textbox', { name: 'Message' }).press('Enter');
    const link = minh.getByTestId('chat').getByRole('link', { name: 'https://example.org/report?id=7' });
    await link.waitFor({ timeout: LIVE_MS });
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer nofollow');
    expect(await link.getAttribute('target')).toBe('_blank');

    const hostile = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2"> <b>bold?</b> javascript:alert(1)';
    await minh.getByRole('textbox', { name: 'Message' }).fill(hostile);
    await minh.getByRole('textbox', { name: 'Message' }).press('Enter');
    const message = amina.getByTestId('chat').locator('.chat__text', { hasText: '<script>' });
    await message.waitFor({ timeout: LIVE_MS });
    expect(await message.textContent()).toBe(hostile);
    expect(await amina.getByTestId('chat').locator('script, img, b').count()).toBe(0);
    expect(await amina.getByTestId('chat').locator('a[href^="javascript"]').count()).toBe(0);
    expect(await amina.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
  });

  it('reactions: a burst on every screen and counts on the stage', async () => {
    for (let i = 0; i < 3; i++) await amina.getByRole('button', { name: 'Applause' }).click();
    await minh.getByRole('button', { name: 'Heart' }).click();
    await minh.locator('.burst').first().waitFor({ state: 'attached', timeout: 3000 });
    // The clicks may fall into two of the server's one-second batches: the stage adds them up.
    await expect.poll(() => stage.locator('.stage__reactions li').count(), { timeout: 3000 }).toBe(2);
    await stage.locator('.stage__reactions', { hasText: '3' }).waitFor({ timeout: 3000 });
    await screenshot(stage, 'stage-reactions', { fullPage: false });
  });

  it('reconnects after a drop: a small banner, then it catches up from its last seq', async () => {
    const minhContext = minh.context();
    await minhContext.setOffline(true);
    // Drop the live connection too (setOffline blocks new ones): a network blip, as the server sees it.
    for (const socket of event.server.app.io.sockets.sockets.values()) {
      const data = socket.data as { credential?: { profile?: { name?: string } } };
      if (data.credential?.profile?.name === 'Tran Van Minh') socket.conn.close();
    }
    await minh.getByTestId('reconnecting').waitFor({ timeout: 5000 });
    await moderator.getByRole('textbox', { name: 'Message' }).fill('Welcome back, everyone');
    await moderator.getByRole('textbox', { name: 'Message' }).press('Enter');
    await minhContext.setOffline(false);
    await minh.getByTestId('chat').getByText('Welcome back, everyone').waitFor({ timeout: 15_000 });
    await minh.getByTestId('reconnecting').waitFor({ state: 'detached', timeout: 15_000 });
    // Still the same person, still with the floor.
    await minh.getByTestId('my-turn').waitFor();
  });

  it('switches language live (French is complete)', async () => {
    await minh.getByLabel('Language').selectOption('fr');
    await minh.getByRole('heading', { name: 'Vous avez la parole' }).waitFor();
    expect(await minh.evaluate(() => document.documentElement.lang)).toBe('fr');
    await screenshot(minh, 'participant-phone-fr');
    await minh.getByLabel('Langue').selectOption('en');
  });

  it('a French browser reads French from the first paint: its words, a chunk of their own, load before it', async () => {
    const fatou = await event.open('fatou', { locale: 'fr-FR' });
    // Every text the page shows, from before the first render: a flash of English would be caught.
    await fatou.addInitScript(() => {
      const seen: string[] = [];
      Object.assign(window, { seenTexts: seen });
      new MutationObserver(() => {
        // biome-ignore lint/performance/useDomNodeTextContent: what the page shows, not what its nodes hold
        const text = document.getElementById('app')?.innerText.trim();
        if (text) seen.push(text);
      }).observe(document, { childList: true, subtree: true, characterData: true });
    });
    const frenchWords = fatou.waitForResponse((res) => /\/messages\.fr-[\w-]+\.js$/.test(res.url()));
    await fatou.goto(event.base);
    await frenchWords;
    await fatou.getByRole('heading', { name: 'Rejoindre l’événement' }).waitFor();
    const seen = await fatou.evaluate(() => (window as unknown as { seenTexts: string[] }).seenTexts);
    expect(seen.length).toBeGreaterThan(0);
    for (const text of seen) expect(text).not.toMatch(/Loading…|Join the event|Your name/);
  });

  it('lower all: the hands go down on every screen, the buttons follow the state', async () => {
    await minh.getByRole('button', { name: 'Yield the floor' }).click();
    await amina.getByTestId('my-position').waitFor();
    await moderator.getByRole('button', { name: 'Lower all hands' }).click();
    await amina.getByRole('button', { name: 'Raise hand' }).waitFor({ timeout: LIVE_MS });
    await expect.poll(() => amina.getByTestId('live-polite').textContent()).toBe('Your hand is lowered.');
    await moderator.getByText('No hands raised.').waitFor({ timeout: LIVE_MS });
  });

  it('the stage overlay variant has a transparent background', async () => {
    const overlay = await stage.context().newPage();
    await overlay.goto(`${event.base}?overlay=1`);
    await overlay.locator('.stage--overlay').waitFor();
    const background = await overlay.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe('rgba(0, 0, 0, 0)');
    await screenshot(overlay, 'stage-overlay', { fullPage: false, omitBackground: true });
    await overlay.close();
  });

  it('ends the event everywhere', async () => {
    await moderator.getByRole('button', { name: /End the event/ }).click();
    await moderator.getByRole('button', { name: 'Yes, end the event now' }).click();
    await onEveryPage([amina, minh, speaker], (p) => p.getByTestId('status-notice').getByText('The event has ended').waitFor({ timeout: LIVE_MS }));
    await stage.getByText('Thank you!').waitFor({ timeout: LIVE_MS });
    await screenshot(moderator, 'moderator-console-ended');
    // Minh's browser, taken offline on purpose above, logs its failed reconnection attempts: expected, and nothing else is.
    expect(event.errors.filter((e) => !/^minh: .*ERR_INTERNET_DISCONNECTED/.test(e))).toEqual([]);
  });

  it('loads under 60 KB of gzipped JavaScript for a participant', () => {
    const total = participantScripts.reduce((sum, s) => sum + s.gzip, 0);
    const detail = participantScripts.map((s) => `${s.url.split('/').pop()}: ${(s.gzip / 1024).toFixed(1)} KB`).join(', ');
    console.info(`participant view JS, gzipped: ${(total / 1024).toFixed(1)} KB (${detail})`);
    expect(participantScripts.some((s) => s.url.includes('ModeratorConsole'))).toBe(false);
    // An English page never downloads another language's words (WD11): each is a chunk of its own, messages.<lang>-<hash>.js.
    expect(participantScripts.filter((s) => /messages\.[a-z]{2}-/.test(s.url)).map((s) => s.url)).toEqual([]);
    expect(total).toBeGreaterThan(0);
    const zod = participantScripts.some((s) => s.hasZod);
    expect(
      total,
      `${detail}${zod ? ' — zod is in the bundle (~28 KB): shared/permissions.ts imports COMMAND_TYPES and shared/wire.ts imports zod, at run time' : ''}`,
    ).toBeLessThan(60 * 1024);
  });
});
