/** Registration figures from folded joins (J1, J2, B4): pure, no network. */
import { describe, expect, it } from 'vitest';
import { projectEntry, Redactions } from '../../../shared/projection.ts';
import type { Join } from '../../../shared/protocol.ts';
import { crossesPublicThreshold } from '../../../shared/public.ts';
import { applyEntry } from '../../../shared/reducer/index.ts';
import { OTHER_COUNTRIES } from '../../../shared/reducer/registrations.ts';
import { EventDriver } from '../../support/eventDriver.ts';

const JOINS: Join[] = [
  { personId: 'p_1', region: 'africa', country: 'senegal', community: 'Senegalese diaspora' },
  { personId: 'p_2', region: 'europe', country: 'France' },
  { personId: 'p_3', region: 'africa', country: 'Senegal', community: 'senegalese  diaspora' },
  { personId: 'p_4', region: 'asia', country: 'India' },
  { personId: 'p_5', region: 'africa', country: 'SENEGAL', community: 'Senegalese diaspora' },
];

describe('people.joined', () => {
  it('J1: one folded entry counts exactly as one people.join per registration, spellings and public groups included', () => {
    const one = EventDriver.live();
    for (const join of JOINS) one.must('system', 'people.join', join);
    const folded = EventDriver.live();
    folded.must('system', 'people.joined', { people: JOINS });
    expect(folded.state.registrations).toEqual(one.state.registrations);
    expect(folded.state.registrations).toEqual({
      total: 5,
      byRegion: { africa: 3, asia: 1, europe: 1, other: 0 },
      byCountry: { Senegal: 3, France: 1, India: 1 },
    });
    expect(folded.state.privacy).toEqual(one.state.privacy);
  });

  it('J2: past the 300th country, a fold counts the rest under "Other countries" as single joins would', () => {
    const many = Array.from({ length: 305 }, (_, i): Join => ({ personId: `p_${i}`, region: 'other', country: `Country ${i}` }));
    const one = EventDriver.live();
    for (const join of many) one.must('system', 'people.join', join);
    const folded = EventDriver.live();
    folded.must('system', 'people.joined', { people: many.slice(0, 200) });
    folded.must('system', 'people.joined', { people: many.slice(200) });
    expect(folded.state.registrations).toEqual(one.state.registrations);
    expect(folded.state.registrations.byCountry[OTHER_COUNTRIES]).toBe(5);
  });

  it('B4: a browser receives the fold as counts by region and counted-under label, nobody’s id or community, and its replica ends with the node’s figures', () => {
    const node = EventDriver.live();
    const replica = EventDriver.live();
    node.must('system', 'people.join', { personId: 'p_0', region: 'europe', country: 'France' });
    replica.must('system', 'people.counted', { byRegion: { europe: 1 }, byCountry: { France: 1 } });
    const applied = node.send('system', 'people.joined', { people: JOINS });
    const entry = node.entries.at(-1)!;
    const redactions = new Redactions();
    redactions.record(entry, applied);
    const projected = projectEntry(entry, applied.state, redactions);
    expect(projected.command).toEqual({
      type: 'people.counted',
      payload: { byRegion: { africa: 3, europe: 1, asia: 1 }, byCountry: { Senegal: 3, France: 1, India: 1 } },
    });
    expect(JSON.stringify(projected)).not.toMatch(/p_\d|diaspora/i);
    const copy = applyEntry(replica.state, { ...projected, seq: replica.state.seq + 1 });
    expect(copy.error).toBeNull();
    expect(copy.state.registrations).toEqual(node.state.registrations);
  });

  it('O2: a fold that brings a public group to k is a public change (the stage gets a new snapshot); one that leaves it below k is not', () => {
    const node = EventDriver.live();
    const k = node.state.privacy.k;
    const group = (n: number, from: number): Join[] =>
      Array.from({ length: n }, (_, i) => ({ personId: `g_${from + i}`, region: 'africa', country: 'Mali', community: 'Malian diaspora' }));
    const below = node.send('system', 'people.joined', { people: group(k - 1, 0) });
    expect(crossesPublicThreshold(node.entries.at(-1)!, below.state)).toBe(false);
    const reaching = node.send('system', 'people.joined', { people: [...group(2, k), { personId: 'x', region: 'asia', country: 'India' }] });
    expect(crossesPublicThreshold(node.entries.at(-1)!, reaching.state)).toBe(true);
    const beyond = node.send('system', 'people.joined', { people: group(1, k + 2) });
    expect(crossesPublicThreshold(node.entries.at(-1)!, beyond.state)).toBe(false);
  });

  it('R1: neither a fold nor its counts can come from a socket, even a moderator’s', () => {
    const driver = EventDriver.live();
    driver.refuse('mod', 'people.joined', { people: JOINS }, 'forbidden');
    driver.refuse('mod', 'people.counted', { byRegion: { africa: 1 }, byCountry: { Mali: 1 } }, 'forbidden');
  });
});
