/** The byte budget of what people post (S51): a measure every node agrees on, and the refusal. */
import { describe, expect, it } from 'vitest';
import { overBudget, postedBytes } from '../../server/stateBudget.ts';
import type { EventState } from '../../shared/state.ts';
import { EventDriver } from '../support/eventDriver.ts';

/** What the measure must equal: the posted parts as JSON, in UTF-8. */
function stringified(state: EventState): number {
  const { contributions, questions, notes, proposals } = state;
  return [contributions, questions, notes, proposals].reduce((sum, part) => sum + Buffer.byteLength(JSON.stringify(part)), 0);
}

describe('the state budget (S51)', () => {
  it('S51: the measure is the UTF-8 size of the posted parts’ JSON, after every kind of change', () => {
    const d = EventDriver.inPanel();
    const steps: Array<() => void> = [
      () => d.must('amara', 'contributions.post', { kind: 'need', title: 'Écoles à Dakar 🏫', text: 'Line "one"\nline \\two\\ \t tab', tags: ['éducation'] }),
      () => d.must('ravi', 'contributions.endorse', { contributionId: d.state.contributions.items[0]!.id }),
      () => d.must('amara', 'contributions.edit', { contributionId: d.state.contributions.items[0]!.id, text: 'Shorter' }),
      () => d.must('eva', 'questions.ask', { text: 'Qui finance ? 日本語' }),
      () => d.must('ravi', 'questions.upvote', { questionId: d.state.questions.items[0]!.id }),
      () => d.must('nia', 'notes.capture', { kind: 'point', text: 'A point', unlinked: true }),
      () => d.must('mod', 'proposals.add', { text: 'A way forward' }),
      () => d.must('mod', 'contributions.hide', { contributionId: d.state.contributions.items[0]!.id, reason: 'spam' }),
      () => d.must('mod', 'questions.dismiss', { questionId: d.state.questions.items[0]!.id }),
      () => d.must('mod', 'people.remove', { personId: 'nia', reason: '', purge: true }),
    ];
    for (const step of steps) {
      step();
      expect(postedBytes(d.state)).toBe(stringified(d.state));
    }
  });

  it('S51: a participant’s command that would grow the posts past the budget is refused event_full; shrinking and moderators pass', () => {
    const d = EventDriver.created();
    d.must('amara', 'contributions.post', { kind: 'need', title: 'A need', text: 'x'.repeat(2_000) });
    const before = d.state;
    const budget = postedBytes(before) + 100;
    d.must('ravi', 'contributions.post', { kind: 'need', title: 'Another', text: 'y'.repeat(500) });
    const refusal = overBudget(before, d.state, budget, 'participant');
    expect(refusal).toMatchObject({ code: 'event_full' });
    expect(refusal?.message).toMatch(/holds as much as it can.*moderator/);
    // Still over the budget but smaller: making room always passes.
    const full = d.state;
    d.must('mod', 'contributions.hide', { contributionId: full.contributions.items[0]!.id, reason: 'spam' });
    expect(overBudget(full, d.state, 1, 'participant')).toBeNull();
    expect(overBudget(before, full, budget, 'moderator')).toBeNull();
    expect(overBudget(before, full, postedBytes(full), 'participant')).toBeNull();
  });
});
