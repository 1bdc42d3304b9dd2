/**
 * Questions for the panel: participants ask and upvote during the panel; the moderator puts
 * one on screen, then marks it answered (with the panelist) or dismisses it (QA1–QA7).
 */
import { LIMITS } from '../constants.ts';
import type { EventState, PersonRef, Question } from '../state.ts';
import { currentSegment, type EntryOf, type Outcome, personOf, type Rejection, reject, requireLive } from './common.ts';

function found(state: EventState, questionId: number): Question | Rejection {
  return state.questions.items.find((q) => q.id === questionId) ?? reject('not_found', 'no such question');
}

function stillOpen(q: Question): Rejection | null {
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
  // Dismissed questions free their place: a moderator setting spam aside makes room again (QA1).
  if (items.filter((q) => q.status !== 'dismissed').length >= LIMITS.questions) {
    return reject('conflict', `an event holds at most ${LIMITS.questions} questions not dismissed`);
  }
  if (items.filter((q) => q.author.id === entry.actor.id).length >= LIMITS.questionsPerPerson) {
    return reject('conflict', `a person may ask at most ${LIMITS.questionsPerPerson} questions`);
  }
  const question: Question = {
    id: entry.seq,
    text: entry.command.payload.text,
    author: personOf(entry.actor),
    askedAt: entry.at,
    segmentId: segment.id,
    votes: 0,
    voters: [],
    status: 'open',
    panelist: null,
    closedAt: null,
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
  const closed = stillOpen(q);
  if (closed) return closed;
  return close(state, q, entry.at, 'dismissed', null);
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
 * A panel that ends leaves no question open (QA8): the agenda moved on, or the event ended, so
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
