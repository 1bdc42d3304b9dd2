/**
 * People leaving an event: removed by a moderator (`people.remove`), or forgotten when they
 * delete their registration (`people.forget`, stamped by the server). Tokens and profiles
 * live in the auth store; these entries make every screen agree on what the event shows.
 */
import type { EventState, PersonRef } from '../state.ts';
import { type EntryOf, type Outcome, reject } from './common.ts';
import { endTurn } from './floor.ts';
import { withPostsDeleted } from './purge.ts';
import { withGroupMoved, withoutCountryOf } from './registrations.ts';

/** The name a forgotten person is shown under, everywhere in the event. */
export const FORMER_PARTICIPANT = 'Former participant';

/**
 * How a forgotten person is shown wherever a record names them (S9, X3): name, community and
 * country masked, consents withdrawn; the id and region stay (and an actor's role).
 */
export function asFormerParticipant<T extends PersonRef>(ref: T): T {
  return { ...ref, name: FORMER_PARTICIPANT, community: '', country: '', consent: false, stageConsent: false };
}

/** Their hands leave the queue and their turn ends now, as when they lower and yield. */
function withoutPerson(state: EventState, personId: string, at: number): EventState {
  const hands = state.queue.hands.filter((h) => h.person.id !== personId);
  const lowered: EventState = hands.length === state.queue.hands.length ? state : { ...state, queue: { ...state.queue, hands } };
  return lowered.floor.current?.person.id === personId ? endTurn(lowered, at) : lowered;
}

/**
 * S5: a moderator removes someone; a moderator cannot be removed (revoke and re-issue their link
 * instead). With `purge`, everything they posted goes too, in the same entry (S50).
 */
export function removePerson(state: EventState, entry: EntryOf<'people.remove'>): Outcome {
  const { personId, purge } = entry.command.payload;
  if (state.roster.some((p) => p.id === personId && p.role === 'moderator')) {
    return reject('forbidden', 'a moderator cannot be removed: revoke their link instead');
  }
  const removed = withoutPerson(state, personId, entry.at);
  return purge ? withPostsDeleted(removed, entry) : removed;
}

/**
 * S9: the person's name, community and country leave the state: hands and turn as in a
 * removal, then every record that names them (turns, chat, contributions, notes, questions)
 * shows "Former participant". The region stays: the speaking time per region it feeds is
 * an aggregate that already counts them; their country's count moves to "Other countries" (J4).
 * People on the programme are managed by the organisers.
 */
export function forgetPerson(state: EventState, entry: EntryOf<'people.forget'>): Outcome {
  const { personId } = entry.command.payload;
  if (state.roster.some((p) => p.id === personId)) return reject('forbidden', 'people on the programme are managed by the organisers');
  const { country, community } = entry.command.payload;
  const left = withoutCountryOf(withoutPerson(state, personId, entry.at), country);
  return withPeopleForgotten({ ...left, privacy: withGroupMoved(left.privacy, community, country, -1) }, new Set([personId]));
}

/**
 * Every record of the state that names one of `forgotten` shows "Former participant" (S9):
 * hands, turns, chat, contributions and their edits, notes, questions. The forget entry
 * itself finds no hand or turn left; the projection (shared/projection.ts) also masks what a
 * forgotten person's entries added afterwards.
 */
export function withPeopleForgotten(s: EventState, forgotten: ReadonlySet<string>): EventState {
  if (forgotten.size === 0) return s;
  return withPeopleShown(s, (ref) => (forgotten.has(ref.id) ? asFormerParticipant(ref) : ref));
}

/**
 * Every record of the state that names a person, as `show` shows them: hands, turns, chat (and its pin),
 * contributions and their edits, notes, questions. The one list of where a state names people,
 * for erasure (S9) and for what the stage may show (S17).
 */
export function withPeopleShown(s: EventState, show: <T extends PersonRef>(ref: T) => T): EventState {
  return {
    ...s,
    queue: { ...s.queue, hands: s.queue.hands.map((h) => ({ ...h, person: show(h.person) })) },
    floor: {
      ...s.floor,
      current: s.floor.current && { ...s.floor.current, person: show(s.floor.current.person) },
      last: s.floor.last && { ...s.floor.last, person: show(s.floor.last.person) },
      history: s.floor.history.map((t) => ({ ...t, person: show(t.person) })),
    },
    chat: {
      ...s.chat,
      messages: s.chat.messages.map((m) => ({ ...m, author: show(m.author) })),
      pinned: s.chat.pinned && { ...s.chat.pinned, author: show(s.chat.pinned.author) },
    },
    contributions: {
      ...s.contributions,
      items: s.contributions.items.map((c) => ({
        ...c,
        author: show(c.author),
        edits: c.edits.map((e) => {
          // An edit keeps a name only: its author's edits are shown as the author is.
          const editor: PersonRef =
            e.byId === c.author.id ? { ...c.author, name: e.byName } : { id: e.byId, name: e.byName, community: '', region: 'other', country: '' };
          const byName = show(editor).name;
          return byName === e.byName ? e : { ...e, byName };
        }),
      })),
    },
    notes: { ...s.notes, captures: s.notes.captures.map((c) => ({ ...c, by: show(c.by), speaker: c.speaker && show(c.speaker) })) },
    questions: { ...s.questions, items: s.questions.items.map((q) => ({ ...q, author: show(q.author), panelist: q.panelist && show(q.panelist) })) },
  };
}
