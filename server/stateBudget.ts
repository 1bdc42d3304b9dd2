/**
 * The replicated state's byte budget (S51). Every node holds the state, every join receives
 * it, every replica applies to it: what people post must not grow it without bound, and a
 * command that would is refused before it is appended, never slowly served afterwards.
 *
 * The measure is the size of the posted parts' JSON (contributions, questions, notes,
 * proposals) in UTF-8, computed from the state alone, so every node holding the same state
 * finds the same figure. It is kept cheap by remembering each object's size: the reducer
 * never mutates and keeps what it does not change, so a command re-measures only the items it
 * made, not the whole state.
 */
import type { GavelError } from '../shared/protocol.ts';
import type { EventState } from '../shared/state.ts';

/** The default budget: 4 MB of posts (S51). `STATE_BUDGET_BYTES` changes it. */
export const DEFAULT_STATE_BUDGET_BYTES = 4_000_000;

const sizes = new WeakMap<object, number>();

/** Bytes of `value` as `JSON.stringify` writes it, in UTF-8. */
function jsonBytes(value: unknown): number {
  if (value === null || typeof value !== 'object') return Buffer.byteLength(JSON.stringify(value) ?? 'null');
  const known = sizes.get(value);
  if (known !== undefined) return known;
  let bytes: number;
  if (Array.isArray(value)) {
    bytes = 2 + Math.max(0, value.length - 1);
    for (const item of value) bytes += jsonBytes(item);
  } else {
    let fields = 0;
    bytes = 2;
    for (const [key, field] of Object.entries(value)) {
      if (field === undefined) continue;
      bytes += Buffer.byteLength(JSON.stringify(key)) + 1 + jsonBytes(field);
      fields++;
    }
    bytes += Math.max(0, fields - 1);
  }
  sizes.set(value, bytes);
  return bytes;
}

/**
 * What the budget counts: the JSON of the posted parts. The chat is left out, bounded by its
 * window (C2); the agenda, queue, floor and roster are bounded by their own rules.
 */
export function postedBytes(state: EventState): number {
  return jsonBytes(state.contributions) + jsonBytes(state.questions) + jsonBytes(state.notes) + jsonBytes(state.proposals);
}

/**
 * S51: the refusal of a command that would take the posted parts from `before` to `after` past
 * `budget`. A command that makes them smaller or keeps them as they are always passes, so a
 * moderator can make room; so does anything a moderator does (they run the event and clean up).
 */
export function overBudget(before: EventState, after: EventState, budget: number, role: string): GavelError | null {
  if (role === 'moderator') return null;
  const bytes = postedBytes(after);
  if (bytes <= budget || bytes <= postedBytes(before)) return null;
  const mb = (budget / 1_000_000).toLocaleString('en', { maximumSignificantDigits: 3 });
  return {
    code: 'event_full',
    message: `this event holds as much as it can (${mb} MB of contributions, questions and notes): nothing more can be posted until a moderator removes some`,
  };
}
