/**
 * S12: the built client works under the node's Content-Security-Policy, in real Chromium:
 * the registration page, a participant, the moderator console and the stage display load,
 * connect their socket and render, and the browser reports no CSP violation.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIST } from '../../e2e/support/build.ts';
import { launchChromium, runBrowserTests } from '../../e2e/support/chromium.ts';
import { startServer, type TestServer } from '../../support/server.ts';
import { MODERATOR, registered, templateWithEveryRole } from './support.ts';

// The build is `npm run build` (CI runs it first); this suite reads dist/ and never rebuilds it
// itself, so that it cannot race the end-to-end suite that may be rebuilding it.
const built = existsSync(join(DIST, 'index.html'));
if (!built && runBrowserTests) console.warn('\n⚠️  SKIPPING the CSP browser check: dist/ is missing (npm run build)\n');

describe.skipIf(!runBrowserTests || !built)('S12: the built client under the CSP', () => {
  let server: TestServer;
  let browser: Browser;
  const violations: string[] = [];

  beforeAll(async () => {
    server = await startServer({ clientDir: DIST, template: templateWithEveryRole('csp') });
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(url: string, name: string): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    // Every violation, as the page itself sees it, and as the console reports it.
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
    });
    page.on('console', (msg) => {
      if (msg.type() === 'error' && /Content Security Policy|CSP violation/i.test(msg.text())) violations.push(`${name}: ${msg.text()}`);
    });
    await page.goto(url);
    return page;
  }

  it('S12: registration, participant, moderator and stage pages render and connect with no CSP violation', async () => {
    const base = `${server.url}/e/${server.eventId}/`;
    const visitor = await open(base, 'registration');
    await visitor.getByRole('button', { name: 'Join' }).waitFor();

    const { token } = await registered(server.url, server.eventId, { name: 'Browser Person' });
    const participant = await open(`${base}#k=${token}`, 'participant');
    await participant.locator('[data-view="participant"]').waitFor();

    const moderator = await open(`${base}#k=${server.tokenOf(MODERATOR)}`, 'moderator');
    await moderator.locator('[data-view="moderator"]').waitFor();

    const stage = await open(`${base}#k=${server.tokenOf('stage')}`, 'stage');
    await stage.waitForFunction(() => (document.querySelector('#app')?.textContent ?? '').includes('Global Diaspora'));

    // The stylesheet applied (a styled page, not bare HTML), and every page has its live socket.
    const background = await moderator.evaluate(() => getComputedStyle(document.body).fontFamily);
    expect(background).not.toBe('');
    await expect.poll(() => server.app.io.engine.clientsCount).toBeGreaterThanOrEqual(3);
    expect(violations).toEqual([]);
  }, 60_000);
});
