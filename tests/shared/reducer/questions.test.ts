/** Questions for the panel (SPEC QA). */
import { describe, expect, it } from 'vitest';
import { CommandSchema } from '../../../shared/protocol.ts';
import { openQuestionsByVotes, panelistToCredit } from '../../../shared/reducer/questions.ts';
import { EventDriver } from '../../support/eventDriver.ts';

const ids = (d: EventDriver) => d.state.questions.items.map((q) => q.id);

describe('QA: questions for the panel', () => {
  it('QA1: participants ask short questions during the panel; not before, not in other segments', () => {
    const early = EventDriver.created();
    early.refuse('amara', 'questions.ask', { text: 'Too early?' }, 'not_started');
    const welcome = EventDriver.live();
    welcome.refuse('amara', 'questions.ask', { text: 'During the welcome?' }, 'conflict');
    const d = EventDriver.inPanel();
    d.must('amara', 'questions.ask', { text: 'How did you fund the first shipments?' });
    expect(d.state.questions.items[0]).toMatchObject({
      text: 'How did you fund the first shipments?',
      segmentId: 's2',
      votes: 0,
      status: 'open',
      author: { id: 'amara' },
    });
    expect(CommandSchema.safeParse({ type: 'questions.ask', payload: { text: 'q'.repeat(301) } }).success).toBe(false);
    expect(CommandSchema.safeParse({ type: 'questions.ask', payload: { text: ' ' } }).success).toBe(false);
  });

  it('QA2: each person upvotes a question once, never their own', () => {
    const d = EventDriver.inPanel();
    d.must('amara', 'questions.ask', { text: 'Q1' });
    const [q] = ids(d) as [number];
    d.must('ravi', 'questions.upvote', { questionId: q });
    d.refuse('ravi', 'questions.upvote', { questionId: q }, 'already_voted');
    d.refuse('amara', 'questions.upvote', { questionId: q }, 'forbidden');
    d.refuse('ravi', 'questions.upvote', { questionId: 12345 }, 'not_found');
    expect(d.state.questions.items[0]).toMatchObject({ votes: 1, voters: ['ravi'] });
  });

  it('QA3: the list sorts by votes live, ties in the order asked', () => {
    const d = EventDriver.inPanel();
    for (const who of ['amara', 'ravi', 'eva'] as const) d.must(who, 'questions.ask', { text: `From ${who}` });
    const [a, r, e] = ids(d) as [number, number, number];
    d.must('omar', 'questions.upvote', { questionId: e });
    d.must('emil', 'questions.upvote', { questionId: e });
    d.must('omar', 'questions.upvote', { questionId: r });
    expect(openQuestionsByVotes(d.state).map((q) => q.id)).toEqual([e, r, a]);
  });

  it('QA4: the moderator puts one question on screen at a time, or clears it', () => {
    const d = EventDriver.inPanel();
    d.must('amara', 'questions.ask', { text: 'Q1' });
    d.must('ravi', 'questions.ask', { text: 'Q2' });
    const [q1, q2] = ids(d) as [number, number];
    d.refuse('amara', 'questions.show', { questionId: q1 }, 'forbidden');
    d.must('mod', 'questions.show', { questionId: q1 });
    d.refuse('mod', 'questions.show', { questionId: q1 }, 'conflict');
    d.must('mod', 'questions.show', { questionId: q2 });
    expect(d.state.questions.onScreen).toBe(q2);
    d.must('mod', 'questions.show', { questionId: null });
    expect(d.state.questions.onScreen).toBeNull();
    d.refuse('mod', 'questions.show', { questionId: null }, 'conflict');
  });

  it('QA5: marking the question on screen answered records the panelist holding the floor and clears the screen', () => {
    const d = EventDriver.inPanel();
    d.must('amara', 'questions.ask', { text: 'Q1' });
    const [q] = ids(d) as [number];
    d.must('ravi', 'questions.upvote', { questionId: q });
    d.must('mod', 'questions.show', { questionId: q });
    d.must('mod', 'floor.give', { personId: 'bo' });
    d.must('mod', 'questions.answer', { questionId: q });
    expect(d.state.questions.items[0]).toMatchObject({ status: 'answered', panelist: { id: 'bo', name: 'Bo' }, votes: 1, voters: [], closedAt: d.now });
    expect(d.state.questions.onScreen).toBeNull();
    d.refuse('ravi', 'questions.upvote', { questionId: q }, 'conflict');
    d.refuse('mod', 'questions.answer', { questionId: q }, 'conflict');
  });

  it('QA5: the moderator may name the panelist; someone off the roster is refused', () => {
    const d = EventDriver.inPanel();
    d.must('amara', 'questions.ask', { text: 'Q1' });
    const [q] = ids(d) as [number];
    d.refuse('mod', 'questions.answer', { questionId: q, panelistId: 'ravi' }, 'not_found');
    d.must('mod', 'questions.answer', { questionId: q, panelistId: 'ana' });
    expect(d.state.questions.items[0]!.panelist?.name).toBe('Ana');
  });

  it('QA5: "Answered" credits, unless the moderator picks someone, the panelist speaking now, else the last panelist who spoke in this panel', () => {
    const d = EventDriver.inPanel();
    expect(panelistToCredit(d.state)).toBeNull();
    d.must('mod', 'floor.give', { personId: 'ana' });
    expect(panelistToCredit(d.state)).toBe('ana');
    d.must('mod', 'floor.give', { personId: 'bo' });
    expect(panelistToCredit(d.state)).toBe('bo');
    // A participant from the queue has the floor now: the last panelist who spoke keeps the credit.
    d.must('amara', 'queue.raise', {});
    d.must('mod', 'floor.give', { personId: 'amara', kind: 'hand' });
    expect(panelistToCredit(d.state)).toBe('bo');
    d.must('mod', 'floor.end', {});
    expect(panelistToCredit(d.state)).toBe('bo');
    // The next segment has no panel: nobody.
    d.must('mod', 'agenda.next', {});
    expect(panelistToCredit(d.state)).toBeNull();
  });

  it('QA6: a dismissed question leaves the screen and the list, and takes no more votes', () => {
    const d = EventDriver.inPanel();
    d.must('amara', 'questions.ask', { text: 'Off topic' });
    const [q] = ids(d) as [number];
    d.must('mod', 'questions.show', { questionId: q });
    d.must('mod', 'questions.dismiss', { questionId: q });
    expect(d.state.questions.items[0]).toMatchObject({ status: 'dismissed', panelist: null });
    expect(d.state.questions.onScreen).toBeNull();
    expect(openQuestionsByVotes(d.state)).toEqual([]);
    d.refuse('mod', 'questions.show', { questionId: q }, 'conflict');
  });

  it('QA7: a person asks at most ten questions', () => {
    const d = EventDriver.inPanel();
    for (let i = 0; i < 10; i++) d.must('amara', 'questions.ask', { text: `Q${i}` });
    d.refuse('amara', 'questions.ask', { text: 'One more' }, 'conflict');
  });

  it('QA8: moving on from the panel closes its open questions as not reached, off screen; answered and dismissed ones stay as they were', () => {
    const d = EventDriver.inPanel();
    for (const text of ['Answered', 'Dismissed', 'Unreached', 'On screen']) d.must('amara', 'questions.ask', { text });
    const [answered, dismissed, unreached, onScreen] = ids(d) as [number, number, number, number];
    d.must('ravi', 'questions.upvote', { questionId: unreached });
    d.must('mod', 'questions.answer', { questionId: answered, panelistId: 'ana' });
    d.must('mod', 'questions.dismiss', { questionId: dismissed });
    d.must('mod', 'questions.show', { questionId: onScreen });
    d.must('mod', 'agenda.next', {});
    expect(d.state.questions.items.map((q) => q.status)).toEqual(['answered', 'dismissed', 'notReached', 'notReached']);
    expect(d.state.questions.items[2]).toMatchObject({ votes: 1, voters: [], closedAt: d.now, panelist: null });
    expect(d.state.questions.onScreen).toBeNull();
    expect(openQuestionsByVotes(d.state)).toEqual([]);
    d.refuse('eva', 'questions.upvote', { questionId: unreached }, 'conflict');
    d.refuse('mod', 'questions.answer', { questionId: unreached }, 'conflict');
    // Coming back to the panel does not reopen them.
    d.must('mod', 'agenda.previous', {});
    expect(d.state.questions.items[2]!.status).toBe('notReached');
  });

  it('QA8: ending the event during the panel closes its open questions as not reached', () => {
    const d = EventDriver.inPanel();
    d.must('amara', 'questions.ask', { text: 'Left open' });
    d.must('mod', 'event.end', {});
    expect(d.state.questions.items[0]).toMatchObject({ status: 'notReached', closedAt: d.now });
  });

  it('QA8: leaving a segment that is not a panel changes no question', () => {
    const d = EventDriver.inPanel();
    d.must('amara', 'questions.ask', { text: 'Left open' });
    d.must('mod', 'agenda.next', {});
    const before = d.state.questions;
    d.must('mod', 'agenda.next', {});
    expect(d.state.questions).toBe(before);
  });
});
