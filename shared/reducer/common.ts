/** What every slice of the reducer shares: the outcome type and small pure helpers. */
import type { ErrorCode } from '../constants.ts';
import type { Actor, Command, CommandType, Entry, GavelError } from '../protocol.ts';
import type { EventState, PersonRef, Segment } from '../state.ts';

export interface Rejection {
  readonly rejected: GavelError;
}

/** A slice handler returns the next state, or a rejection that leaves the state untouched. */
export type Outcome = EventState | Rejection;

export type EntryOf<T extends CommandType> = Omit<Entry, 'command'> & { command: Extract<Command, { type: T }> };

export function reject(code: ErrorCode, message: string): Rejection {
  return { rejected: { code, message } };
}

export function isRejection(outcome: Outcome): outcome is Rejection {
  return 'rejected' in outcome;
}

export function personOf(actor: Actor): PersonRef {
  const person: PersonRef = { id: actor.id, name: actor.name, community: actor.community, region: actor.region, country: actor.country };
  // Consents travel with the person so the outcome document and the stage name only those who agreed (K8, S17).
  if (actor.consent !== undefined) person.consent = actor.consent;
  if (actor.stageConsent !== undefined) person.stageConsent = actor.stageConsent;
  return person;
}

export function currentSegment(state: EventState): Segment | undefined {
  return state.agenda.segments[state.agenda.current];
}

/** Replace the segment at `index` with `update(segment)`. */
export function withSegment(state: EventState, index: number, update: (s: Segment) => Segment): EventState {
  const segments = state.agenda.segments.map((s, i) => (i === index ? update(s) : s));
  return { ...state, agenda: { ...state.agenda, segments } };
}

export function requireLive(state: EventState): Rejection | null {
  if (state.status === 'scheduled') return reject('not_started', 'the event has not started yet');
  if (state.status === 'ended') return reject('ended', 'the event has ended');
  return null;
}
