/**
 * Properties of endorsements, votes and consent over random sequences: whatever people
 * click, in whatever order, the counts stay honest and names stay where they may appear.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildOutcome, outcomeMarkdown, UNNAMED } from '../../../shared/outcome/index.ts';
import type { Actor } from '../../../shared/protocol.ts';
import { applyEntry } from '../../../shared/reducer/index.ts';
import type { EventState } from '../../../shared/state.ts';
import { EventDriver, PEOPLE } from '../../support/eventDriver.ts';

/** Twelve participants; `constructor` checks that ids are never looked up on a prototype. */
const CROWD: Actor[] = ['amara', 'aziz', 'ravi', 'eva', 'emil', 'omar', 'lin', 'sade', 'tariq', 'mei', 'ola', 'constructor'].map((id, i) => ({
  ...PEOPLE.amara,
  id,
  name: `${id[0]!.toUpperCase()}${id.slice(1)} Person`,
  region: (['africa', 'asia', 'europe', 'other'] as const)[i % 4]!,
}));

/** A deep freeze: any attempt of the reducer to mutate its input throws (modules run in strict mode). */
function frozen<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) frozen(v);
  }
  return value;
}

/** Send through the driver with the state frozen first: the reducer must never write to it. */
function sendFrozen(d: EventDriver, ...args: Parameters<EventDriver['send']>) {
  frozen(d.state);
  return d.send(...args);
}

describe('properties of endorsements, votes and consent', () => {
  it('K3: whatever the clicks, a contribution counts each person at most once, never its author, and merges keep that true', () => {
    const click = fc.record({ who: fc.nat(CROWD.length - 1), target: fc.nat(3), merge: fc.boolean(), into: fc.nat(3) });
    fc.assert(
      fc.property(fc.array(click, { maxLength: 80 }), (clicks) => {
        const d = EventDriver.created();
        for (const author of CROWD.slice(0, 4)) d.must(author, 'contributions.post', { kind: 'practice', title: `By ${author.id}`, text: 'text' });
        const ids = d.state.contributions.items.map((c) => c.id);
        const accepted = new Map<number, Set<string>>(ids.map((id) => [id, new Set()]));
        for (const c of clicks) {
          const contributionId = ids[c.target]!;
          if (c.merge) {
            sendFrozen(d, 'mod', 'contributions.merge', { contributionId, intoId: ids[c.into]! });
            continue;
          }
          const before = d.state.contributions.items.find((x) => x.id === contributionId)!.endorsers.length;
          const { error } = sendFrozen(d, CROWD[c.who]!, 'contributions.endorse', { contributionId });
          const after = d.state.contributions.items.find((x) => x.id === contributionId)!.endorsers.length;
          expect(after).toBe(error ? before : before + 1);
          if (!error) accepted.get(contributionId)!.add(CROWD[c.who]!.id);
        }
        for (const c of d.state.contributions.items) {
          expect(new Set(c.endorsers).size).toBe(c.endorsers.length);
          expect(c.endorsers).not.toContain(c.author.id);
          // What was accepted on it directly is still there; a merge only adds.
          for (const id of accepted.get(c.id)!) expect(c.endorsers).toContain(id);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('V3: the tally is always the count of each voter’s last answer before the close, and nothing after it counts', () => {
    const answer = fc.constantFrom('agree', 'disagree', 'abstain') as fc.Arbitrary<'agree' | 'disagree' | 'abstain'>;
    const vote = fc.record({ who: fc.nat(CROWD.length - 1), answer });
    fc.assert(
      fc.property(fc.array(vote, { maxLength: 120 }), fc.nat(120), (votes, closeAt) => {
        const d = EventDriver.live();
        d.must('mod', 'proposals.add', { text: 'Meet again in three months' });
        const proposalId = d.state.proposals.items[0]!.id;
        d.must('mod', 'proposals.show', { proposalId });
        const last = new Map<string, string>();
        votes.forEach((v, i) => {
          if (i === closeAt) d.must('mod', 'proposals.close', { proposalId });
          const { error } = sendFrozen(d, CROWD[v.who]!, 'proposals.vote', { proposalId, answer: v.answer });
          if (i >= closeAt) expect(error?.code).toBe('voting_closed');
          else if (last.get(CROWD[v.who]!.id) === v.answer)
            expect(error?.code).toBe('already_voted'); // V7
          else {
            expect(error).toBeNull();
            last.set(CROWD[v.who]!.id, v.answer);
          }
        });
        const expected = { agree: 0, disagree: 0, abstain: 0 };
        for (const a of last.values()) expected[a as keyof typeof expected]++;
        expect(d.state.proposals.items[0]!.tally).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });

  it('K9: the public outcome names a participant only with their consent; the moderators’ version names everyone', () => {
    const person = fc.record({ consent: fc.boolean(), writes: fc.boolean(), speaks: fc.boolean() });
    fc.assert(
      fc.property(fc.array(person, { minLength: 1, maxLength: CROWD.length }), (people) => {
        const d = EventDriver.live();
        d.must('mod', 'agenda.goto', { segmentId: 's3' });
        const actors = people.map((p, i) => ({ ...CROWD[i]!, consent: p.consent }));
        people.forEach((p, i) => {
          const actor = actors[i]!;
          if (p.writes) d.must(actor, 'contributions.post', { kind: 'collaboration', title: `Offer ${i}`, text: 'Shared logistics' });
          if (p.speaks) {
            d.must(actor, 'queue.raise', {});
            d.tick(1000).must('mod', 'floor.giveNext', {});
            d.must('nia', 'notes.capture', { kind: 'point', text: `Point ${i}` });
          }
        });
        const state: EventState = d.state;
        const publicMd = outcomeMarkdown(state, 'public');
        const moderatorsMd = outcomeMarkdown(state, 'moderators');
        people.forEach((p, i) => {
          const shown = p.writes || p.speaks;
          const name = actors[i]!.name;
          expect(publicMd.includes(name)).toBe(shown && p.consent);
          expect(moderatorsMd.includes(name)).toBe(shown);
        });
        const publicDoc = buildOutcome(state, 'public');
        const unnamed = publicDoc.collaborations.filter((c) => c.author.name === UNNAMED).length;
        expect(unnamed).toBe(people.filter((p) => p.writes && !p.consent).length);
      }),
      { numRuns: 100 },
    );
  });

  it('O1: the outcome is a pure function of the state: rendering twice gives the same bytes and leaves the state untouched', () => {
    const d = EventDriver.live();
    d.must({ ...PEOPLE.amara, consent: true }, 'contributions.post', { kind: 'practice', title: 'A', text: 'B' });
    const state = frozen(d.state);
    expect(outcomeMarkdown(state, 'public')).toBe(outcomeMarkdown(structuredClone(state), 'public'));
    // The frozen state went through the reducer and the renderer without a write.
    expect(() =>
      applyEntry(state, {
        seq: state.seq + 1,
        at: d.now,
        actor: PEOPLE.ravi,
        command: { type: 'contributions.endorse', payload: { contributionId: state.contributions.items[0]!.id } },
      }),
    ).not.toThrow();
  });
});
