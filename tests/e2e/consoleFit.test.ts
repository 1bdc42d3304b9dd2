/**
 * The moderator's console fits a 1280×720 screen while someone speaks (issue 15, "down to
 * 1280×720"), in English and in French, in real Chromium: with a panelist holding the floor in
 * the seed event's panel, a participant in a plenary, and a point of order waiting, the primary
 * action, ending the turn, +30 s / +1 min and the controls of what the segment is for (the panel
 * turns and the top question's "Answered"; the queue; the vote on the proposal on screen) are all
 * on the first screen, without scrolling. At 1440×900 they are too.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CONTRIBUTIONS_FR } from '../../client/src/contributions/messages.fr.ts';
import { CONTRIBUTIONS_EN } from '../../client/src/contributions/messages.ts';
import { FRENCH } from '../../client/src/i18n/messages.fr.ts';
import { ENGLISH } from '../../client/src/i18n/messages.ts';
import { STAFF_EN } from '../../client/src/moderator/staffWords.ts';
import { runBrowserTests, screenshot } from './support/chromium.ts';
import { type BrowserEvent, browserEvent } from './support/session.ts';
import { expectOnFirstScreen } from './support/viewport.ts';

/** "Every view updates live, within a second": allow a loaded machine twice that. */
const LIVE_MS = 2000;
const QUESTION = 'How did you reach families without a bank account?';
const PROPOSAL = 'Create a shared register of diaspora health professionals';
const AMINA = { name: 'Amina Diallo', community: 'Senegalese diaspora', region: 'africa', country: 'France' };
const MINH = { name: 'Tran Van Minh', community: 'Vietnamese diaspora', region: 'asia', country: 'Germany' };

type Catalog = Record<string, string>;
const CATALOGS: Record<'en-GB' | 'fr-FR', Catalog> = {
  'en-GB': { ...ENGLISH.messages, ...STAFF_EN, ...CONTRIBUTIONS_EN },
  'fr-FR': { ...FRENCH.messages, ...FRENCH.staff, ...CONTRIBUTIONS_FR },
};

/** The console's words in its language, as the catalogs spell them. */
function say(catalog: Catalog, key: string, vars: Record<string, string> = {}): string {
  const text = catalog[key];
  if (text === undefined) throw new Error(`no message ${key}`);
  return text.replace(/\{(\w+)\}/g, (_, name: string) => vars[name] ?? `{${name}}`);
}

async function raisePointOfOrder(page: Page, note: string): Promise<void> {
  await page.getByText('Point of order', { exact: true }).click();
  await page.getByLabel('What is it about?').fill(note);
  await page.getByRole('button', { name: 'Raise a point of order' }).click();
}

