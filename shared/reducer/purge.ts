/**
 * A moderator removing someone together with everything they posted (S50), in the one
 * `people.remove { purge: true }` entry: with the same mechanics a moderator would use item by
 * item (a hide for contributions, a delete for chat), so that the projection already redacts
 * what it leaves, and with nothing of it left in the state for questions and notes.
 */
import type { EventState } from '../state.ts';
import { asDeleted } from './chat.ts';
import type { EntryOf } from './common.ts';
import { asHidden } from './contributions.ts';
import { ANONYMOUS_ID } from './questions.ts';

/** What a purge writes as the reason of the contributions it hides when the moderator gave none. */
export const PURGE_REASON = 'removed with their author';

export function withPostsDeleted(state: EventState, entry: EntryOf<'people.remove'>): EventState {
  const { personId, reason } = entry.command.payload;
  const theirs = (ref: { id: string }) => ref.id === personId;
  const hidden = { reason: reason || PURGE_REASON, at: entry.at, byId: entry.actor.id };
  // A browser holds their anonymous questions as nobody's: the projected entry names them (B11).
  // A node holds no question as nobody's, so what a moderator would send there changes nothing.
  const anonymous = new Set(entry.command.payload.anonymousQuestions ?? []);
  const questions = state.questions.items.filter((q) => !theirs(q.author) && !(q.author.id === ANONYMOUS_ID && anonymous.has(q.id)));
  const onScreen = questions.some((q) => q.id === state.questions.onScreen) ? state.questions.onScreen : null;
  return {
    ...state,
    chat: {
      ...state.chat,
      messages: state.chat.messages.map((m) => (theirs(m.author) && !m.deleted ? asDeleted(m) : m)),
      // Deleted with the rest, so unpinned (CP2).
      pinned: state.chat.pinned && theirs(state.chat.pinned.author) ? null : state.chat.pinned,
    },
    contributions: { items: state.contributions.items.map((c) => (theirs(c.author) && !c.hidden ? asHidden(c, hidden) : c)) },
    questions: { ...state.questions, items: questions, onScreen },
    notes: { ...state.notes, captures: state.notes.captures.filter((c) => !theirs(c.by)) },
  };
}
