/** The one permission table: which role may send which command. The client hides what a role may not do. */
import type { Role } from './constants.ts';
import { COMMAND_TYPES, type CommandType } from './protocol.ts';

const PARTICIPANT: readonly CommandType[] = [
  'queue.raise',
  'queue.pointOfOrder',
  'queue.lower',
  // Only their own turn: the reducer checks that the sender holds the floor.
  'floor.end',
  'chat.send',
];

/** `event.create` is absent on purpose: only the server itself appends it. */
const MODERATOR: readonly CommandType[] = COMMAND_TYPES.filter((t) => t !== 'event.create');

export const PERMISSIONS: Readonly<Record<Role, ReadonlySet<CommandType>>> = {
  moderator: new Set(MODERATOR),
  speaker: new Set(PARTICIPANT),
  noteTaker: new Set(PARTICIPANT),
  participant: new Set(PARTICIPANT),
  stage: new Set(),
};

/** May a person of this role send this command at all? (Ownership rules live in the reducer.) */
export function canSend(role: Role, type: CommandType): boolean {
  return PERMISSIONS[role].has(type);
}
