/**
 * The one permission table: which role may send which command. The client hides what a role
 * may not do. Types only from protocol.ts: the browser bundle must not pull in the schemas.
 */
import type { Role } from './constants.ts';
import type { CommandType } from './protocol.ts';

export const PARTICIPANT_COMMANDS: ReadonlySet<CommandType> = new Set<CommandType>([
  'queue.raise',
  'queue.pointOfOrder',
  'queue.lower',
  // Only their own turn: the reducer checks that the sender holds the floor.
  'floor.end',
  'chat.send',
  'contributions.post',
  // Only their own contribution: the reducer checks the author (K5).
  'contributions.edit',
  'contributions.endorse',
  // Only note-takers by role or by a moderator's grant: the reducer checks (N1).
  'notes.capture',
  'notes.edit',
  'notes.remove',
  'questions.ask',
  'questions.upvote',
  'proposals.vote',
]);

/** Commands only the server itself appends (actor `system`), never accepted from a socket. */
export const SERVER_ONLY: ReadonlySet<CommandType> = new Set([
  'event.create',
  'people.join',
  'people.joined',
  'people.counted',
  'people.forget',
  'proposals.tally',
  'proposals.answered',
  'proposals.revealed',
  'entry.refused',
  'questions.published',
]);

/** Moderators and note-takers: they let people in from the lobby and see the flags (S46, S47). */
export function isStaff(role: Role): boolean {
  return role === 'moderator' || role === 'noteTaker';
}

/** May a person of this role send this command at all? (Ownership rules live in the reducer.) */
export function canSend(role: Role, type: CommandType): boolean {
  switch (role) {
    case 'moderator':
      return !SERVER_ONLY.has(type);
    case 'speaker':
    case 'noteTaker':
    case 'participant':
      return PARTICIPANT_COMMANDS.has(type);
    case 'stage':
      return false;
    default: {
      const unknown: never = role;
      throw new Error(`unknown role ${String(unknown)}`);
    }
  }
}
