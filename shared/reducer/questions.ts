/**
 * Questions for the panel: participants ask and upvote during the panel; the moderator puts
 * one on screen, then marks it answered (with the panelist) or dismisses it (QA1–QA6). While
 * questions are moderated a new one waits for a moderator's approval (QA7); one asked anonymously
 * names its asker to moderators only (QA8, the projection hides it: B11).
 */
import { LIMITS } from '../constants.ts';
import type { EventState, PersonRef, Question } from '../state.ts';
import { currentSegment, type EntryOf, type Outcome, personOf, type Rejection, reject, requireLive } from './common.ts';

/**
 * Who an anonymous question's asker is to everyone but moderators and the asker (QA8, B11): no
 * id, no name, no community or country. No person's id is this one (person ids are random, roster
 * ids are the template's, which refuses it).
 */
export const ANONYMOUS_ID = 'anonymous';
export const ANONYMOUS: PersonRef = { id: ANONYMOUS_ID, name: '', community: '', region: 'other', country: '' };

/** Does everyone see this question (not waiting for approval, not declined: QA7)? */
export function isPublished(q: Question): boolean {
  return q.status !== 'pending' && q.status !== 'declined';
}

function found(state: EventState, questionId: number): Question | Rejection {
  return state.questions.items.find((q) => q.id === questionId) ?? reject('not_found', 'no such question');
}

function stillOpen(q: Question): Rejection | null {
  if (q.status === 'pending') return reject('conflict', 'that question waits for a moderator’s approval');
  return q.status === 'open' ? null : reject('conflict', `that question was ${q.status}`);
}

function withQuestion(state: EventState, questionId: number, update: (q: Question) => Question): EventState {
  const items = state.questions.items.map((q) => (q.id === questionId ? update(q) : q));
  return { ...state, questions: { ...state.questions, items } };
}

/** Questions are taken while a panel segment runs (QA1). */
export function askQuestion(state: EventState, entry: EntryOf<'questions.ask'>): Outcome {
  const notLive = requireLive(state);
  if (notLive) return notLive;
  const segment = currentSegment(state);
  if (segment?.kind !== 'panel') return reject('conflict', 'questions are taken during the panel');
  const { items } = state.questions;
  // Dismissed and declined questions free their place: a moderator setting spam aside makes room again (QA1, QA7).
  if (items.filter((q) => q.status !== 'dismissed' && q.status !== 'declined').length >= LIMITS.questions) {
    return reject('conflict', `an event holds at most ${LIMITS.questions} questions not dismissed`);
  }
  // A replica holds someone's anonymous questions as nobody's: the node counted them (QA1, QA8).
  if (entry.actor.id !== ANONYMOUS_ID && items.filter((q) => q.author.id === entry.actor.id).length >= LIMITS.questionsPerPerson) {
    return reject('conflict', `a person may ask at most ${LIMITS.questionsPerPerson} questions`);
  }
  // A moderator's own question needs nobody's approval (QA7). A browser receives an anonymous ask
  // only once it is open to everyone (B11): held asks reach it as refusals.
  const held = state.questions.moderated && entry.actor.role !== 'moderator' && entry.actor.id !== ANONYMOUS_ID;
  const question: Question = {
    id: entry.seq,
    text: entry.command.payload.text,
    author: personOf(entry.actor),
    askedAt: entry.at,
    segmentId: segment.id,
    votes: 0,
    voters: [],
    status: held ? 'pending' : 'open',
    panelist: null,
    closedAt: null,
    anonymous: entry.command.payload.anonymous === true,
    approvedAt: null,
  };
  return { ...state, questions: { ...state.questions, items: [...items, question] } };
}

/** One upvote per person per question, not on one's own, open questions only (QA2). */
export function upvoteQuestion(state: EventState, entry: EntryOf<'questions.upvote'>): Outcome {
  const q = found(state, entry.command.payload.questionId);
  if ('rejected' in q) return q;
  const closed = stillOpen(q);
  if (closed) return closed;
  if (q.author.id === entry.actor.id) return reject('forbidden', 'you cannot upvote your own question');
  if (q.voters.includes(entry.actor.id)) return reject('already_voted', 'you have already upvoted this question');
  return withQuestion(state, q.id, (x) => ({ ...x, votes: x.votes + 1, voters: [...x.voters, entry.actor.id] }));
}

/** Put an open question on screen (replacing the one there), or clear the screen with null (QA4). */
export function showQuestion(state: EventState, entry: EntryOf<'questions.show'>): Outcome {
  const { questionId } = entry.command.payload;
  if (questionId === null) {
    if (state.questions.onScreen === null) return reject('conflict', 'no question is on screen');
    return { ...state, questions: { ...state.questions, onScreen: null } };
  }
  const q = found(state, questionId);
  if ('rejected' in q) return q;
  const closed = stillOpen(q);
  if (closed) return closed;
  if (state.questions.onScreen === q.id) return reject('conflict', 'that question is already on screen');
  return { ...state, questions: { ...state.questions, onScreen: q.id } };
}

/** Close a question: it leaves the screen, its voters list is dropped, its count stays (QA5). */
function close(state: EventState, q: Question, at: number, status: 'answered' | 'dismissed', panelist: PersonRef | null): EventState {
  const next = withQuestion(state, q.id, (x) => ({ ...x, status, panelist, voters: [], closedAt: at }));
  return state.questions.onScreen === q.id ? { ...next, questions: { ...next.questions, onScreen: null } } : next;
}

