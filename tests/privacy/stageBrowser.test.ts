/**
 * S17 in real Chromium: the registration form asks both questions plainly (the stage and the
 * livestream; the published outcome document), and the projected stage shows someone who said
 * no to the first as "A participant" with their region while their own page shows their name.
 */
import { describe, expect, it } from 'vitest';
import { runBrowserTests } from '../e2e/support/chromium.ts';
import { browserEvent } from '../e2e/support/session.ts';

describe.skipIf(!runBrowserTests)('the stage names only who agreed (S17)', () => {
  const event = browserEvent();

  it('S17: a participant who declined the stage question is "A participant · Africa" on the stage, in the queue and on the floor', async () => {
    const page = await event.open('ama');
    await page.goto(event.base);
    await page.getByText('Others in the event see your name. Outside it:').waitFor();
    expect(await page.getByLabel('Name me on the projected stage and the livestream').isChecked()).toBe(false);
    expect(await page.getByLabel('Name me in the published outcome document').isChecked()).toBe(false);
    await event.fillRegistration(page, { name: 'Ama Mensah', community: 'Ghanaian diaspora', region: 'africa', country: 'Germany', stageConsent: false });
    await page.getByRole('button', { name: 'Join' }).click();
    await page.locator('[data-view="participant"]').waitFor();

    const moderator = await event.server.connect(event.server.tokenOf('kemo-camara'));
    await moderator.must('event.start');
    const stage = await event.open('stage', { viewport: { width: 1280, height: 720 } });
    await stage.goto(`${event.base}#k=${event.server.tokenOf('stage')}`);
    await stage.locator('[data-view="stage"]').waitFor();

    await page.getByRole('button', { name: 'Raise hand', exact: true }).click();
    const next = stage.locator('.stage__next');
    await next.getByText('A participant').waitFor();
    expect(await next.textContent()).toContain('Africa');
    expect(await stage.content()).not.toContain('Ama Mensah');
    expect(await stage.content()).not.toContain('Ghanaian');
    await page.getByRole('button', { name: 'Lower hand' }).waitFor();
    // Her own page, inside the event, names her.
    expect(await page.locator('.topbar__meta').textContent()).toContain('Ama Mensah');
    await moderator.must('floor.giveNext', {});
    await stage.locator('.stage__name', { hasText: 'A participant' }).waitFor();
    expect(await stage.locator('.stage__origin').textContent()).toContain('Africa');
    expect(await stage.content()).not.toContain('Ama Mensah');
    moderator.close();
    expect(event.errors).toEqual([]);
  });
});