for (const locale of ['en-GB', 'fr-FR'] as const) {
  const m = CATALOGS[locale];
  describe.skipIf(!runBrowserTests)(`the console at 1280×720 with someone speaking (${locale}), in Chromium`, () => {
    const event: BrowserEvent = browserEvent();
    let moderator: Page;
    let amina: Page;
    let minh: Page;

    const segmentTitle = () => moderator.locator('.run__segment').textContent();
    const primary = () => moderator.getByTestId('give-next');
    const nowSpeaking = () => moderator.getByTestId('now-speaking').textContent();
    const pointsOfOrder = () => moderator.getByTestId('points-of-order');
    /** Next segment; with someone speaking, through its confirmation (F7). */
    const moveOn = async (title: string, speaking: boolean) => {
      await moderator.getByRole('button', { name: say(m, 'run.next') }).click();
      if (speaking) await moderator.getByRole('button', { name: say(m, 'run.moveOnConfirm') }).click();
      await expect.poll(segmentTitle, { timeout: LIVE_MS }).toContain(title);
    };

    /** While `name` speaks: the floor's own controls, all on the first screen. */
    async function expectFloorControls(name: string): Promise<void> {
      await expectOnFirstScreen(moderator, primary(), 'the primary action');
      await expectOnFirstScreen(moderator, moderator.getByRole('button', { name: say(m, 'floor.endTurn') }), 'ending the turn');
      for (const time of ['0:30', '1:00']) {
        const extend = moderator.getByRole('button', { name: say(m, 'floor.extendLabel', { name, time }) });
        await expectOnFirstScreen(moderator, extend, `+${time}`);
      }
    }

    it('the panel: a panelist speaks, a hand is up, a question waits and a point of order too', { timeout: 60_000 }, async () => {
      moderator = await event.open(`moderator-${locale}`, { viewport: { width: 1280, height: 720 }, locale });
      await moderator.goto(`${event.base}#k=${event.server.tokenOf('kemo-camara')}`);
      await moderator.locator('[data-view="moderator"]').waitFor();
      amina = await event.open('amina');
      await event.register(amina, AMINA);
      minh = await event.open('minh');
      await event.register(minh, MINH);

      await moderator.getByRole('button', { name: say(m, 'run.start') }).click();
      await expect.poll(segmentTitle, { timeout: LIVE_MS }).toContain('Introduction');
      await moveOn('Sharing Successes', false);
      await amina.getByRole('button', { name: 'Raise hand' }).click();
      await expect.poll(() => moderator.getByTestId('give-next-from-queue').count(), { timeout: LIVE_MS }).toBe(1);
      await primary().click();
      await expect.poll(nowSpeaking, { timeout: LIVE_MS }).toContain('Adel Karoui');
      await minh.getByTestId('questions-panel').getByLabel('Your question').fill(QUESTION);
      await minh.getByTestId('questions-panel').getByRole('button', { name: 'Ask' }).click();
      const question = moderator.getByTestId('questions-panel').locator('.question', { hasText: QUESTION });
      await question.waitFor({ timeout: LIVE_MS });
      await raisePointOfOrder(minh, 'The speaker list skipped Asia');
      await pointsOfOrder().getByText('The speaker list skipped Asia').waitFor({ timeout: LIVE_MS });

      await screenshot(moderator, `fit-panel-1280-${locale}`, { fullPage: false });
      await expectOnFirstScreen(moderator, pointsOfOrder().getByRole('button', { name: say(m, 'poo.give'), exact: true }), 'the point of order’s action');
      await expectFloorControls('Adel Karoui');
      await expectOnFirstScreen(moderator, moderator.getByTestId('give-next-from-queue'), 'the queue’s action');
      const panel = moderator.getByTestId('panel-turns');
      // The list may scroll within its card: the panelist speaking and the next one show in it.
      const list = (await panel.getByRole('list').boundingBox())!;
      for (const [name, what] of [
        ['Adel Karoui', 'the speaking panelist’s turn'],
        ['Dr. Charles Senessie', 'the next panelist’s turn'],
      ] as const) {
        const row = panel.locator('li', { hasText: name });
        await expectOnFirstScreen(moderator, row, what);
        const box = (await row.boundingBox())!;
        expect(box.y, `${what} is not scrolled out of the list`).toBeGreaterThanOrEqual(list.y);
        expect(box.y + box.height, `${what} is not scrolled out of the list`).toBeLessThanOrEqual(list.y + list.height);
      }
      await expectOnFirstScreen(
        moderator,
        question.getByRole('button', { name: say(m, 'questions.markAnsweredLabel', { text: QUESTION }) }),
        'the top question’s Answered',
      );
      // Nothing spills sideways.
      expect(await moderator.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
    });

    it('a plenary: a participant speaks, others queue, and a point of order waits', async () => {
      await pointsOfOrder()
        .getByRole('button', { name: say(m, 'poo.dismiss') })
        .click();
      await moveOn('Exploring Best Practices', true);
      // Amina's hand, up since the panel, is the queue's first.
      await expect.poll(() => primary().textContent(), { timeout: LIVE_MS }).toContain('Amina Diallo');
      await primary().click();
      await expect.poll(nowSpeaking, { timeout: LIVE_MS }).toContain('Amina Diallo');
      await minh.getByLabel('Topic (optional)').fill('Telemedicine across borders');
      await minh.getByRole('button', { name: 'Raise hand' }).click();
      const queue = moderator.getByTestId('mod-queue');
      await queue.getByText('Telemedicine across borders').waitFor({ timeout: LIVE_MS });
      await raisePointOfOrder(minh, 'The time per turn was not announced');
      await pointsOfOrder().getByText('The time per turn was not announced').waitFor({ timeout: LIVE_MS });

      await screenshot(moderator, `fit-plenary-1280-${locale}`, { fullPage: false });
      await expectOnFirstScreen(moderator, pointsOfOrder().getByRole('button', { name: say(m, 'poo.give'), exact: true }), 'the point of order’s action');
      await expectFloorControls('Amina Diallo');
      await expectOnFirstScreen(moderator, moderator.getByRole('button', { name: say(m, 'mod.closeQueue') }), 'closing the queue');
      await expectOnFirstScreen(moderator, queue.locator('li').first(), 'the queue’s first hand');
    });

    it('the way forward: a participant speaks while a proposal is put to the vote', async () => {
      await pointsOfOrder()
        .getByRole('button', { name: say(m, 'poo.dismiss') })
        .click();
      await moveOn('Agreeing on a Way Forward', true);
      // Minh's hand, up since the plenary, is the queue's first.
      await expect.poll(() => primary().textContent(), { timeout: LIVE_MS }).toContain('Tran Van Minh');
      await primary().click();
      await expect.poll(nowSpeaking, { timeout: LIVE_MS }).toContain('Tran Van Minh');
      const manager = moderator.getByTestId('proposals-manager');
      await moderator.getByLabel(say(m, 'vote.newProposal')).fill(PROPOSAL);
      await manager.getByRole('button', { name: say(m, 'vote.add'), exact: true }).click();
      await manager.getByRole('button', { name: say(m, 'vote.show') }).click();
      await moderator.getByTestId('vote-panel').waitFor({ timeout: LIVE_MS });

      await screenshot(moderator, `fit-way-forward-1280-${locale}`, { fullPage: false });
      await expectFloorControls('Tran Van Minh');
      await expectOnFirstScreen(moderator, moderator.getByRole('heading', { name: say(m, 'vote.proposal') }), 'the vote');
      await expectOnFirstScreen(moderator, manager.getByRole('button', { name: say(m, 'vote.close') }), 'closing the vote');
      expect(event.errors).toEqual([]);
    });
  });
}
