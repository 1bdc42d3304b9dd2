/**
 * One Gavel node and one Chromium for a browser suite, started before its tests and closed
 * after them. Each person gets a browser context of their own (their own localStorage, as
 * separate browsers would); every page's console errors are collected in `errors`.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startServer, type TestServer } from '../../support/server.ts';
import { ensureClientBuilt } from './build.ts';
import { collectErrors, launchChromium, skewClock } from './chromium.ts';

export interface PersonOptions {
  viewport?: { width: number; height: number };
  locale?: string;
  timezoneId?: string;
  /** Sent with every request of the page (e.g. a moderator's bearer token for a REST page). */
  headers?: Record<string, string>;
  /** How far the page's clock is off the real one, in ms. */
  skewMs?: number;
}

export interface RegistrationForm {
  name: string;
  community: string;
  region: string;
  /** The country's name as the list shows it in English ("France"). */
  country: string;
  /** Agree to be named in the outcome document (default yes). */
  consent?: boolean;
  /** Agree to be named on the stage and the livestream (default yes). */
  stageConsent?: boolean;
}

export class BrowserEvent {
  server!: TestServer;
  browser!: Browser;
  /** The event's public page, where participants register. */
  base = '';
  readonly errors: string[] = [];
  private readonly contexts: BrowserContext[] = [];

  /** A person's own browser: a phone (touch, mobile) when narrower than 500 px. */
  async open(name: string, { viewport = { width: 1280, height: 900 }, locale = 'en-GB', timezoneId, headers, skewMs }: PersonOptions = {}): Promise<Page> {
    const mobile = viewport.width < 500;
    const context = await this.browser.newContext({ viewport, locale, timezoneId, extraHTTPHeaders: headers, isMobile: mobile, hasTouch: mobile });
    this.contexts.push(context);
    // A step that cannot happen fails in seconds, naming its locator, not at the test's timeout.
    context.setDefaultTimeout(10_000);
    if (skewMs) await skewClock(context, skewMs);
    const page = await context.newPage();
    collectErrors(page, name, this.errors);
    return page;
  }

  /** The registration form's fields, as a person fills them in (English labels). */
  async fillRegistration(page: Page, form: RegistrationForm): Promise<void> {
    await page.getByLabel('Your name').fill(form.name);
    await page.getByLabel('Community of origin').fill(form.community);
    await page.getByLabel('Region of that community').selectOption(form.region);
    // A country is picked from the list by its name in the page's language (J5).
    await page.getByLabel('Country where you live').selectOption({ label: form.country });
    if (form.stageConsent ?? true) await page.getByLabel('Name me on the projected stage and the livestream').check();
    if (form.consent ?? true) await page.getByLabel('Name me in the published outcome document').check();
  }

  /** Open the event's page, register, and wait for the participant view. */
  async register(page: Page, form: RegistrationForm): Promise<void> {
    await page.goto(this.base);
    await this.fillRegistration(page, form);
    await page.getByRole('button', { name: 'Join' }).click();
    await page.locator('[data-view="participant"]').waitFor();
  }

  async close(): Promise<void> {
    for (const c of this.contexts) await c.close().catch(() => {});
    await this.browser?.close();
    await this.server?.close();
  }
}

/** A BrowserEvent for the enclosing `describe`: the client built, a node started, Chromium launched. */
export function browserEvent(serverOptions: Parameters<typeof startServer>[0] = {}): BrowserEvent {
  const session = new BrowserEvent();
  beforeAll(async () => {
    const clientDir = await ensureClientBuilt();
    session.server = await startServer({ ...serverOptions, clientDir });
    session.base = `${session.server.url}/e/${session.server.eventId}/`;
    session.browser = await launchChromium();
  }, 180_000);
  afterAll(() => session.close());
  return session;
}
