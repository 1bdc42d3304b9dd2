/**
 * Debian's Chromium for the browser tests. Missing: the suite says so loudly and skips,
 * except under CI=true, where a missing browser is a failure (the CI script installs it).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM_PATH);
export const isCI = process.env.CI === 'true';

/** Run the browser suite? Under CI always (and fail if the browser is missing). */
export const runBrowserTests = hasChromium || isCI;
if (!runBrowserTests) {
  console.warn(`\n⚠️  SKIPPING the browser end-to-end tests: ${CHROMIUM_PATH} is missing (apt-get install chromium). Under CI=true this is a failure.\n`);
}

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

/**
 * Playwright's `launch` starts Chromium on a fresh temporary user data dir; each person
 * then gets their own context (their own localStorage, as separate browsers would).
 */
export async function launchChromium(): Promise<Browser> {
  if (!hasChromium) throw new Error(`${CHROMIUM_PATH} is missing: the browser tests cannot run (CI must install chromium)`);
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: ARGS, headless: true });
}

export const SCREENSHOT_DIR = resolve(import.meta.dirname, '../../../test-results/screenshots');

export async function screenshot(page: Page, name: string, options: { fullPage?: boolean; omitBackground?: boolean } = {}): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = resolve(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: options.fullPage ?? true, omitBackground: options.omitBackground ?? false });
  return path;
}

/** Page errors and console errors, collected so a test can insist there were none. */
export function collectErrors(page: Page, name: string, sink: string[]): void {
  page.on('pageerror', (err) => sink.push(`${name}: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') sink.push(`${name}: ${msg.text()}`);
  });
}

/**
 * Make this page's clock wrong: `Date.now()` and `new Date()` run `skewMs` ahead, as on a
 * laptop whose clock is off. `performance` is left alone; Gavel does not use it for time.
 */
export async function skewClock(context: BrowserContext, skewMs: number): Promise<void> {
  await context.addInitScript((skew: number) => {
    const RealDate = Date;
    const realNow = RealDate.now.bind(RealDate);
    class SkewedDate extends RealDate {
      constructor(...args: unknown[]) {
        if (args.length === 0) super(realNow() + skew);
        else super(...(args as [number]));
      }
      static override now(): number {
        return realNow() + skew;
      }
    }
    globalThis.Date = SkewedDate as DateConstructor;
  }, skewMs);
}
