/**
 * Capture during the plenaries: moderators and note-takers write down best practices and
 * key points as they are said, each linked to the speaker's turn and the segment (N1–N5).
 */
import { LIMITS } from '../constants.ts';
import type { Actor } from '../protocol.ts';
import type { Capture, EventState, PersonRef } from '../state.ts';
import { currentSegment, type EntryOf, type Outcome, personOf, type Rejection, reject, requireLive } from './common.ts';

/** Moderators and note-takers by role take notes; so does a participant a moderator granted it to (N1). */
export function mayTakeNotes(state: EventState, actor: Pick<Actor, 'id' | 'role'>): boolean {
  return actor.role === 'moderator' || actor.role === 'noteTaker' || (actor.role !== 'stage' && state.notes.takers.includes(actor.id));
}

export function grantNotes(state: EventState, entry: EntryOf<'notes.grant'>): Outcome {
  const { personId, granted } = entry.command.payload;
  const has = state.notes.takers.includes(personId);
  if (granted === has) return reject('conflict', granted ? 'that person already takes notes' : 'that person does not take notes');
  if (granted && state.notes.takers.length >= LIMITS.noteTakers) return reject('conflict', `at most ${LIMITS.noteTakers} people may be granted note-taking`);
  const takers = granted ? [...state.notes.takers, personId] : state.notes.takers.filter((id) => id !== personId);
  return { ...state, notes: { ...state.notes, takers } };
}

/** The turn a capture is linked to: the one in progress, else the one just ended in this segment (N2). */
function linkedTurn(state: EventState, segmentId: string): { speaker: PersonRef; turnStartedAt: number } | null {
  const turn = state.floor.current ?? state.floor.last;
  if (!turn || turn.segmentId !== segmentId) return null;
  return { speaker: turn.person, turnStartedAt: turn.startedAt };
}

export function captureNote(state: EventState, entry: EntryOf<'notes.capture'>): Outcome {
  if (!mayTakeNotes(state, entry.actor)) return reject('forbidden', 'only moderators and note-takers capture notes');
  const notLive = requireLive(state);
  if (notLive) return notLive;
  const segment = currentSegment(state);
  if (!segment) return reject('conflict', 'no segment is running');
  if (state.notes.captures.length >= LIMITS.captures) return reject('conflict', `an event holds at most ${LIMITS.captures} captured notes`);
  const { kind, text, unlinked } = entry.command.payload;
  const turn = unlinked ? null : linkedTurn(state, segment.id);
  const capture: Capture = {
    id: entry.seq,
    kind,
    text,
    segmentId: segment.id,
    speaker: turn?.speaker ?? null,
    turnStartedAt: turn?.turnStartedAt ?? null,
    by: personOf(entry.actor),
    at: entry.at,
    editedAt: null,
  };
  return { ...state, notes: { ...state.notes, captures: [...state.notes.captures, capture] } };
}

/** Its note-taker (still allowed to take notes) or a moderator may change or remove a capture (N3). */
function ownCapture(state: EventState, actor: Actor, captureId: number): Capture | Rejection {
  const capture = state.notes.captures.find((c) => c.id === captureId);
  if (!capture) return reject('not_found', 'no such note');
  if (actor.role !== 'moderator' && (capture.by.id !== actor.id || !mayTakeNotes(state, actor))) {
    return reject('forbidden', 'only the note-taker who wrote it or a moderator may change a note');
  }
  return capture;
}

export function editNote(state: EventState, entry: EntryOf<'notes.edit'>): Outcome {
  const { captureId, text } = entry.command.payload;
  const capture = ownCapture(state, entry.actor, captureId);
  if ('rejected' in capture) return capture;
  if (capture.text === text) return reject('conflict', 'the edit changes nothing');
  const captures = state.notes.captures.map((c) => (c.id === captureId ? { ...c, text, editedAt: entry.at } : c));
  return { ...state, notes: { ...state.notes, captures } };
}

export function removeNote(state: EventState, entry: EntryOf<'notes.remove'>): Outcome {
  const capture = ownCapture(state, entry.actor, entry.command.payload.captureId);
  if ('rejected' in capture) return capture;
  return { ...state, notes: { ...state.notes, captures: state.notes.captures.filter((c) => c.id !== capture.id) } };
}
