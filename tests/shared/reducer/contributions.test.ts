/** The contributions board, driven through the reducer: posts, endorsements and moderation (SPEC K). */
import { describe, expect, it } from 'vitest';
import { CommandSchema } from '../../../shared/protocol.ts';
import { visibleContributions } from '../../../shared/reducer/contributions.ts';
import { withScheme } from '../../../shared/text.ts';
import { EventDriver, PEOPLE } from '../../support/eventDriver.ts';

const story = {
  kind: 'practice' as const,
  title: 'Food parcels in Dakar',
  text: 'We delivered food parcels to 300 families during the lockdown.',
  tags: ['Food', '#solidarity'],
};

function board() {
  const d = EventDriver.created();
  d.must('amara', 'contributions.post', story);
  return { d, id: d.state.contributions.items[0]!.id };
}

describe('K: the contributions board', () => {
  it('K1: a participant posts before the event; their community and country come from registration, tags are normalised', () => {
    const { d } = board();
    const [c] = d.state.contributions.items;
    expect(c).toMatchObject({
      kind: 'practice',
      title: 'Food parcels in Dakar',
      phase: 'before',
      tags: ['food', 'solidarity'],
      link: '',
      author: { id: 'amara', community: PEOPLE.amara.community, country: PEOPLE.amara.country },
      endorsers: [],
      featured: false,
      hidden: null,
      mergedInto: null,
    });
    expect(c!.id).toBe(d.state.seq);
  });

  it('K1: the board stays open during and after the event, and says when each was shared', () => {
    const d = EventDriver.live();
    d.must('ravi', 'contributions.post', { kind: 'need', title: 'PPE for clinics', text: 'Masks and gloves for two clinics in Kabul.' });
    d.must('mod', 'event.end', {});
    d.must('eva', 'contributions.post', { kind: 'collaboration', title: 'Shared logistics', text: 'We can ship with you.', link: 'https://example.org/ship' });
    expect(d.state.contributions.items.map((c) => c.phase)).toEqual(['during', 'after']);
  });

  it('K1: bad input is refused by the wire schema: empty or oversized titles and texts, unknown kinds, script links, too many tags', () => {
    const bad = [
      { ...story, title: '   ' },
      { ...story, title: 't'.repeat(121) },
      { ...story, text: '' },
      { ...story, text: 'x'.repeat(5001) },
      { ...story, kind: 'rumour' },
      { ...story, link: 'javascript:alert(1)' },
      { ...story, link: 'data:text/html,<script>alert(1)</script>' },
      { ...story, tags: ['a', 'b', 'c', 'd', 'e', 'f'] },
      { ...story, tags: ['x'.repeat(31)] },
      { ...story, author: 'someone else' },
    ];
    for (const payload of bad)
      expect(CommandSchema.safeParse({ type: 'contributions.post', payload }).success, JSON.stringify(payload).slice(0, 80)).toBe(false);
    expect(CommandSchema.safeParse({ type: 'contributions.post', payload: { ...story, title: 't'.repeat(120), text: 'x'.repeat(5000) } }).success).toBe(true);
  });

  it('K10: a link typed without its scheme ("www.asf.fr") is stored as https; a script link stays refused', () => {
    const d = EventDriver.created();
    d.must('amara', 'contributions.post', { ...story, link: '  www.asf.fr ' });
    expect(d.state.contributions.items[0]!.link).toBe('https://www.asf.fr');
    const id = d.state.contributions.items[0]!.id;
    d.must('amara', 'contributions.edit', { contributionId: id, link: 'asf.fr/agenda?x=1' });
    expect(d.state.contributions.items[0]!.link).toBe('https://asf.fr/agenda?x=1');
    for (const link of ['javascript:alert(1)', 'mailto:a@asf.fr', 'not a link', 'ftp://asf.fr'])
      expect(CommandSchema.safeParse({ type: 'contributions.post', payload: { ...story, link } }).success, link).toBe(false);
    expect(withScheme('http://asf.fr')).toBe('http://asf.fr');
    expect(withScheme('')).toBe('');
  });

  it('K1: HTML in a contribution is kept as plain text, never interpreted by the reducer', () => {
    const d = EventDriver.created();
    d.must('amara', 'contributions.post', { ...story, title: '<script>alert(1)</script>', text: '<img src=x onerror=alert(1)>' });
    expect(d.state.contributions.items[0]).toMatchObject({ title: '<script>alert(1)</script>', text: '<img src=x onerror=alert(1)>' });
  });

  it('K2: the board filters by kind, community and tag, and leaves hidden and merged ones out', () => {
    const d = EventDriver.created();
    d.must('amara', 'contributions.post', story);
    d.must('ravi', 'contributions.post', { kind: 'need', title: 'Oxygen', text: 'Oxygen concentrators', tags: ['health'] });
    d.must('eva', 'contributions.post', { kind: 'collaboration', title: 'Logistics', text: 'Shared shipping', tags: ['food'] });
    expect(visibleContributions(d.state, { kind: 'need' }).map((c) => c.title)).toEqual(['Oxygen']);
    expect(visibleContributions(d.state, { community: 'AFRICA community' }).map((c) => c.title)).toEqual(['Food parcels in Dakar']);
    expect(visibleContributions(d.state, { tag: '#Food' }).map((c) => c.title)).toEqual(['Food parcels in Dakar', 'Logistics']);
  });

  it('K3: each person endorses a contribution at most once; a second +1 is refused', () => {
    const { d, id } = board();
    d.must('ravi', 'contributions.endorse', { contributionId: id });
    d.must('eva', 'contributions.endorse', { contributionId: id });
    d.refuse('ravi', 'contributions.endorse', { contributionId: id }, 'already_endorsed');
    expect(d.state.contributions.items[0]!.endorsers).toEqual(['ravi', 'eva']);
  });

  it('K3: nobody endorses their own contribution, an unknown one, or from the stage display', () => {
    const { d, id } = board();
    d.refuse('amara', 'contributions.endorse', { contributionId: id }, 'forbidden');
    d.refuse('ravi', 'contributions.endorse', { contributionId: 999 }, 'not_found');
    d.refuse('screen', 'contributions.endorse', { contributionId: id }, 'forbidden');
  });

  it('K4: the per-person and per-event bounds keep the replicated state small', () => {
    const d = EventDriver.created();
    for (let i = 0; i < 20; i++) d.must('amara', 'contributions.post', { ...story, title: `Story ${i}` });
    d.refuse('amara', 'contributions.post', story, 'conflict');
    d.must('ravi', 'contributions.post', story);
  });

  it('K5: the author edits their own contribution; a participant editing someone else’s is refused', () => {
    const { d, id } = board();
    d.refuse('ravi', 'contributions.edit', { contributionId: id, title: 'Hijacked' }, 'forbidden');
    d.must('amara', 'contributions.edit', { contributionId: id, text: 'We delivered food parcels to 350 families.' });
    expect(d.state.contributions.items[0]!.edits).toEqual([{ at: d.now, byId: 'amara', byName: 'Amara', byModerator: false, fields: ['text'] }]);
  });

  it('K5: a moderator fixes a typo and the edit is recorded with who made it and which fields', () => {
    const { d, id } = board();
    d.tick(60_000);
    d.must('mod', 'contributions.edit', { contributionId: id, title: 'Food parcels in Dakar, Senegal', tags: ['food'] });
    expect(d.state.contributions.items[0]).toMatchObject({ title: 'Food parcels in Dakar, Senegal', tags: ['food'] });
    expect(d.state.contributions.items[0]!.edits).toEqual([{ at: d.now, byId: 'mod', byName: 'Mod', byModerator: true, fields: ['title', 'tags'] }]);
  });

  it('K5: an edit that changes nothing, or an empty edit, is refused', () => {
    const { d, id } = board();
    d.refuse('amara', 'contributions.edit', { contributionId: id, title: story.title }, 'conflict');
    expect(CommandSchema.safeParse({ type: 'contributions.edit', payload: { contributionId: id } }).success).toBe(false);
  });

  it('K6: a moderator hides a contribution with a reason: its content leaves the state for everyone, the reason stays', () => {
    const { d, id } = board();
    d.must('ravi', 'contributions.endorse', { contributionId: id });
    d.refuse('ravi', 'contributions.hide', { contributionId: id, reason: 'spam' }, 'forbidden');
    d.must('mod', 'contributions.hide', { contributionId: id, reason: 'Posted twice by mistake' });
    const [c] = d.state.contributions.items;
    expect(c).toMatchObject({ title: '', text: '', tags: [], link: '', hidden: { reason: 'Posted twice by mistake', byId: 'mod' }, endorsers: ['ravi'] });
    expect(visibleContributions(d.state)).toEqual([]);
    d.refuse('eva', 'contributions.endorse', { contributionId: id }, 'conflict');
    d.refuse('amara', 'contributions.edit', { contributionId: id, title: 'Back' }, 'conflict');
    d.refuse('mod', 'contributions.hide', { contributionId: id, reason: 'again' }, 'conflict');
    expect(CommandSchema.safeParse({ type: 'contributions.hide', payload: { contributionId: id, reason: '' } }).success).toBe(false);
  });

  it('K7: merging a duplicate moves its endorsements to the original, each person counted once, and takes it off the board', () => {
    const d = EventDriver.created();
    d.must('amara', 'contributions.post', story);
    d.must('aziz', 'contributions.post', { ...story, title: 'Food parcels (again)', tags: ['dakar'] });
    const [original, duplicate] = d.state.contributions.items.map((c) => c.id) as [number, number];
    d.must('ravi', 'contributions.endorse', { contributionId: original });
    d.must('ravi', 'contributions.endorse', { contributionId: duplicate });
    d.must('eva', 'contributions.endorse', { contributionId: duplicate });
    d.must('amara', 'contributions.endorse', { contributionId: duplicate });
    d.must('mod', 'contributions.merge', { contributionId: duplicate, intoId: original });
    const target = d.state.contributions.items[0]!;
    expect(target.endorsers).toEqual(['ravi', 'eva']); // amara is the original's author
    expect(target.tags).toEqual(['food', 'solidarity', 'dakar']);
    expect(d.state.contributions.items[1]!.mergedInto).toBe(original);
    expect(visibleContributions(d.state).map((c) => c.id)).toEqual([original]);
    d.refuse('mod', 'contributions.merge', { contributionId: original, intoId: duplicate }, 'conflict');
    d.refuse('mod', 'contributions.merge', { contributionId: original, intoId: original }, 'conflict');
    d.refuse('omar', 'contributions.endorse', { contributionId: duplicate }, 'conflict');
  });

  it('K8: featuring is for moderators, and says so when nothing changes', () => {
    const { d, id } = board();
    d.refuse('amara', 'contributions.feature', { contributionId: id, featured: true }, 'forbidden');
    d.must('mod', 'contributions.feature', { contributionId: id, featured: true });
    expect(d.state.contributions.items[0]!.featured).toBe(true);
    d.refuse('mod', 'contributions.feature', { contributionId: id, featured: true }, 'conflict');
  });

  it('K9: the author carries their registration-time consent to be named outside the event', () => {
    const d = EventDriver.created();
    d.must({ ...PEOPLE.amara, consent: true }, 'contributions.post', story);
    d.must({ ...PEOPLE.ravi, consent: false }, 'contributions.post', story);
    expect(d.state.contributions.items.map((c) => c.author.consent)).toEqual([true, false]);
  });
});
