/** Removing a person with everything they posted, in one entry (S50). */
import { describe, expect, it } from 'vitest';
import { PURGE_REASON } from '../../../shared/reducer/purge.ts';
import { EventDriver, MINUTE } from '../../support/eventDriver.ts';

/** In the panel: amara chats, posts, asks (on screen), takes a note and raises a hand; ravi does some of it too. */
function amaraEverywhere(): EventDriver {
  const d = EventDriver.inPanel();
  d.must('amara', 'chat.send', { text: 'BUY CHEAP PILLS' });
  d.must('ravi', 'chat.send', { text: 'Hello all' });
  d.must('amara', 'contributions.post', { kind: 'need', title: 'Pills', text: 'cheap pills here' });
  d.must('ravi', 'contributions.post', { kind: 'practice', title: 'Food parcels', text: '300 families' });
  d.must('amara', 'contributions.endorse', { contributionId: d.state.seq });
  d.must('amara', 'questions.ask', { text: 'Want cheap pills?' });
  d.must('mod', 'questions.show', { questionId: d.state.seq });
  d.must('ravi', 'questions.ask', { text: 'Who funds it?' });
  d.must('mod', 'notes.grant', { personId: 'amara', granted: true });
  d.must('amara', 'notes.capture', { kind: 'point', text: 'pills pills pills', unlinked: true });
  d.must('amara', 'queue.raise', { topic: 'pills' });
  return d;
}

describe('people.remove with purge (S50)', () => {
  it('S50: one entry removes the person and everything they posted: chat deleted, contributions hidden, questions and notes gone', () => {
    const d = amaraEverywhere();
    d.tick(MINUTE).must('mod', 'people.remove', { personId: 'amara', reason: 'Spam', purge: true });
    const { state } = d;
    expect(JSON.stringify(state)).not.toMatch(/pills/i);
    expect(state.chat.messages.map((m) => [m.author.id, m.text, m.deleted])).toEqual([
      ['amara', '', true],
      ['ravi', 'Hello all', false],
    ]);
    const [theirs, ravis] = state.contributions.items;
    expect(theirs).toMatchObject({ title: '', text: '', hidden: { reason: 'Spam', byId: 'mod' } });
    // Someone else's post keeps what they endorsed: the endorsement is a count, not a post.
    expect(ravis).toMatchObject({ title: 'Food parcels', hidden: null, endorsers: ['amara'] });
    expect(state.questions).toMatchObject({ items: [{ author: { id: 'ravi' }, text: 'Who funds it?' }], onScreen: null });
    expect(state.notes.captures).toEqual([]);
    expect(state.queue.hands).toEqual([]);
  });

  it('S50: without a reason the hidden contributions say why; a plain removal leaves what they posted', () => {
    const plain = amaraEverywhere();
    plain.must('mod', 'people.remove', { personId: 'amara', reason: '' });
    expect(plain.state.chat.messages[0]!.text).toBe('BUY CHEAP PILLS');
    expect(plain.state.questions.items).toHaveLength(2);
    // A moderator may still delete everything later: the person was removed already, their posts were not.
    plain.must('mod', 'people.remove', { personId: 'amara', reason: '', purge: true });
    expect(plain.state.contributions.items[0]!.hidden?.reason).toBe(PURGE_REASON);
    expect(JSON.stringify(plain.state)).not.toMatch(/pills/i);
  });

  it('S50: a moderator cannot be purged, and only moderators purge', () => {
    const d = amaraEverywhere();
    d.refuse('cohost', 'people.remove', { personId: 'mod', reason: '', purge: true }, 'forbidden');
    d.refuse('ravi', 'people.remove', { personId: 'amara', reason: '', purge: true }, 'forbidden');
  });
});
