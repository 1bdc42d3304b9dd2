/**
 * Managing people from the browser, in real Chromium: the moderator protects registration
 * with a passcode (S6), removes a participant with a reason (S5), revokes the stage link and
 * hands out a new one (S4); a participant reads and deletes their own registration (S9).
 * Every step is checked as the people on the other screens see it.
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { collectErrors, runBrowserTests, screenshot } from './support/chromium.ts';
import { browserEvent } from './support/session.ts';

const LIVE_MS = 3000;
const PASSCODE = 'diaspora-2026';

describe.skipIf(!runBrowserTests)('managing people in Chromium', () => {
  const event = browserEvent();
  let moderator: Page;
  /** Registers on a 360 px phone, misbehaves, and is removed. */
  let tom: Page;
  /** Registers, then deletes her registration. */
  let amina: Page;
  let stage: Page;

  const isFocused = (locator: Locator) => locator.evaluate((el) => el === document.activeElement);

  it('S6: the moderator sets a registration passcode from the console', async () => {
    moderator = await event.open('moderator', { viewport: { width: 1440, height: 1000 } });
    await moderator.goto(`${event.base}#k=${event.server.tokenOf('kemo-camara')}`);
    await moderator.locator('[data-view="moderator"]').waitFor();
    // Registration settings and links are under the console's People tab (issue 15.5).
    await moderator.getByRole('tab', { name: 'People' }).click();
    const settings = moderator.getByRole('region', { name: 'Registration' });
    await settings.getByText('No passcode: anyone with the link can register.').waitFor();
    await settings.getByLabel('Passcode').fill(PASSCODE);
    await settings.getByRole('button', { name: 'Set passcode' }).click();
    await settings.getByText('Participants need the passcode to register.').waitFor({ timeout: LIVE_MS });
    expect(await settings.getByLabel('New passcode').inputValue()).toBe('');
  });

  it('S6: a wrong passcode is refused in plain words; the right one lets the participant in', async () => {
    tom = await event.open('tom', { viewport: { width: 360, height: 780 } });
    await tom.goto(event.base);
    await event.fillRegistration(tom, { name: 'Tom Troll', community: 'Test diaspora', region: 'europe', country: 'Belgium' });
    const passcode = tom.getByLabel('Event passcode');
    await passcode.fill('a-lucky-guess');
    await tom.getByRole('button', { name: 'Join' }).click();
    await tom.getByText('That passcode is not right. Check your invitation and try again.').waitFor({ timeout: LIVE_MS });
    // The person is taken back to the field to fix, and what they typed elsewhere is kept.
    await expect.poll(() => isFocused(passcode)).toBe(true);
    expect(await passcode.getAttribute('aria-invalid')).toBe('true');
    expect(await tom.getByLabel('Your name').inputValue()).toBe('Tom Troll');
    await screenshot(tom, 'register-wrong-passcode-phone');

    await passcode.fill(PASSCODE);
    await tom.getByRole('button', { name: 'Join' }).click();
    await tom.locator('[data-view="participant"]').waitFor();

    amina = await event.open('amina');
    await amina.goto(event.base);
    await event.fillRegistration(amina, { name: 'Amina Diallo', community: 'Senegalese diaspora', region: 'africa', country: 'France' });
    await amina.getByLabel('Event passcode').fill(PASSCODE);
    await amina.getByRole('button', { name: 'Join' }).click();
    await amina.locator('[data-view="participant"]').waitFor();
  });

  it('S5: the moderator removes a participant from their queue row, after a confirmation, with a reason they are shown', async () => {
    await tom.getByLabel('Topic (optional)').fill('BUY CHEAP FOLLOWERS');
    await tom.getByRole('button', { name: 'Raise hand' }).click();
    const queue = moderator.getByTestId('mod-queue');
    await queue.getByText('BUY CHEAP FOLLOWERS').waitFor({ timeout: LIVE_MS });

    // A misclick costs nothing: the dialog asks first, and Escape leaves everything as it was.
    const removeTom = queue.getByRole('button', { name: 'Remove Tom Troll from the event' });
    await removeTom.click();
    const dialog = moderator.getByRole('dialog', { name: 'Remove Tom Troll from the event?' });
    await dialog.waitFor();
    await moderator.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => isFocused(removeTom)).toBe(true);
    expect(await queue.getByText('BUY CHEAP FOLLOWERS').count()).toBe(1);

    await removeTom.click();
    await dialog.getByLabel('Reason, shown to them').fill('advertising in the queue');
    await screenshot(moderator, 'moderator-remove-dialog', { fullPage: false });
    await dialog.getByRole('button', { name: 'Remove Tom Troll' }).click();

    await tom.getByText('You have been removed from this event.').waitFor({ timeout: LIVE_MS });
    await tom.getByText('Reason: advertising in the queue').waitFor();
    // The stale live view is gone with the session: no "Lower hand" for a hand that is no longer up.
    expect(await tom.getByRole('button', { name: 'Lower hand' }).count()).toBe(0);
    await screenshot(tom, 'participant-removed-phone');
    await moderator.getByText('Tom Troll was removed from the event').waitFor({ timeout: LIVE_MS });
    await moderator.getByText('No hands raised.').waitFor({ timeout: LIVE_MS });
    // The old link cannot come back in: a reload lands on the registration form.
    await tom.reload();
    await tom.getByText('This sign-in link is no longer valid.', { exact: false }).waitFor();
  });

  it('S9: a participant reads what Gavel holds about them, deletes it, and is back at the registration form; her other tab is told and offers the form', async () => {
    // The same browser, a second tab: signed in with the token this browser keeps.
    const otherTab = await amina.context().newPage();
    collectErrors(otherTab, 'amina-other-tab', event.errors);
    await otherTab.goto(event.base);
    await otherTab.getByRole('textbox', { name: 'Message' }).waitFor();

    await amina.getByRole('textbox', { name: 'Message' }).fill('Hello from Dakar and Paris');
    await amina.getByRole('textbox', { name: 'Message' }).press('Enter');
    await moderator.getByRole('tab', { name: 'Chat' }).click();
    await moderator.getByTestId('chat').getByText('Hello from Dakar and Paris').waitFor({ timeout: LIVE_MS });

    await amina.getByRole('button', { name: 'My registration' }).click();
    const dialog = amina.getByRole('dialog', { name: 'My registration' });
    const facts = dialog.getByTestId('my-registration');
    await facts.waitFor({ timeout: LIVE_MS });
    for (const text of ['Amina Diallo', 'Senegalese diaspora', 'Africa', 'France', 'Named on the stage and the livestream', 'Named in the outcome document']) {
      await facts.getByText(text, { exact: true }).waitFor();
    }
    // She agreed to both (S17).
    expect(await facts.getByText('Yes', { exact: true }).count()).toBe(2);
    await screenshot(amina, 'participant-my-registration', { fullPage: false });

    await dialog.getByRole('button', { name: 'Delete my registration' }).click();
    const question = dialog.getByRole('group', { name: /You will show as “Former participant” everywhere/ });
    await question.waitFor();
    // Focus is on Cancel: a second Enter does not delete anything.
    await expect.poll(() => isFocused(question.getByRole('button', { name: 'Cancel' }))).toBe(true);
    await question.getByRole('button', { name: 'Yes, delete it' }).click();

    await amina.getByRole('heading', { name: 'Join the event' }).waitFor({ timeout: LIVE_MS });
    await amina.getByText('Your registration has been deleted.').waitFor();
    await moderator
      .getByTestId('chat')
      .locator('.chat__msg', { hasText: 'Hello from Dakar and Paris' })
      .getByText('Former participant')
      .waitFor({ timeout: LIVE_MS });
    await amina.reload();
    await amina.getByRole('heading', { name: 'Join the event' }).waitFor();
    expect(await amina.getByLabel('Your name').inputValue()).toBe('');

    // The other tab says what happened (not "revoked": she may come back) and leads to the form.
    const ended = otherTab.getByTestId('session-ended');
    await ended.getByText('Your registration was deleted. You can register again.').waitFor({ timeout: LIVE_MS });
    await ended.getByRole('button', { name: 'Register again' }).click();
    await otherTab.getByRole('heading', { name: 'Join the event' }).waitFor({ timeout: LIVE_MS });
    await expect.poll(() => isFocused(otherTab.getByLabel('Your name'))).toBe(true);
  });

  it('S4: the moderator revokes the stage link (the stage is told) and hands out a new one that works', async () => {
    stage = await event.open('stage', { viewport: { width: 1280, height: 720 } });
    await stage.goto(`${event.base}#k=${event.server.tokenOf('stage')}`);
    await stage.locator('[data-view="stage"]').waitFor();

    await moderator.getByRole('tab', { name: 'People' }).click();
    const links = moderator.getByRole('region', { name: 'Invite links' });
    await links.getByText('Invite links').click();
    const oldUrl = await links.getByRole('textbox', { name: 'Link for Stage display' }).inputValue();
    await links.getByRole('button', { name: 'Revoke the link for Stage display' }).click();
    const question = links.getByRole('group', { name: /The link for Stage display stops working now/ });
    await question.getByRole('button', { name: 'Yes, revoke it' }).click();

    await stage.getByText('This link has been revoked. Ask the organisers for a new one.').waitFor({ timeout: LIVE_MS });
    await links.getByText('Revoked: this link no longer works.').waitFor({ timeout: LIVE_MS });
    const reissue = links.getByRole('button', { name: 'Replace the link for Stage display with a new one' });
    await expect.poll(() => isFocused(reissue)).toBe(true);
    await reissue.click();

    await links.getByText('New link for Stage display: copy it and send it.').waitFor({ timeout: LIVE_MS });
    const stageUrl = links.getByRole('textbox', { name: 'Link for Stage display' });
    await expect.poll(() => isFocused(stageUrl)).toBe(true);
    const newUrl = await stageUrl.inputValue();
    expect(newUrl).not.toBe(oldUrl);
    expect(await links.getByRole('textbox', { name: 'Link for Stage overlay (livestream)' }).inputValue()).toBe(
      `${newUrl.split('#')[0]}?overlay=1#${newUrl.split('#')[1]}`,
    );
    await screenshot(moderator, 'moderator-links-reissued');

    const newStage = await event.open('stage-new', { viewport: { width: 1280, height: 720 } });
    await newStage.goto(newUrl);
    await newStage.locator('[data-view="stage"]').waitFor();
    await stage.reload();
    await stage.getByText('This sign-in link is no longer valid.', { exact: false }).waitFor();
  });

  it('S6: closing registration shows a closed form to newcomers', async () => {
    const settings = moderator.getByRole('region', { name: 'Registration' });
    await settings.getByRole('button', { name: 'Close registration' }).click();
    await settings.getByText('Closed', { exact: true }).waitFor({ timeout: LIVE_MS });
    const late = await event.open('late');
    await late.goto(event.base);
    await late.getByText('Registration for this event is closed.', { exact: false }).waitFor();
    expect(await late.getByRole('button', { name: 'Join' }).count()).toBe(0);
  });

  it('signing out asks first, in place: Cancel keeps the session, Yes leaves this device signed out', async () => {
    const signOut = moderator.getByRole('button', { name: 'Sign out on this device' });
    await signOut.click();
    const question = moderator.getByRole('group', { name: /You will need your link, or to register again, to come back/ });
    // Focus is on Cancel: a second Enter does not sign out.
    await expect.poll(() => isFocused(question.getByRole('button', { name: 'Cancel' }))).toBe(true);
    await moderator.keyboard.press('Enter');
    await expect.poll(() => isFocused(signOut)).toBe(true);
    await moderator.locator('[data-view="moderator"]').waitFor();

    await signOut.click();
    await question.getByRole('button', { name: 'Yes, sign out' }).click();
    await moderator.getByText('Registration for this event is closed.', { exact: false }).waitFor();
    expect(await moderator.locator('[data-view="moderator"]').count()).toBe(0);
  });

  it('shows no page event.errors beyond the refusals the steps expect', () => {
    // Chromium logs every 4xx answer; the wrong passcode's 401 is the test's own.
    const unexpected = event.errors.filter((e) => !/Failed to load resource: the server responded with a status of 401/.test(e));
    expect(unexpected).toEqual([]);
  });
});
