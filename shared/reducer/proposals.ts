/**
 * Agreeing on a way forward: the moderator puts proposals on screen one at a time;
 * participants answer agree / disagree / abstain until it closes; the moderator records
 * each one adopted, amended or dropped (V1–V10).
 */
import { LIMITS, type VoteAnswer } from '../constants.ts';
import type { EventState, Proposal, Tally } from '../state.ts';
import { currentSegment, type EntryOf, isRejection, type Outcome, type Rejection, reject, requireLive } from './common.ts';

const NO_ANSWERS: Tally = { agree: 0, disagree: 0, abstain: 0 };

function found(state: EventState, proposalId: number): Proposal | Rejection {
  return state.proposals.items.find((p) => p.id === proposalId) ?? reject('not_found', 'no such proposal');
}

function withProposal(state: EventState, proposalId: number, update: (p: Proposal) => Proposal): EventState {
  const items = state.proposals.items.map((p) => (p.id === proposalId ? update(p) : p));
  return { ...state, proposals: { ...state.proposals, items } };
}

export function addProposal(state: EventState, entry: EntryOf<'proposals.add'>): Outcome {
  if (state.status === 'ended') return reject('ended', 'the event has ended');
  const { items } = state.proposals;
  if (items.length >= LIMITS.proposals) return reject('conflict', `an event holds at most ${LIMITS.proposals} proposals`);
  const proposal: Proposal = {
    id: entry.seq,
    text: entry.command.payload.text,
    status: 'draft',
    segmentId: null,
    ballot: 'secret',
    ballots: {},
    tally: { ...NO_ANSWERS },
    hideResults: false,
    answered: 0,
    result: null,
    amendedText: '',
    openedAt: null,
    closedAt: null,
  };
  return { ...state, proposals: { ...state.proposals, items: [...items, proposal] } };
}

/** A proposal's wording is fixed once it has been put to the vote; later changes are amendments (V1). */
export function editProposal(state: EventState, entry: EntryOf<'proposals.edit'>): Outcome {
  const { proposalId, text } = entry.command.payload;
  const p = found(state, proposalId);
  if ('rejected' in p) return p;
  if (p.status !== 'draft') return reject('conflict', 'a proposal put to the vote can no longer be edited: decide it as amended');
  if (p.text === text) return reject('conflict', 'the edit changes nothing');
  return withProposal(state, p.id, (x) => ({ ...x, text }));
}

/**
 * Put a proposal on screen: a draft opens for answers; a closed one shows its result. While
 * one is open it stays on screen until closed (V2).
 */
export function showProposal(state: EventState, entry: EntryOf<'proposals.show'>): Outcome {
  const { proposalId } = entry.command.payload;
  const onScreen = state.proposals.items.find((p) => p.id === state.proposals.onScreen);
  if (onScreen?.status === 'open' && onScreen.id !== proposalId) return reject('conflict', 'close the proposal on screen before showing another');
  if (proposalId === null) {
    if (!onScreen) return reject('conflict', 'no proposal is on screen');
    return { ...state, proposals: { ...state.proposals, onScreen: null } };
  }
  const p = found(state, proposalId);
  if ('rejected' in p) return p;
  if (onScreen?.id === p.id) return reject('conflict', 'that proposal is already on screen');
  const shown: EventState = { ...state, proposals: { ...state.proposals, onScreen: p.id } };
  if (p.status !== 'draft') return shown;
  const notLive = requireLive(state);
  if (notLive) return notLive;
  const ballot = entry.command.payload.ballot ?? 'secret';
  const hideResults = entry.command.payload.hideResults ?? false;
  // A named vote shows who answered what (V6): that is its results (V8).
  if (hideResults && ballot === 'named') return reject('conflict', 'a named vote shows who answered what: its results cannot be hidden');
  return withProposal(shown, p.id, (x) => ({
    ...x,
    status: 'open',
    ballot,
    hideResults,
    openedAt: entry.at,
    segmentId: currentSegment(state)?.id ?? null,
  }));
}

function tallied(tally: Tally, answer: VoteAnswer, delta: number): Tally {
  return { ...tally, [answer]: tally[answer] + delta };
}

