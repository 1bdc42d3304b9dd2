/** Questions for the panel (SPEC QA). */
import { describe, expect, it } from 'vitest';
import { CommandSchema } from '../../../shared/protocol.ts';
import { openQuestionsByVotes, panelistToCredit, pendingQuestions } from '../../../shared/reducer/questions.ts';
import { DEFAULT_TEMPLATE, TemplateSchema } from '../../../shared/template.ts';
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

  it('QA1: a person asks at most ten questions', () => {
    const d = EventDriver.inPanel();
    for (let i = 0; i < 10; i++) d.must('amara', 'questions.ask', { text: `Q${i}` });
    d.refuse('amara', 'questions.ask', { text: 'One more' }, 'conflict');
  });

  it('QA7: moderators switch moderation on and off; only moderators; the same setting again is a conflict', () => {
    const d = EventDriver.inPanel();
    d.refuse('amara', 'questions.moderate', { moderated: true }, 'forbidden');
    d.refuse('mod', 'questions.moderate', { moderated: false }, 'conflict');
    d.must('mod', 'questions.moderate', { moderated: true });
    expect(d.state.questions.moderated).toBe(true);
    d.refuse('mod', 'questions.moderate', { moderated: true }, 'conflict');
    d.must('mod', 'questions.moderate', { moderated: false });
    expect(d.state.questions.moderated).toBe(false);
  });

  it('QA7: while moderated a new question waits for approval: no votes, screen or answer until a moderator approves it', () => {
    const d = EventDriver.inPanel();
    d.must('mod', 'questions.moderate', { moderated: true });
    d.must('amara', 'questions.ask', { text: 'Held?' });
    const [q] = ids(d) as [number];
    expect(d.state.questions.items[0]).toMatchObject({ status: 'pending', approvedAt: null });
    expect(pendingQuestions(d.state).map((x) => x.id)).toEqual([q]);
    expect(openQuestionsByVotes(d.state)).toEqual([]);
    d.refuse('ravi', 'questions.upvote', { questionId: q }, 'conflict');
    d.refuse('mod', 'questions.show', { questionId: q }, 'conflict');
    d.refuse('mod', 'questions.answer', { questionId: q }, 'conflict');
    d.refuse('amara', 'questions.approve', { questionId: q }, 'forbidden');
    d.refuse('mod', 'questions.approve', { questionId: 12345 }, 'not_found');
    d.must('mod', 'questions.approve', { questionId: q });
    expect(d.state.questions.items[0]).toMatchObject({ status: 'open', approvedAt: d.now });
    d.refuse('mod', 'questions.approve', { questionId: q }, 'conflict');
    d.must('ravi', 'questions.upvote', { questionId: q });
    d.must('mod', 'questions.show', { questionId: q });
    expect(openQuestionsByVotes(d.state).map((x) => x.id)).toEqual([q]);
  });

  it('QA7: a moderator dismisses a held question: it is declined, and cannot be approved after', () => {
    const d = EventDriver.inPanel();
    d.must('mod', 'questions.moderate', { moderated: true });
    d.must('amara', 'questions.ask', { text: 'Spam' });
    const [q] = ids(d) as [number];
    d.must('mod', 'questions.dismiss', { questionId: q });
    expect(d.state.questions.items[0]).toMatchObject({ status: 'declined', closedAt: d.now });
    d.refuse('mod', 'questions.approve', { questionId: q }, 'conflict');
    d.refuse('mod', 'questions.dismiss', { questionId: q }, 'conflict');
  });

  it('QA7: switching moderation off leaves held questions held; a moderator’s own question needs no approval', () => {
    const d = EventDriver.inPanel();
    d.must('mod', 'questions.moderate', { moderated: true });
    d.must('amara', 'questions.ask', { text: 'Held' });
    d.must('mod', 'questions.ask', { text: 'From the chair' });
    expect(d.state.questions.items.map((x) => x.status)).toEqual(['pending', 'open']);
    d.must('mod', 'questions.moderate', { moderated: false });
    d.must('ravi', 'questions.ask', { text: 'Straight in' });
    expect(d.state.questions.items.map((x) => x.status)).toEqual(['pending', 'open', 'open']);
  });

  it('QA7: held questions count in the person’s cap of QA1, declined ones too (the event’s: tests/shared/reducer/caps.test.ts)', () => {
    const d = EventDriver.inPanel();
    d.must('mod', 'questions.moderate', { moderated: true });
    for (let i = 0; i < 10; i++) d.must('amara', 'questions.ask', { text: `Q${i}` });
    d.refuse('amara', 'questions.ask', { text: 'One more' }, 'conflict');
    d.must('mod', 'questions.dismiss', { questionId: d.state.questions.items[0]!.id });
    // The person's cap counts everything they asked, as before.
    d.refuse('amara', 'questions.ask', { text: 'Still one more' }, 'conflict');
  });

  it('QA8: a question asked anonymously records its asker (moderators see who), and is marked anonymous', () => {
    const d = EventDriver.inPanel();
    d.must('amara', 'questions.ask', { text: 'Sensitive', anonymous: true });
    d.must('ravi', 'questions.ask', { text: 'Named' });
    expect(d.state.questions.items.map((q) => [q.anonymous, q.author.id])).toEqual([
      [true, 'amara'],
      [false, 'ravi'],
    ]);
    // The asker still cannot upvote their own.
    d.refuse('amara', 'questions.upvote', { questionId: d.state.questions.items[0]!.id }, 'forbidden');
    expect(CommandSchema.safeParse({ type: 'questions.ask', payload: { text: 'q', anonymous: 'yes' } }).success).toBe(false);
  });

  it('B11: questions.published is the server’s alone; applied, it puts the question in its place by id, or opens the held one the asker holds', () => {
    const d = EventDriver.inPanel();
    const author = { id: 'anonymous', name: '', community: '', region: 'other' as const, country: '' };
    const question = { id: 1, text: 'Forged', author, askedAt: d.now, segmentId: 's2', anonymous: true };
    d.refuse('mod', 'questions.published', { question }, 'forbidden');
    // What a participant's replica receives: a question asked before the one it holds, approved now.
    d.must('ravi', 'questions.ask', { text: 'Later' });
    const later = d.state.questions.items[0]!.id;
    d.must('system', 'questions.published', { question: { ...question, id: later - 1, text: 'Earlier' } });
    expect(d.state.questions.items.map((q) => [q.id, q.text, q.status, q.author.id])).toEqual([
      [later - 1, 'Earlier', 'open', 'anonymous'],
      [later, 'Later', 'open', 'ravi'],
    ]);
    // The asker's replica holds it held: it opens, keeping its asker.
    d.must('mod', 'questions.moderate', { moderated: true });
    d.must('amara', 'questions.ask', { text: 'Mine', anonymous: true });
    const mine = d.state.questions.items.at(-1)!;
    d.must('system', 'questions.published', { question: { ...question, id: mine.id, text: 'Mine' } });
    expect(d.state.questions.items.at(-1)).toMatchObject({ status: 'open', author: { id: 'amara' }, approvedAt: d.now });
    d.refuse('system', 'questions.published', { question: { ...question, id: mine.id, text: 'Mine' } }, 'conflict');
  });

  it('QA8: no roster person can be the anonymous asker: a template refuses the key', () => {
    const people = [...DEFAULT_TEMPLATE.people, { ...DEFAULT_TEMPLATE.people[0]!, key: 'anonymous' }];
    expect(TemplateSchema.safeParse({ ...DEFAULT_TEMPLATE, people }).success).toBe(false);
    expect(TemplateSchema.safeParse(DEFAULT_TEMPLATE).success).toBe(true);
  });

  it('QA9: moving on from the panel closes its open questions as not reached, off screen; answered and dismissed ones stay as they were', () => {
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

  it('QA9 QA7: a question still held for approval when its panel ends stays held: never in the outcome as not reached', () => {
    const d = EventDriver.inPanel();
    d.must('mod', 'questions.moderate', { moderated: true });
    d.must('amara', 'questions.ask', { text: 'Held until the end' });
    d.must('mod', 'agenda.next', {});
    expect(d.state.questions.items[0]).toMatchObject({ status: 'pending' });
  });

  it('QA9: ending the event during the panel closes its open questions as not reached', () => {
    const d = EventDriver.inPanel();
    d.must('amara', 'questions.ask', { text: 'Left open' });
    d.must('mod', 'event.end', {});
    expect(d.state.questions.items[0]).toMatchObject({ status: 'notReached', closedAt: d.now });
  });

  it('QA9: leaving a segment that is not a panel changes no question', () => {
    const d = EventDriver.inPanel();
    d.must('amara', 'questions.ask', { text: 'Left open' });
    d.must('mod', 'agenda.next', {});
    const before = d.state.questions;
    d.must('mod', 'agenda.next', {});
    expect(d.state.questions).toBe(before);
  });
});
