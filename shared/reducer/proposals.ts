/**
 * Agreeing on a way forward: the moderator puts proposals on screen one at a time;
 * participants answer agree / disagree / abstain until it closes; the moderator records
 * each one adopted, amended or dropped (V1–V8).
 */
import { LIMITS, type VoteAnswer } from '../constants.ts';
import type { EventState, Proposal, Tally } from '../state.ts';
import { currentSegment, type EntryOf, type Outcome, type Rejection, reject, requireLive } from './common.ts';

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
    tally: { agree: 0, disagree: 0, abstain: 0 },
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
  return withProposal(shown, p.id, (x) => ({ ...x, status: 'open', ballot, openedAt: entry.at, segmentId: currentSegment(state)?.id ?? null }));
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

/** Closing freezes the tally and drops who answered what: only the counts are kept (V4). */
function closed(p: Proposal, at: number): Proposal {
  return p.status === 'open' ? { ...p, status: 'closed', closedAt: at, ballots: {} } : p;
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

/** Total answers cast on a proposal. */
export function turnout(tally: Tally): number {
  return tally.agree + tally.disagree + tally.abstain;
}
