/** O2, S14: user text in the outcome document cannot start Markdown blocks or spill its direction in HTML. */
import { describe, expect, it } from 'vitest';
import { escapeMarkdown } from '../../../shared/outcome/format.ts';

describe('escapeMarkdown (O2, S14)', () => {
  it('S14: every line break starts an escaped line, a bare \\r included', () => {
    for (const br of ['\n', '\r\n', '\r', '\u2028', '\u2029', '\u0085', '\v', '\f']) {
      const out = escapeMarkdown(`x${br}# INJECTED${br}- item${br}> quote`);
      expect(out, JSON.stringify(br)).toBe('x\n\\# INJECTED\n\\- item\n&gt; quote');
    }
  });

  it('S14: inline text folds every line break into a space', () => {
    expect(escapeMarkdown('x\r# INJECTED\u2028y', { inline: true })).toBe('x \\# INJECTED y');
  });
});
