/**
 * The queue explained and the page after the end, in real Chromium (issue 16.3, 16.4; SPEC Q11,
 * E6, QA9, O5, O8). Balanced order puts a later hand first: the participant's page and the
 * console say the rule, and why the place changed. The event then ends during the panel with a
 * question unanswered and two hands up: the participant's and the speaker's pages show one
 * ended block, no queue, "Next", hand button or clock; the outcome link appears once a moderator
 * publishes it, without a reload, and the document lists the question as not reached.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { TestClient } from '../support/client.ts';
import { runBrowserTests, screenshot } from './support/chromium.ts';
import { browserEvent } from './support/session.ts';

/** "Every view updates live, within a second": allow a loaded machine twice that. */
const LIVE_MS = 2000;
const QUESTION = 'How did you keep clinics open during the lockdown?';
const BEHIND = 'Moved down: people who have not spoken yet come first';
const AHEAD = 'Moved up: people who have not spoken yet come first';

describe.skipIf(!runBrowserTests)('the queue explained, and the page after the end, in Chromium', () => {
  const event = browserEvent();
  let moderator: TestClient;
  let omar: TestClient;
  let amina: Page;
  let speaker: Page;
  let consolePage: Page;
  let stage: Page;

  const handOf = (name: string) => moderator.state.queue.hands.find((h) => h.person.name === name);

  it('a moderator starts the event and moves to the panel; a participant asks a question', async () => {
    moderator = await event.server.connect(event.server.tokenOf('kemo-camara'));
    await moderator.must('event.start');
    await moderator.must('agenda.next');
    amina = await event.open('amina', { viewport: { width: 1280, height: 900 } });
    await event.register(amina, { name: 'Amina Diallo', community: 'Senegalese diaspora', region: 'africa', country: 'France' });
    const registered = await event.server.register({ name: 'Omar Haddad', community: 'Moroccan diaspora', region: 'africa', country: 'Spain' });
    omar = await event.server.connect(registered.token);
    await omar.must('questions.ask', { text: QUESTION });
    speaker = await event.open('speaker', { viewport: { width: 1280, height: 900 } });
    await speaker.goto(`${event.base}#k=${event.server.tokenOf('niloufar-rahim')}`);
    await speaker.locator('[data-view="participant"]').waitFor();
    consolePage = await event.open('console', { viewport: { width: 1440, height: 900 } });
    await consolePage.goto(`${event.base}#k=${event.server.tokenOf('kemo-camara')}`);
    await consolePage.locator('[data-view="moderator"]').waitFor();
    stage = await event.open('stage', { viewport: { width: 1280, height: 720 } });
    await stage.goto(`${event.base}#k=${event.server.tokenOf('stage')}`);
    await stage.locator('[data-view="stage"]').waitFor();
  });

  it('Q11: the queue states its rule, first come by default', async () => {
    await amina.getByRole('button', { name: 'Raise hand' }).click();
    await amina.getByTestId('my-position').waitFor({ timeout: LIVE_MS });
    expect(await amina.getByTestId('queue-rule').textContent()).toBe('Order: points of order, then first come.');
    expect(await amina.getByTestId('place-reason').count()).toBe(0);
  });

  it('Q11: balanced order puts a later hand first, and both pages say why', async () => {
    // Amina speaks once, raises her hand again, then Omar, who has not spoken, raises his.
    await moderator.until(() => !!handOf('Amina Diallo'));
    await moderator.must('floor.give', { personId: handOf('Amina Diallo')!.person.id, kind: 'hand' });
    await moderator.caughtUp(await moderator.must('floor.end'));
    await moderator.must('queue.setOrder', { order: 'balanced' });
    await amina.getByRole('button', { name: 'Raise hand' }).click();
    await amina.getByTestId('my-position').waitFor({ timeout: LIVE_MS });
    await omar.must('queue.raise', {});

    const queue = amina.getByTestId('queue');
    await queue.locator('li').nth(1).getByText('Amina Diallo').waitFor({ timeout: LIVE_MS });
    expect(await queue.locator('li').nth(0).textContent()).toContain('Omar Haddad');
    expect(await amina.getByTestId('queue-rule').textContent()).toBe(
      'Balanced order: points of order, then people who have not spoken yet, then the regions heard least.',
    );
    expect(await queue.locator('li').nth(0).getByTestId('place-reason').textContent({ timeout: LIVE_MS })).toBe(AHEAD);
    expect(await queue.locator('li').nth(1).getByTestId('place-reason').textContent()).toBe(BEHIND);

    const modQueue = consolePage.getByTestId('mod-queue');
    await modQueue.locator('li').nth(1).getByText(BEHIND).waitFor({ timeout: LIVE_MS });
    expect(await consolePage.getByTestId('queue-rule').first().textContent()).toContain('Balanced order');
    await screenshot(amina, 'queue-balanced-reason', { fullPage: false });

    // In French too.
    await amina.getByLabel('Language').selectOption('fr');
    // The French words load on demand: wait for them.
    await queue.locator('li').nth(1).getByText('Reculé\u202f: les personnes qui n’ont pas encore parlé passent d’abord').waitFor({ timeout: LIVE_MS });
    expect(await amina.getByTestId('queue-rule').textContent()).toContain('Ordre équilibré');
    await amina.getByLabel('Langue').selectOption('en');
    await amina.getByTestId('queue-rule').getByText('Balanced order').waitFor({ timeout: LIVE_MS });
  });

  it('E6: after the end, one ended block; no queue, "Next", hand button or clock', async () => {
    expect(moderator.state.queue.hands).toHaveLength(2);
    expect(moderator.state.questions.items[0]?.status).toBe('open');
    await moderator.caughtUp(await moderator.must('event.end'));
    for (const page of [amina, speaker]) {
      const notice = page.getByTestId('status-notice');
      await notice.getByText('The event has ended').waitFor({ timeout: LIVE_MS });
      await notice.getByText('What happens now: the organisers publish the outcome document.').waitFor();
      expect(await page.getByTestId('outcome-pending').textContent()).toBe('Its link will appear here once published.');
      expect(await page.getByRole('heading', { name: /^Queue/ }).count()).toBe(0);
      expect(await page.getByTestId('queue').count()).toBe(0);
      expect(await page.getByText(/Next:/).count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Raise hand' }).count()).toBe(0);
      expect(await page.getByRole('timer').count()).toBe(0);
      expect(await page.getByTestId('now-speaking').count()).toBe(0);
      expect(await page.getByTestId('now-bar').count()).toBe(0);
      // The plenaries never held are not still to come.
      expect(await page.locator('.agenda__item', { hasText: 'Exploring Best Practices' }).getByText('Not held').count()).toBe(1);
    }
    await screenshot(amina, 'participant-ended', { fullPage: false });
    // The stage: the title and a thank-you, no one next.
    await stage.getByText('Thank you!').waitFor({ timeout: LIVE_MS });
    expect(await stage.locator('.stage__next').count()).toBe(0);
    expect(await stage.getByRole('timer').count()).toBe(0);
    // In French too.
    await amina.getByLabel('Language').selectOption('fr');
    await amina.getByTestId('status-notice').getByText('Et maintenant\u202f: les organisateurs publient le document final.').waitFor({ timeout: LIVE_MS });
    expect(await amina.getByTestId('outcome-pending').textContent()).toBe('Son lien apparaîtra ici dès sa publication.');
    await amina.getByLabel('Langue').selectOption('en');
    await amina.getByTestId('outcome-pending').getByText('Its link will appear here once published.').waitFor({ timeout: LIVE_MS });
  });

  it('QA9: the question left open when the panel ended is closed as not reached', () => {
    expect(moderator.state.questions.items[0]).toMatchObject({ text: QUESTION, status: 'notReached' });
  });

  it('E6 O8: once a moderator publishes the outcome, its link appears without a reload, and opens the public document with the question not reached', async () => {
    await moderator.must('outcome.setPublic', { public: true });
    const link = amina.getByTestId('outcome-link');
    await link.waitFor({ timeout: LIVE_MS });
    await speaker.getByTestId('outcome-link').waitFor({ timeout: LIVE_MS });
    expect(await link.textContent()).toBe('Read the outcome document');
    expect(await amina.getByTestId('outcome-pending').count()).toBe(0);
    const [document] = await Promise.all([amina.context().waitForEvent('page'), link.click()]);
    await document.waitForLoadState();
    expect(document.url()).toBe(`${event.server.url}/api/events/${event.server.eventId}/outcome.html?version=public`);
    const questions = document.locator('#questions');
    expect(await questions.locator('h3').textContent()).toBe('Not reached: Sharing Successes and case studies');
    expect(await questions.textContent()).toContain(QUESTION);
    await document.close();

    // Taken back: the link goes, again without a reload.
    await moderator.must('outcome.setPublic', { public: false });
    await amina.getByTestId('outcome-pending').waitFor({ timeout: LIVE_MS });
    expect(await amina.getByTestId('outcome-link').count()).toBe(0);
  });

  it('no page logged an error', () => {
    expect(event.errors).toEqual([]);
  });
});