/** The panelist named, else the roster member holding the floor, else nobody (QA5). */
function answeringPanelist(state: EventState, panelistId: string | undefined): PersonRef | null | Rejection {
  const id = panelistId ?? state.floor.current?.person.id;
  const member = id === undefined ? undefined : state.roster.find((p) => p.id === id);
  if (!member) return panelistId === undefined ? null : reject('not_found', 'that panelist is not on the roster');
  return { id: member.id, name: member.name, community: member.community, region: member.region, country: member.country };
}

export function answerQuestion(state: EventState, entry: EntryOf<'questions.answer'>): Outcome {
  const { questionId, panelistId } = entry.command.payload;
  const q = found(state, questionId);
  if ('rejected' in q) return q;
  const closed = stillOpen(q);
  if (closed) return closed;
  const panelist = answeringPanelist(state, panelistId);
  if (panelist && 'rejected' in panelist) return panelist;
  return close(state, q, entry.at, 'answered', panelist);
}

export function dismissQuestion(state: EventState, entry: EntryOf<'questions.dismiss'>): Outcome {
  const q = found(state, entry.command.payload.questionId);
  if ('rejected' in q) return q;
  // A held question dismissed is declined: nobody but moderators and its asker ever sees it (QA7).
  if (q.status === 'pending') return withQuestion(state, q.id, (x) => ({ ...x, status: 'declined', closedAt: entry.at }));
  const closed = stillOpen(q);
  if (closed) return closed;
  return close(state, q, entry.at, 'dismissed', null);
}

/** Hold new questions for approval, or take them as they come (QA7); pending ones stay pending. */
export function moderateQuestions(state: EventState, entry: EntryOf<'questions.moderate'>): Outcome {
  const { moderated } = entry.command.payload;
  if (state.questions.moderated === moderated) return reject('conflict', moderated ? 'questions are already moderated' : 'questions are not moderated');
  return { ...state, questions: { ...state.questions, moderated } };
}

/** A moderator approves a held question: everyone sees it, open for votes (QA7). */
export function approveQuestion(state: EventState, entry: EntryOf<'questions.approve'>): Outcome {
  const q = found(state, entry.command.payload.questionId);
  if ('rejected' in q) return q;
  if (q.status !== 'pending') return reject('conflict', `that question was ${q.status === 'declined' ? 'dismissed' : 'approved already'}`);
  return withQuestion(state, q.id, (x) => ({ ...x, status: 'open', approvedAt: entry.at }));
}

/**
 * An approval as everyone but moderators receives it (B11): the question they never saw while
 * it waited, in its place by id; its asker's own replica holds it already and opens it.
 */
export function publishQuestion(state: EventState, entry: EntryOf<'questions.published'>): Outcome {
  const { question } = entry.command.payload;
  const { items } = state.questions;
  const held = items.find((q) => q.id === question.id);
  if (held) {
    if (held.status !== 'pending') return reject('conflict', 'that question is published already');
    return withQuestion(state, held.id, (x) => ({ ...x, status: 'open', approvedAt: entry.at }));
  }
  const published: Question = { ...question, votes: 0, voters: [], status: 'open', panelist: null, closedAt: null, approvedAt: entry.at };
  const at = items.findIndex((q) => q.id > question.id);
  const next = at < 0 ? [...items, published] : [...items.slice(0, at), published, ...items.slice(at)];
  return { ...state, questions: { ...state.questions, items: next } };
}

/** Questions waiting for a moderator's approval, in the order asked (QA7). */
export function pendingQuestions(state: EventState): Question[] {
  return state.questions.items.filter((q) => q.status === 'pending');
}

/**
 * Whom "Answered" credits unless the moderator picks someone (issue 15.4): the panelist who has
 * the floor now, else the panelist of the current segment who spoke last in it, else nobody.
 * It follows the floor, so the console's choice is never the one of when the list was drawn.
 */
export function panelistToCredit(state: EventState): string | null {
  const segment = currentSegment(state);
  if (!segment) return null;
  const onPanel = new Set(segment.panel.map((p) => p.personId));
  const now = state.floor.current?.person.id;
  if (now !== undefined && onPanel.has(now)) return now;
  const last = state.floor.history.findLast((turn) => turn.segmentId === segment.id && onPanel.has(turn.person.id));
  return last?.person.id ?? null;
}

/**
 * A panel that ends leaves no question open (QA9): the agenda moved on, or the event ended, so
 * what nobody answered is closed as not reached, off screen, and listed as such in the outcome.
 */
export function closeUnreached(state: EventState, segmentId: string, at: number): EventState {
  if (!state.questions.items.some((q) => q.segmentId === segmentId && q.status === 'open')) return state;
  const items = state.questions.items.map((q) =>
    q.segmentId === segmentId && q.status === 'open' ? { ...q, status: 'notReached' as const, voters: [], closedAt: at } : q,
  );
  const onScreen = items.find((q) => q.id === state.questions.onScreen)?.status === 'open' ? state.questions.onScreen : null;
  return { ...state, questions: { ...state.questions, items, onScreen } };
}

/** Open questions by votes (most first), ties in the order they were asked (QA3). */
export function openQuestionsByVotes(state: EventState): Question[] {
  return state.questions.items.filter((q) => q.status === 'open').sort((a, b) => b.votes - a.votes || a.id - b.id);
}
