/** What the staff read of a registration in the lobby and the flags (S46, S47), and where the focus goes as rows leave. */
import { describe, expect, it } from 'vitest';
import { detailsLine, flagWords, focusAfterLeaving } from '../../../client/src/moderator/registrations.ts';

const regionName = (r: string) => ({ africa: 'Africa', europe: 'Europe' })[r] ?? r;

describe('a registration as the staff read it', () => {
  it('S46: gives the form’s details in its order, skipping an organisation left empty', () => {
    const amina = { community: 'Senegalese diaspora', region: 'africa' as const, country: 'France', organisation: 'ADS' };
    expect(detailsLine(amina, regionName)).toBe('Senegalese diaspora · Africa · France · ADS');
    expect(detailsLine({ ...amina, organisation: '  ' }, regionName)).toBe('Senegalese diaspora · Africa · France');
  });

  it('S47: names the person whose network it shares and why', () => {
    expect(flagWords({ why: 'removed', like: { personId: 'p1', name: 'Besim' } })).toEqual({ key: 'flag.removed', name: 'Besim' });
    expect(flagWords({ why: 'muted', like: { personId: 'p2', name: 'Loud' } })).toEqual({ key: 'flag.muted', name: 'Loud' });
  });
});

describe('focus after a row leaves a list', () => {
  it('goes to the row that takes its place, else the one before, else nowhere', () => {
    expect(focusAfterLeaving(['a', 'b', 'c'], 'a')).toBe('b');
    expect(focusAfterLeaving(['a', 'b', 'c'], 'b')).toBe('c');
    expect(focusAfterLeaving(['a', 'b', 'c'], 'c')).toBe('b');
    expect(focusAfterLeaving(['a'], 'a')).toBeNull();
    expect(focusAfterLeaving(['a'], 'zz')).toBeNull();
  });
});
