/** Where things are on a page's first screen (issue 15: the console's controls above the fold). */
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

/** Wholly inside the first screen, the page at its top. */
export async function expectOnFirstScreen(page: Page, locator: Locator, what: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  const viewport = page.viewportSize()!;
  const box = await locator.boundingBox();
  expect(box, `${what} is on the page`).not.toBeNull();
  expect(await page.evaluate(() => window.scrollY), 'the page is at its top').toBe(0);
  expect(box!.y, `${what} starts on the first screen`).toBeGreaterThanOrEqual(0);
  expect(box!.y + box!.height, `${what} ends on the first screen (${viewport.width}×${viewport.height})`).toBeLessThanOrEqual(viewport.height);
  expect(box!.x + box!.width, `${what} is not cut off on the right`).toBeLessThanOrEqual(viewport.width);
}
