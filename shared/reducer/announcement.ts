/** The announcement to everyone: one banner on every screen until a moderator clears it (AN1, AN2). */
import type { EventState } from '../state.ts';
import { type EntryOf, type Outcome, reject } from './common.ts';

/** AN1: a new announcement replaces the one shown; the same text again: `conflict`. */
export function setAnnouncement(state: EventState, entry: EntryOf<'announcement.set'>): Outcome {
  const { text } = entry.command.payload;
  if (state.announcement?.text === text) return reject('conflict', 'that announcement is shown already');
  return { ...state, announcement: { text, at: entry.at } };
}

/** AN2: clearing takes the banner off every screen; nothing shown: `conflict`. */
export function clearAnnouncement(state: EventState, _entry: EntryOf<'announcement.clear'>): Outcome {
  if (state.announcement === null) return reject('conflict', 'there is no announcement to clear');
  return { ...state, announcement: null };
}
