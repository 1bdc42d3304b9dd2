/** Agreeing on a way forward: proposals, answers and results (SPEC V). */
import { describe, expect, it } from 'vitest';
import { CommandSchema } from '../../../shared/protocol.ts';
import { answers, resultsHidden } from '../../../shared/reducer/proposals.ts';
import { EventDriver } from '../../support/eventDriver.ts';

/** Two draft proposals, the event live. */
function wayForward() {
  const d = EventDriver.created();
  d.must('mod', 'proposals.add', { text: 'Create a shared register of diaspora health professionals' });
  d.must('mod', 'proposals.add', { text: 'Meet again in three months' });
  d.must('mod', 'event.start', {});
  const [first, second] = d.state.proposals.items.map((p) => p.id) as [number, number];
  return { d, first, second };
}

describe('V: the way forward', () => {
  it('V1: moderators draft proposals before or during the event and edit them until they are put to the vote', () => {
    const { d, first } = wayForward();
    d.refuse('amara', 'proposals.add', { text: 'Mine' }, 'forbidden');
    d.must('mod', 'proposals.edit', { proposalId: first, text: 'Create a shared register of health professionals' });
    d.must('mod', 'proposals.show', { proposalId: first });
    d.refuse('mod', 'proposals.edit', { proposalId: first, text: 'Too late' }, 'conflict');
    expect(d.state.proposals.items[0]).toMatchObject({ text: 'Create a shared register of health professionals', status: 'open', segmentId: 's1' });
    expect(CommandSchema.safeParse({ type: 'proposals.add', payload: { text: '' } }).success).toBe(false);
  });

  it('V2: one proposal on screen at a time: while it is open, showing another is refused', () => {
    const { d, first, second } = wayForward();
    d.must('mod', 'proposals.show', { proposalId: first });
    expect(d.state.proposals.onScreen).toBe(first);
    d.refuse('mod', 'proposals.show', { proposalId: second }, 'conflict');
    d.refuse('mod', 'proposals.show', { proposalId: null }, 'conflict');
    d.must('mod', 'proposals.close', { proposalId: first });
    d.must('mod', 'proposals.show', { proposalId: second });
    expect(d.state.proposals.items.map((p) => p.status)).toEqual(['closed', 'open']);
  });

  it('V3: one answer per person, changeable until closed; the tally follows live', () => {
    const { d, first } = wayForward();
    d.refuse('amara', 'proposals.vote', { proposalId: first, answer: 'agree' }, 'voting_closed');
    d.must('mod', 'proposals.show', { proposalId: first });
    d.must('amara', 'proposals.vote', { proposalId: first, answer: 'agree' });
    d.must('ravi', 'proposals.vote', { proposalId: first, answer: 'disagree' });
    d.must('eva', 'proposals.vote', { proposalId: first, answer: 'abstain' });
    expect(d.state.proposals.items[0]!.tally).toEqual({ agree: 1, disagree: 1, abstain: 1 });
    d.must('ravi', 'proposals.vote', { proposalId: first, answer: 'agree' });
    expect(d.state.proposals.items[0]!.tally).toEqual({ agree: 2, disagree: 0, abstain: 1 });
    expect(d.state.proposals.items[0]!.ballots).toEqual({ amara: 'agree', ravi: 'agree', eva: 'abstain' });
    expect(CommandSchema.safeParse({ type: 'proposals.vote', payload: { proposalId: first, answer: 'maybe' } }).success).toBe(false);
    d.refuse('screen', 'proposals.vote', { proposalId: first, answer: 'agree' }, 'forbidden');
  });

  it('V7: the same answer again is refused already_voted and changes nothing', () => {
    const { d, first } = wayForward();
    d.must('mod', 'proposals.show', { proposalId: first });
    d.must('ravi', 'proposals.vote', { proposalId: first, answer: 'agree' });
    d.refuse('ravi', 'proposals.vote', { proposalId: first, answer: 'agree' }, 'already_voted');
    expect(d.state.proposals.items[0]!.tally).toEqual({ agree: 1, disagree: 0, abstain: 0 });
    d.must('ravi', 'proposals.vote', { proposalId: first, answer: 'disagree' });
    expect(d.state.proposals.items[0]!.tally).toEqual({ agree: 0, disagree: 1, abstain: 0 });
  });

  it('V4: closing freezes the tally, forgets who answered what, and refuses later answers', () => {
    const { d, first } = wayForward();
    d.must('mod', 'proposals.show', { proposalId: first });
    d.must('amara', 'proposals.vote', { proposalId: first, answer: 'agree' });
    d.refuse('amara', 'proposals.close', { proposalId: first }, 'forbidden');
    d.must('mod', 'proposals.close', { proposalId: first });
    expect(d.state.proposals.items[0]).toMatchObject({ status: 'closed', ballots: {}, tally: { agree: 1, disagree: 0, abstain: 0 }, closedAt: d.now });
    d.refuse('ravi', 'proposals.vote', { proposalId: first, answer: 'disagree' }, 'voting_closed');
    d.refuse('mod', 'proposals.close', { proposalId: first }, 'voting_closed');
  });

  it('V5: the moderator records adopted, amended with the new text, or dropped; deciding an open proposal closes it', () => {
    const { d, first, second } = wayForward();
    d.must('mod', 'proposals.show', { proposalId: first });
    d.must('amara', 'proposals.vote', { proposalId: first, answer: 'agree' });
    d.must('mod', 'proposals.decide', { proposalId: first, result: 'amended', amendedText: 'A register, kept by IOM' });
    expect(d.state.proposals.items[0]).toMatchObject({ status: 'closed', result: 'amended', amendedText: 'A register, kept by IOM', tally: { agree: 1 } });
    d.refuse('mod', 'proposals.decide', { proposalId: first, result: 'amended', amendedText: 'A register, kept by IOM' }, 'conflict');
    d.must('mod', 'proposals.decide', { proposalId: second, result: 'dropped' });
    expect(d.state.proposals.items[1]).toMatchObject({ status: 'draft', result: 'dropped', amendedText: '' });
    expect(CommandSchema.safeParse({ type: 'proposals.decide', payload: { proposalId: first, result: 'amended' } }).success).toBe(false);
    expect(CommandSchema.safeParse({ type: 'proposals.decide', payload: { proposalId: first, result: 'adopted', amendedText: 'x' } }).success).toBe(false);
  });

  it('V6: a proposal opens only while the event is live; a closed one can be shown again with its result', () => {
    const d = EventDriver.created();
    d.must('mod', 'proposals.add', { text: 'Early' });
    const id = d.state.proposals.items[0]!.id;
    d.refuse('mod', 'proposals.show', { proposalId: id }, 'not_started');
    d.must('mod', 'event.start', {});
    d.must('mod', 'proposals.show', { proposalId: id });
    d.must('mod', 'proposals.close', { proposalId: id });
    d.must('mod', 'proposals.show', { proposalId: null });
    d.must('mod', 'event.end', {});
    d.must('mod', 'proposals.show', { proposalId: id });
    expect(d.state.proposals.items[0]!.status).toBe('closed');
    d.refuse('mod', 'proposals.add', { text: 'After the end' }, 'ended');
  });

  it('V8: results hidden until the vote closes: only the count of answers moves, even on the node; closing counts the ballots', () => {
    const { d, first } = wayForward();
    d.must('mod', 'proposals.show', { proposalId: first, hideResults: true });
    expect(d.state.proposals.items[0]).toMatchObject({ status: 'open', ballot: 'secret', hideResults: true, answered: 0 });
    d.must('amara', 'proposals.vote', { proposalId: first, answer: 'agree' });
    d.must('ravi', 'proposals.vote', { proposalId: first, answer: 'disagree' });
    d.must('ravi', 'proposals.vote', { proposalId: first, answer: 'agree' });
    d.refuse('ravi', 'proposals.vote', { proposalId: first, answer: 'agree' }, 'already_voted');
    const open = d.state.proposals.items[0]!;
    expect(open).toMatchObject({ answered: 2, tally: { agree: 0, disagree: 0, abstain: 0 }, ballots: { amara: 'agree', ravi: 'agree' } });
    expect(answers(open)).toBe(2);
    expect(resultsHidden(open)).toBe(true);
    d.must('mod', 'proposals.close', { proposalId: first });
    const closed = d.state.proposals.items[0]!;
    expect(closed).toMatchObject({ status: 'closed', ballots: {}, tally: { agree: 2, disagree: 0, abstain: 0 } });
    expect(answers(closed)).toBe(2);
    expect(resultsHidden(closed)).toBe(false);
  });

  it('V8 V5: deciding an open vote whose results are hidden counts them too', () => {
    const { d, first } = wayForward();
    d.must('mod', 'proposals.show', { proposalId: first, hideResults: true });
    d.must('eva', 'proposals.vote', { proposalId: first, answer: 'abstain' });
    d.must('mod', 'proposals.decide', { proposalId: first, result: 'adopted' });
    expect(d.state.proposals.items[0]).toMatchObject({ status: 'closed', result: 'adopted', tally: { agree: 0, disagree: 0, abstain: 1 } });
  });

  it('V8: a named vote cannot hide its results: who answered what is its result', () => {
    const { d, first } = wayForward();
    d.refuse('mod', 'proposals.show', { proposalId: first, ballot: 'named', hideResults: true }, 'conflict');
    expect(d.state.proposals.items[0]!.status).toBe('draft');
    d.must('mod', 'proposals.show', { proposalId: first, ballot: 'secret', hideResults: false });
    expect(d.state.proposals.items[0]!.hideResults).toBe(false);
  });

  it('B10: the server-only forms of a hidden vote are refused from anyone but the server', () => {
    const { d, first } = wayForward();
    d.must('mod', 'proposals.show', { proposalId: first, hideResults: true });
    d.refuse('mod', 'proposals.answered', { proposalId: first, answered: 9 }, 'forbidden');
    const tally = { agree: 9, disagree: 0, abstain: 0 };
    d.refuse('mod', 'proposals.revealed', { tally, of: { type: 'proposals.close', payload: { proposalId: first } } }, 'forbidden');
    expect(d.state.proposals.items[0]).toMatchObject({ status: 'open', answered: 0 });
  });
});
