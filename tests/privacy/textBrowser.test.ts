/**
 * S14 in real Chromium: a participant who types an unclosed right-to-left override (U+202E)
 * into their name does not reverse the text after it; the name sits in its own <bdi>.
 */
import { describe, expect, it } from 'vitest';
import { runBrowserTests } from '../e2e/support/chromium.ts';
import { browserEvent } from '../e2e/support/session.ts';

describe.skipIf(!runBrowserTests)('a right-to-left override in a name (S14)', () => {
  const event = browserEvent();

  it('S14: the text after a name with a lone U+202E reads left to right on the participant page', async () => {
    const page = await event.open('ama');
    await event.register(page, { name: 'Ama \u202EMensah', community: 'Ghanaian diaspora', region: 'africa', country: 'Germany' });
    const line = page.locator('.topbar__meta .muted');
    await line.getByText('Participant').waitFor();
    expect(await line.locator('bdi').textContent()).toBe('Ama Mensah');
    // The x of each letter of the role that follows the name, in reading order: it must grow.
    const xs = await line.evaluate((el) => {
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.textContent!.indexOf('Participant');
        if (at < 0) continue;
        return [...'Participant'].map((_, i) => {
          const range = document.createRange();
          range.setStart(node, at + i);
          range.setEnd(node, at + i + 1);
          return range.getBoundingClientRect().left;
        });
      }
      return [];
    });
    expect(xs).toHaveLength('Participant'.length);
    for (let i = 1; i < xs.length; i++) expect(xs[i]!).toBeGreaterThan(xs[i - 1]!);
    expect(event.errors).toEqual([]);
  });
});
