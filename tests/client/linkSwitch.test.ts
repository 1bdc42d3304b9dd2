/** S16: which token a page opened from a link uses, and when it must ask first. Pure: no browser. */
import { describe, expect, it } from 'vitest';
import { afterLookup, chooseToken, type Holder } from '../../client/src/route.ts';

const amina: Holder = { token: 'tok-amina', personId: 'p_amina', name: 'Amina Diallo' };
const kofi: Holder = { token: 'tok-kofi', personId: 'p_kofi', name: 'Kofi Mensah' };

describe('chooseToken (S16)', () => {
  it('S16: without a link, the kept token (or none)', () => {
    expect(chooseToken('tok-amina', null)).toEqual({ kind: 'use', token: 'tok-amina' });
    expect(chooseToken(null, null)).toEqual({ kind: 'use', token: null });
  });

  it('S16: a link on a browser that keeps nothing, or the same token, is used at once', () => {
    expect(chooseToken(null, 'tok-kofi')).toEqual({ kind: 'use', token: 'tok-kofi' });
    expect(chooseToken('tok-kofi', 'tok-kofi')).toEqual({ kind: 'use', token: 'tok-kofi' });
  });

  it('S16: a link with another token than the kept one asks', () => {
    expect(chooseToken('tok-amina', 'tok-kofi')).toEqual({ kind: 'ask', current: 'tok-amina', offered: 'tok-kofi' });
  });
});

describe('afterLookup (S16)', () => {
  it('S16: two different people: ask', () => expect(afterLookup(amina, kofi)).toBe('ask'));
  it('S16: a new link of the same person replaces the old token without a word', () =>
    expect(afterLookup(amina, { ...amina, token: 'tok-amina-2' })).toBe('switch'));
  it('S16: a kept token that signs in no one any more gives way to the link', () => expect(afterLookup(null, kofi)).toBe('switch'));
  it('S16: a link that signs in no one changes nothing', () => {
    expect(afterLookup(amina, null)).toBe('keep');
    expect(afterLookup(null, null)).toBe('keep');
  });
});
