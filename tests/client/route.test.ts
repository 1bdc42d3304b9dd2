/** Links: the event from the path, the token from the fragment (never sent to a server), the overlay flag. */
import { describe, expect, it } from 'vitest';
import { parseRoute, tokenKey } from '../../client/src/route.ts';

describe('parseRoute', () => {
  it('reads the event of a participant link', () => {
    expect(parseRoute('/e/diaspora-covid19/', '', '')).toEqual({ eventId: 'diaspora-covid19', overlay: false, fragmentToken: null });
    expect(parseRoute('/e/diaspora-covid19', '', '')).toMatchObject({ eventId: 'diaspora-covid19' });
  });

  it('takes the token of an invite link from the fragment', () => {
    expect(parseRoute('/e/ev/', '', '#k=abc_DEF-123')).toEqual({ eventId: 'ev', overlay: false, fragmentToken: 'abc_DEF-123' });
    expect(parseRoute('/e/ev/', '', '#other=1')).toMatchObject({ fragmentToken: null });
    expect(parseRoute('/e/ev/', '', '#k=')).toMatchObject({ fragmentToken: null });
  });

  it('knows the stage overlay variant', () => {
    expect(parseRoute('/e/ev/', '?overlay=1', '#k=t')).toEqual({ eventId: 'ev', overlay: true, fragmentToken: 't' });
    expect(parseRoute('/e/ev/', '?overlay=0', '')).toMatchObject({ overlay: false });
  });

  it('has no event elsewhere, and survives a malformed path', () => {
    expect(parseRoute('/', '', '')).toMatchObject({ eventId: null });
    expect(parseRoute('/e/%E0%A4%A/', '', '')).toMatchObject({ eventId: null });
  });

  it('keeps one token per event', () => {
    expect(tokenKey('a')).not.toBe(tokenKey('b'));
  });
});
