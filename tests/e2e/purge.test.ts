/**
 * Removing someone with everything they posted, from the browser, in real Chromium (S50): the
 * moderator ticks the choice in the removal dialog, the confirm button says what it will do,
 * and every screen loses what the person posted, a reload included.
 */
import { describe, expect, it } from 'vitest';
import { runBrowserTests } from './support/chromium.ts';
import { browserEvent } from './support/session.ts';

const LIVE_MS = 3000;
const SPAM = ['BUY CHEAP FOLLOWERS', 'FOLLOWERS AT HALF PRICE'];

describe.skipIf(!runBrowserTests)('removing someone with everything they posted, in Chromium', () => {
  const event = browserEvent();

  it('S50: from a chat message, after a confirmation that says so, the moderator removes a spammer and deletes all they posted; no screen keeps it', async () => {
    const moderator = await event.open('moderator', { viewport: { width: 1440, height: 1000 } });
    await moderator.goto(`${event.base}#k=${event.server.tokenOf('kemo-camara')}`);
    await moderator.locator('[data-view="moderator"]').waitFor();
    const spammer = await event.open('spammer');
    await event.register(spammer, { name: 'Sam Spammer', community: 'Test diaspora', region: 'europe', country: 'Belgium' });
    const amina = await event.open('amina');
    await event.register(amina, { name: 'Amina Diallo', community: 'Senegalese diaspora', region: 'africa', country: 'France' });

    const message = spammer.getByRole('textbox', { name: 'Message' });
    for (const text of SPAM) {
      await message.fill(text);
      await message.press('Enter');
    }
    const chat = moderator.getByTestId('chat');
    await chat.getByText(SPAM[1]!).waitFor({ timeout: LIVE_MS });
    await amina.getByText(SPAM[1]!).waitFor({ timeout: LIVE_MS });

    await chat.getByRole('button', { name: 'Remove Sam Spammer from the event' }).first().click();
    const dialog = moderator.getByRole('dialog', { name: 'Remove Sam Spammer from the event?' });
    const purge = dialog.getByLabel('Also delete everything they posted: contributions, questions, notes and chat messages');
    // Off by default: a plain removal leaves what they posted.
    expect(await purge.isChecked()).toBe(false);
    await dialog.getByRole('button', { name: 'Remove Sam Spammer', exact: true }).waitFor();
    await purge.check();
    await dialog.getByLabel('Reason, shown to them').fill('advertising');
    await dialog.getByRole('button', { name: 'Remove Sam Spammer and delete everything they posted' }).click();

    await spammer.getByText('You have been removed from this event.').waitFor({ timeout: LIVE_MS });
    await moderator.getByText('Sam Spammer was removed and everything they posted deleted').waitFor({ timeout: LIVE_MS });
    for (const page of [moderator, amina]) await expect.poll(() => page.getByText(/FOLLOWERS/).count(), { timeout: LIVE_MS }).toBe(0);
    // A fresh load (a snapshot) holds none of it either: two placeholders where the messages were.
    await amina.reload();
    await amina.getByRole('textbox', { name: 'Message' }).waitFor();
    expect(await amina.getByText('Message removed by a moderator').count()).toBe(SPAM.length);
    expect(await amina.getByText(/FOLLOWERS/).count()).toBe(0);
    expect(event.errors).toEqual([]);
  });
});
