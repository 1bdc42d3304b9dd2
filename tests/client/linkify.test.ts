/** Chat text: only http(s) becomes a link; nothing typed is markup. */
import { describe, expect, it } from 'vitest';
import { EXTERNAL_LINK, linkify, safeHref } from '../../client/src/linkify.ts';

describe('linkify', () => {
  it('turns http and https addresses into links and keeps the rest as text', () => {
    expect(linkify('see https://example.org/a?b=1 and http://x.test')).toEqual([
      { kind: 'text', text: 'see ' },
      { kind: 'link', text: 'https://example.org/a?b=1', href: 'https://example.org/a?b=1' },
      { kind: 'text', text: ' and ' },
      { kind: 'link', text: 'http://x.test', href: 'http://x.test/' },
    ]);
  });

  it('leaves sentence punctuation and an unbalanced bracket out of the link', () => {
    expect(linkify('Slides: https://example.org/slides.')).toEqual([
      { kind: 'text', text: 'Slides: ' },
      { kind: 'link', text: 'https://example.org/slides', href: 'https://example.org/slides' },
      { kind: 'text', text: '.' },
    ]);
    expect(linkify('(see https://example.org/x)')[1]).toEqual({ kind: 'link', text: 'https://example.org/x', href: 'https://example.org/x' });
    expect(linkify('https://en.wikipedia.org/wiki/Gavel_(tool)')[0]).toMatchObject({ kind: 'link', text: 'https://en.wikipedia.org/wiki/Gavel_(tool)' });
  });

  it('never makes a link of another scheme', () => {
    for (const text of ['javascript:alert(1)', 'data:text/html,<b>x</b>', 'ftp://example.org', 'vbscript:msgbox', 'JaVaScRiPt:alert(1)']) {
      expect(linkify(text)).toEqual([{ kind: 'text', text }]);
    }
  });

  it('keeps markup as plain text segments', () => {
    const text = '<script>alert(1)</script><img src=x onerror=alert(2)>';
    expect(linkify(text)).toEqual([{ kind: 'text', text }]);
  });

  it('does not let quotes or angle brackets into an href', () => {
    const segments = linkify('https://example.org/"onmouseover="alert(1)<b>');
    expect(segments[0]).toEqual({ kind: 'link', text: 'https://example.org/', href: 'https://example.org/' });
    expect(segments.slice(1).every((s) => s.kind === 'text')).toBe(true);
  });

  it('accepts only well-formed http(s) hrefs', () => {
    expect(safeHref('https://meet.example.org/room')).toBe('https://meet.example.org/room');
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref('not a url')).toBeNull();
    expect(safeHref('')).toBeNull();
  });

  it('opens links in a new tab without an opener, a referrer or an endorsement', () => {
    expect(EXTERNAL_LINK).toEqual({ target: '_blank', rel: 'noopener noreferrer nofollow' });
  });
});
