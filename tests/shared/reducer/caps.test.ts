/** The per-event caps count what is shown: a moderator who hides spam makes room for real people (K4, QA1, N4). */
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../../shared/constants.ts';
import type { Actor } from '../../../shared/protocol.ts';
import { EventDriver, PEOPLE } from '../../support/eventDriver.ts';

/** Fake registrations: enough of them to fill any cap within the per-person limits. */
function fake(n: number): Actor {
  return { ...PEOPLE.amara, id: `fake-${n}`, name: `Fake ${n}` };
}

const spam = { kind: 'need' as const, title: 'Cheap pills', text: 'Buy now' };

describe('caps count what is visible', () => {
  it('K4: fakes fill the board; once a moderator hides their posts, a real person can post again', () => {
    const d = EventDriver.created();
    const fakes = LIMITS.contributions / LIMITS.contributionsPerPerson;
    for (let f = 0; f < fakes; f++) for (let i = 0; i < LIMITS.contributionsPerPerson; i++) d.must(fake(f), 'contributions.post', spam);
    d.refuse('ravi', 'contributions.post', { ...spam, title: 'Real need' }, 'conflict');
    for (const c of d.state.contributions.items.slice(0, 3)) d.must('mod', 'contributions.hide', { contributionId: c.id, reason: 'spam' });
    d.must('ravi', 'contributions.post', { ...spam, title: 'Real need' });
    d.must('eva', 'contributions.post', { ...spam, title: 'Another' });
    d.must('omar', 'contributions.post', { ...spam, title: 'A third' });
    d.refuse('emil', 'contributions.post', { ...spam, title: 'One too many' }, 'conflict');
    // A merged duplicate leaves the board too, and frees its place.
    const [a, b] = d.state.contributions.items.slice(-2);
    d.must('mod', 'contributions.merge', { contributionId: a!.id, intoId: b!.id });
    d.must('emil', 'contributions.post', { ...spam, title: 'One too many' });
  });

  it('K4: a person’s own cap still counts what a moderator hid: hiding spam does not let its author post more', () => {
    const d = EventDriver.created();
    for (let i = 0; i < LIMITS.contributionsPerPerson; i++) d.must('amara', 'contributions.post', spam);
    d.must('mod', 'contributions.hide', { contributionId: d.state.contributions.items[0]!.id, reason: 'spam' });
    d.refuse('amara', 'contributions.post', spam, 'conflict');
  });

  it('QA1: dismissed questions free their place in the event’s cap', () => {
    const d = EventDriver.inPanel();
    const fakes = LIMITS.questions / LIMITS.questionsPerPerson;
    for (let f = 0; f < fakes; f++) for (let i = 0; i < LIMITS.questionsPerPerson; i++) d.must(fake(f), 'questions.ask', { text: `spam ${f} ${i}` });
    d.refuse('ravi', 'questions.ask', { text: 'A real question' }, 'conflict');
    d.must('mod', 'questions.dismiss', { questionId: d.state.questions.items[0]!.id });
    d.must('ravi', 'questions.ask', { text: 'A real question' });
    expect(d.state.questions.items.at(-1)).toMatchObject({ text: 'A real question', author: { id: 'ravi' } });
  });

  it('QA7 QA1: held questions count in the event’s cap; declining them frees their place, as dismissing does', () => {
    const d = EventDriver.inPanel();
    d.must('mod', 'questions.moderate', { moderated: true });
    const fakes = LIMITS.questions / LIMITS.questionsPerPerson;
    for (let f = 0; f < fakes; f++) for (let i = 0; i < LIMITS.questionsPerPerson; i++) d.must(fake(f), 'questions.ask', { text: `spam ${f} ${i}` });
    d.refuse('ravi', 'questions.ask', { text: 'A real question' }, 'conflict');
    d.must('mod', 'questions.dismiss', { questionId: d.state.questions.items[0]!.id });
    expect(d.state.questions.items[0]!.status).toBe('declined');
    d.must('ravi', 'questions.ask', { text: 'A real question' });
    expect(d.state.questions.items.at(-1)).toMatchObject({ text: 'A real question', author: { id: 'ravi' }, status: 'pending' });
  });
});