/** One answer per person; answering again replaces it; only while the proposal is open (V3); the same answer again is refused (V7). */
export function voteOnProposal(state: EventState, entry: EntryOf<'proposals.vote'>): Outcome {
  const { proposalId, answer } = entry.command.payload;
  const p = found(state, proposalId);
  if ('rejected' in p) return p;
  if (p.status !== 'open')
    return reject('voting_closed', p.status === 'draft' ? 'voting on this proposal has not opened' : 'voting on this proposal is closed');
  const previous = Object.hasOwn(p.ballots, entry.actor.id) ? p.ballots[entry.actor.id] : undefined;
  // A repeat would append an entry that changes nothing: one token could fill the ledger with them.
  if (previous === answer) return reject('already_voted', 'you already gave this answer');
  // Results hidden (V8): only the count moves; the node counts the ballots when the vote closes.
  if (p.hideResults)
    return withProposal(state, p.id, (x) => ({
      ...x,
      answered: x.answered + (previous === undefined ? 1 : 0),
      ballots: { ...x.ballots, [entry.actor.id]: answer },
    }));
  const tally = tallied(previous === undefined ? p.tally : tallied(p.tally, previous, -1), answer, +1);
  return withProposal(state, p.id, (x) => ({ ...x, tally, ballots: { ...x.ballots, [entry.actor.id]: answer } }));
}

/**
 * A secret ballot's vote as everyone but the voter receives it (B7): the tally the node
 * reached, refused where the vote was refused.
 */
export function tallyProposal(state: EventState, entry: EntryOf<'proposals.tally'>): Outcome {
  const { proposalId, tally } = entry.command.payload;
  const p = found(state, proposalId);
  if ('rejected' in p) return p;
  if (p.status !== 'open' || tally === null) return reject('voting_closed', 'voting on this proposal is not open');
  return withProposal(state, p.id, (x) => ({ ...x, tally }));
}

/**
 * A vote whose results are hidden, for everyone but the voter (V8, B10): how many have answered,
 * as the node counted after it.
 */
export function answeredProposal(state: EventState, entry: EntryOf<'proposals.answered'>): Outcome {
  const { proposalId, answered } = entry.command.payload;
  const p = found(state, proposalId);
  if ('rejected' in p) return p;
  if (p.status !== 'open' || !p.hideResults) return reject('voting_closed', 'voting on this proposal is not open with its results hidden');
  return withProposal(state, p.id, (x) => ({ ...x, answered }));
}

/** Count the ballots: the tally of a vote whose results were hidden while it was open (V8). */
function counted(ballots: Proposal['ballots']): Tally {
  const tally = { ...NO_ANSWERS };
  for (const answer of Object.values(ballots)) tally[answer]++;
  return tally;
}

/**
 * Closing freezes the tally and drops who answered what: only the counts are kept (V4). The
 * tally of a vote whose results were hidden is counted from the ballots now (V8).
 */
function closed(p: Proposal, at: number): Proposal {
  if (p.status !== 'open') return p;
  return { ...p, status: 'closed', closedAt: at, ballots: {}, ...(p.hideResults && { tally: counted(p.ballots) }) };
}

export function closeProposal(state: EventState, entry: EntryOf<'proposals.close'>): Outcome {
  const p = found(state, entry.command.payload.proposalId);
  if ('rejected' in p) return p;
  if (p.status !== 'open')
    return reject('voting_closed', p.status === 'draft' ? 'voting on this proposal has not opened' : 'voting on this proposal is already closed');
  return withProposal(state, p.id, (x) => closed(x, entry.at));
}

/**
 * Record the result: adopted, amended (with the new text) or dropped. Deciding an open
 * proposal closes it first; a decision may be corrected, the last one stands (V5).
 */
export function decideProposal(state: EventState, entry: EntryOf<'proposals.decide'>): Outcome {
  const decision = entry.command.payload;
  const p = found(state, decision.proposalId);
  if ('rejected' in p) return p;
  const amendedText = decision.result === 'amended' ? decision.amendedText : '';
  if (p.result === decision.result && p.amendedText === amendedText) return reject('conflict', 'that is already the result');
  return withProposal(state, p.id, (x) => ({ ...closed(x, entry.at), result: decision.result, amendedText }));
}

/**
 * The close or decision that revealed a hidden vote's results, as browsers receive it (V8,
 * B10): applied as it was, then the tally it froze, which only the node could count.
 */
export function revealedProposal(state: EventState, entry: EntryOf<'proposals.revealed'>): Outcome {
  const { tally, of } = entry.command.payload;
  const outcome = of.type === 'proposals.close' ? closeProposal(state, { ...entry, command: of }) : decideProposal(state, { ...entry, command: of });
  if (isRejection(outcome)) return outcome;
  return withProposal(outcome, of.payload.proposalId, (x) => ({ ...x, tally }));
}

/** Total answers cast on a proposal. */
export function turnout(tally: Tally): number {
  return tally.agree + tally.disagree + tally.abstain;
}

/** How many have answered a proposal: the tally's total, or the count alone while its results are hidden (V8, V9). */
export function answers(p: Proposal): number {
  return p.hideResults && p.status === 'open' ? p.answered : turnout(p.tally);
}

/** Are a proposal's results hidden now: put to the vote with them hidden, and not closed yet (V8)? */
export function resultsHidden(p: Proposal): boolean {
  return p.hideResults && p.status === 'open';
}
