/**
 * What a browser receives of the questions (QA7, QA8, B11): a question held for approval, or
 * declined, reaches moderators and its asker only; an anonymous question's asker is nobody to
 * everyone but moderators and the asker. Kept apart from the rest of the projection, which calls
 * it: `projectQuestionEntry` for entries, `projectQuestions` for the state.
 */
import type { Actor, Command, Entry } from './protocol.ts';
import type { Applied } from './reducer/index.ts';
import { ANONYMOUS, isPublished } from './reducer/questions.ts';
import type { EventState, PersonRef, Question } from './state.ts';

/** Who a projection is for (as `Audience` in projection.ts, which imports this file). */
interface Viewer {
  role: string;
  personId: string;
}

/** The one audience that sees every question as it is: moderators (B11); note-takers do not. */
export const MODERATORS = { role: 'moderator', personId: '' } as const;

/** Who an approval and a refusal come from for the audiences that never saw the question: nobody. */
const NOBODY: Actor = { id: 'system', role: 'system', name: '', community: '', region: 'other', country: '' };

/** The actor of an anonymous question's `questions.ask` for everyone but moderators and the asker. */
const ANONYMOUS_ACTOR: Actor = { ...ANONYMOUS, role: 'participant' };

/** What projecting an old question entry needs beyond the state; ids only, never content. */
export class QuestionRedactions {
  /** Questions held for approval when asked (QA7): their `questions.ask` is nobody's but moderators' and the asker's. */
  readonly held = new Set<number>();
  /** Dismissals that declined a held question (QA7), by seq. */
  readonly declines = new Set<number>();
  /** Anonymous questions everyone saw, and who asked: a purge names them for the browsers (B11). */
  readonly anonymousAskers = new Map<number, string>();

  record(entry: Entry, applied: Applied): void {
    const { command } = entry;
    if (command.type === 'questions.ask') {
      const q = applied.state.questions.items.find((x) => x.id === entry.seq);
      if (q?.status === 'pending') this.held.add(entry.seq);
      else if (q?.anonymous) this.anonymousAskers.set(q.id, q.author.id);
    } else if (command.type === 'questions.dismiss') {
      const q = applied.state.questions.items.find((x) => x.id === command.payload.questionId);
      if (q?.status === 'declined') this.declines.add(entry.seq);
    } else if (command.type === 'questions.approve') {
      const q = applied.state.questions.items.find((x) => x.id === command.payload.questionId);
      if (q?.anonymous) this.anonymousAskers.set(q.id, q.author.id);
    }
  }
}

function seesAll(viewer: Viewer): boolean {
  return viewer.role === 'moderator';
}

function asks(q: Question, viewer: Viewer): boolean {
  return viewer.personId !== '' && q.author.id === viewer.personId;
}

/** A question's asker as `viewer` may see them. */
function askerFor(q: Question, viewer: Viewer): PersonRef {
  return q.anonymous && !seesAll(viewer) && !asks(q, viewer) ? ANONYMOUS : q.author;
}

/** Does `personId` see a question of their own that others do not (held, declined, or anonymous)? */
export function hasOwnQuestion(state: EventState, personId: string): boolean {
  return state.questions.items.some((q) => q.author.id === personId && (q.anonymous || !isPublished(q)));
}

/** The state's questions as `viewer` receives them: held and declined ones gone, anonymous askers nobody (B11). */
export function projectQuestions(state: EventState, viewer: Viewer): EventState {
  if (seesAll(viewer) || !state.questions.items.some((q) => q.anonymous || !isPublished(q))) return state;
  const items = state.questions.items.flatMap((q) => {
    if (asks(q, viewer)) return [q];
    if (!isPublished(q)) return [];
    return q.anonymous ? [{ ...q, author: ANONYMOUS }] : [q];
  });
  return { ...state, questions: { ...state.questions, items } };
}

function refused(entry: Entry): Entry {
  return { seq: entry.seq, at: entry.at, actor: NOBODY, command: { type: 'entry.refused', payload: {} } };
}

/**
 * A question entry that `viewer` receives as another one (B11), against the event `now`, or
 * null: a held question's ask and its declining become refusals from nobody, its approval the
 * question published. `masked` is how the projection shows a person (forgotten, the stage's view).
 */
export function projectQuestionEntry(
  entry: Entry,
  now: EventState,
  redactions: QuestionRedactions,
  viewer: Viewer,
  masked: (person: PersonRef) => PersonRef,
): Entry | null {
  if (seesAll(viewer)) return null;
  const { command } = entry;
  switch (command.type) {
    // Held: nothing of it, not even that it exists, until a moderator approves it (QA7).
    case 'questions.ask':
      return entry.actor.id !== viewer.personId && redactions.held.has(entry.seq) ? refused(entry) : null;
    case 'questions.approve': {
      const q = now.questions.items.find((x) => x.id === command.payload.questionId);
      // Removed with its asker since (S50): nothing of it is anyone's now.
      if (!q) return refused(entry);
      const { id, text, askedAt, segmentId, anonymous } = q;
      const author = masked(askerFor(q, viewer));
      return {
        seq: entry.seq,
        at: entry.at,
        actor: NOBODY,
        command: { type: 'questions.published', payload: { question: { id, text, author, askedAt, segmentId, anonymous } } },
      };
    }
    case 'questions.dismiss': {
      if (!redactions.declines.has(entry.seq)) return null;
      const q = now.questions.items.find((x) => x.id === command.payload.questionId);
      return q && asks(q, viewer) ? null : refused(entry);
    }
    default:
      return null;
  }
}

/**
 * Whether moderators receive `entry` otherwise than everyone (B11), and who else does: the asker
 * of a held or anonymous question, or of the held question a dismissal declined. A node projects
 * such an entry once more for moderators, and once for that asker, as for a voter (B7).
 */
export function questionAudiences(entry: Entry, now: EventState, redactions: QuestionRedactions): { asker: Viewer | null } | null {
  const { command } = entry;
  if (command.type === 'questions.approve') return { asker: null };
  if (command.type === 'questions.ask' && (redactions.held.has(entry.seq) || command.payload.anonymous)) {
    return { asker: entry.actor.role === 'moderator' ? null : { role: entry.actor.role, personId: entry.actor.id } };
  }
  if (command.type === 'questions.dismiss' && redactions.declines.has(entry.seq)) {
    const q = now.questions.items.find((x) => x.id === command.payload.questionId);
    return { asker: q ? { role: 'participant', personId: q.author.id } : null };
  }
  return null;
}

/** The asker of an anonymous question's `questions.ask` as `viewer` sees them: nobody, unless they see all or asked it (QA8). */
export function askerOf(entry: Entry, viewer: Viewer): Actor | null {
  const { command } = entry;
  if (command.type !== 'questions.ask' || !command.payload.anonymous || seesAll(viewer) || entry.actor.id === viewer.personId) return null;
  return ANONYMOUS_ACTOR;
}

/** A purge as a browser receives it: naming the anonymous questions it removes, which the browser holds as nobody's (B11). */
export function withAnonymousQuestions(command: Command, redactions: QuestionRedactions): Command {
  if (command.type !== 'people.remove' || !command.payload.purge) return command;
  const { personId } = command.payload;
  const anonymousQuestions = [...redactions.anonymousAskers].flatMap(([id, asker]) => (asker === personId ? [id] : []));
  return anonymousQuestions.length === 0 ? command : { ...command, payload: { ...command.payload, anonymousQuestions } };
}
