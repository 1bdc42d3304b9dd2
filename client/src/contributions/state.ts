/**
 * Signals for contributions, notes, questions and proposals, derived from the replicated
 * state in `../store.ts`. Nothing here is a local flag: every button reads these.
 */
import { computed, signal } from '@preact/signals';
import type { VoteAnswer } from '../../../shared/constants.ts';
import { mayTakeNotes } from '../../../shared/reducer/notes.ts';
import { openQuestionsByVotes, panelistToCredit, pendingQuestions as pendingOf } from '../../../shared/reducer/questions.ts';
import { currentSegment, eventState, presence, self } from '../store.ts';

export const contributions = computed(() => eventState.value?.contributions.items ?? []);
export const questions = computed(() => eventState.value?.questions ?? { items: [], onScreen: null, moderated: false });
export const proposals = computed(() => eventState.value?.proposals ?? { items: [], onScreen: null });
export const notes = computed(() => eventState.value?.notes ?? { captures: [], takers: [] });

/** Open questions, most votes first (QA3). */
export const openQuestions = computed(() => (eventState.value ? openQuestionsByVotes(eventState.value) : []));
/** Questions waiting for a moderator's approval, in the order asked (QA7): a moderator's replica holds them. */
export const pendingQuestions = computed(() => (eventState.value ? pendingOf(eventState.value) : []));
/** Whom "Answered" credits unless the moderator picks someone: it follows the floor (QA5), once per state for every question row. */
export const creditedPanelist = computed(() => (eventState.value ? panelistToCredit(eventState.value) : null));
export const questionOnScreen = computed(() => questions.value.items.find((q) => q.id === questions.value.onScreen) ?? null);
export const proposalOnScreen = computed(() => proposals.value.items.find((p) => p.id === proposals.value.onScreen) ?? null);

/** Who is online and may answer a vote: everyone but the stage displays (V9); null before the first presence count. */
export const onlineVoters = computed(() => {
  const p = presence.value;
  return p ? Math.max(0, p.total - (p.counts.stage ?? 0)) : null;
});

/** The person's own answer to the proposal on screen, read from the replicated ballots. */
export const myAnswer = computed<VoteAnswer | null>(() => {
  const p = proposalOnScreen.value;
  const me = self.value;
  if (!p || !me || !Object.hasOwn(p.ballots, me.id)) return null;
  return p.ballots[me.id] ?? null;
});

export const canTakeNotes = computed(() => {
  const state = eventState.value;
  const me = self.value;
  return !!state && !!me && mayTakeNotes(state, me);
});

export const inPanel = computed(() => eventState.value?.status === 'live' && currentSegment.value?.kind === 'panel');

/** Which part of the page is shown: the live event, the contributions board, or (moderators) the outcome. */
export type Tab = 'live' | 'contributions' | 'outcome';
export const activeTab = signal<Tab>('live');
