/** Capture during the plenaries: who may take notes, and what a note is linked to (SPEC N). */
import { describe, expect, it } from 'vitest';
import { mayTakeNotes } from '../../../shared/reducer/notes.ts';
import { EventDriver, MINUTE, PEOPLE } from '../../support/eventDriver.ts';

/** The plenary running, Amara holding the floor with her hand. */
function plenary() {
  const d = EventDriver.live();
  d.must('mod', 'agenda.goto', { segmentId: 's3' });
  d.must('amara', 'queue.raise', { topic: 'Mobile money' });
  d.tick(MINUTE).must('mod', 'floor.giveNext', {});
  return d;
}

describe('N: notes captured during the event', () => {
  it('N1: moderators and note-takers by role capture; a participant only once a moderator grants it', () => {
    const d = plenary();
    d.must('mod', 'notes.capture', { kind: 'point', text: 'Remittances kept clinics open' });
    d.must('nia', 'notes.capture', { kind: 'practice', text: 'Pool orders of protective equipment' });
    d.refuse('ravi', 'notes.capture', { kind: 'point', text: 'Me too' }, 'forbidden');
    d.refuse('ravi', 'notes.grant', { personId: 'ravi', granted: true }, 'forbidden');
    d.must('mod', 'notes.grant', { personId: 'ravi', granted: true });
    expect(mayTakeNotes(d.state, PEOPLE.ravi)).toBe(true);
    d.must('ravi', 'notes.capture', { kind: 'point', text: 'Use community radio' });
    d.refuse('mod', 'notes.grant', { personId: 'ravi', granted: true }, 'conflict');
    d.must('mod', 'notes.grant', { personId: 'ravi', granted: false });
    d.refuse('ravi', 'notes.capture', { kind: 'point', text: 'Again' }, 'forbidden');
    d.refuse('screen', 'notes.capture', { kind: 'point', text: 'The stage only watches' }, 'forbidden');
    expect(d.state.notes.captures.map((c) => c.by.id)).toEqual(['mod', 'nia', 'ravi']);
  });

  it('N2: a capture is linked to the speaker’s turn in progress and to the segment', () => {
    const d = plenary();
    const turn = d.state.floor.current!;
    d.tick(30_000).must('nia', 'notes.capture', { kind: 'practice', text: 'Mobile money for families' });
    expect(d.state.notes.captures[0]).toMatchObject({
      segmentId: 's3',
      speaker: { id: 'amara', name: 'Amara' },
      turnStartedAt: turn.startedAt,
      at: d.now,
      editedAt: null,
    });
  });

  it('N2: just after the turn ends, the capture goes to the turn just ended; `unlinked` ties it to no one', () => {
    const d = plenary();
    const startedAt = d.state.floor.current!.startedAt;
    d.tick(MINUTE).must('mod', 'floor.end', {});
    d.must('nia', 'notes.capture', { kind: 'point', text: 'Late note' });
    d.must('nia', 'notes.capture', { kind: 'point', text: 'General remark', unlinked: true });
    expect(d.state.notes.captures.map((c) => [c.speaker?.id ?? null, c.turnStartedAt])).toEqual([
      ['amara', startedAt],
      [null, null],
    ]);
    // The turn is found in the history by person and start.
    expect(d.state.floor.history.some((t) => t.person.id === 'amara' && t.startedAt === startedAt)).toBe(true);
  });

  it('N2: a turn of an earlier segment is not linked to a note of this one', () => {
    const d = plenary();
    d.must('mod', 'agenda.next', {});
    d.must('nia', 'notes.capture', { kind: 'point', text: 'Closing thought' });
    expect(d.state.notes.captures[0]).toMatchObject({ segmentId: 's4', speaker: null });
  });

  it('N3: the note-taker or a moderator edits or removes a note; nobody else', () => {
    const d = plenary();
    d.must('nia', 'notes.capture', { kind: 'point', text: 'Typo hre' });
    const id = d.state.notes.captures[0]!.id;
    d.refuse('amara', 'notes.edit', { captureId: id, text: 'Mine now' }, 'forbidden');
    d.refuse('mod', 'notes.edit', { captureId: id, text: 'Typo hre' }, 'conflict');
    d.tick(5_000).must('nia', 'notes.edit', { captureId: id, text: 'Typo here' });
    expect(d.state.notes.captures[0]).toMatchObject({ text: 'Typo here', editedAt: d.now });
    d.refuse('mod', 'notes.remove', { captureId: 999 }, 'not_found');
    d.must('mod', 'notes.remove', { captureId: id });
    expect(d.state.notes.captures).toEqual([]);
  });

  it('N4: notes are taken while the event is live', () => {
    const before = EventDriver.created();
    before.refuse('mod', 'notes.capture', { kind: 'point', text: 'Too early' }, 'not_started');
    const after = plenary();
    after.must('mod', 'event.end', {});
    after.refuse('mod', 'notes.capture', { kind: 'point', text: 'Too late' }, 'ended');
  });
});
