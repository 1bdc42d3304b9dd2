/**
 * The contributions board: success stories and best practices, opportunities for
 * collaboration and needs, posted before, during and after the event (K1–K9).
 */
import { type ContributionField, type ContributionKind, type EventPhase, LIMITS } from '../constants.ts';
import type { Contribution, ContributionEdit, EventState } from '../state.ts';
import { type EntryOf, type Outcome, personOf, type Rejection, reject } from './common.ts';

/** When a post is made, relative to the event (K1). */
export function phaseOf(state: EventState): EventPhase {
  if (state.status === 'scheduled') return 'before';
  return state.status === 'live' ? 'during' : 'after';
}

function found(state: EventState, contributionId: number): Contribution | Rejection {
  return state.contributions.items.find((c) => c.id === contributionId) ?? reject('not_found', 'no such contribution');
}

function withContribution(state: EventState, contributionId: number, update: (c: Contribution) => Contribution): EventState {
  const items = state.contributions.items.map((c) => (c.id === contributionId ? update(c) : c));
  return { ...state, contributions: { items } };
}

/** Hidden and merged contributions take no endorsement, feature or merge (K6, K7). */
function open(c: Contribution): Rejection | null {
  if (c.hidden) return reject('conflict', 'that contribution was hidden by a moderator');
  if (c.mergedInto !== null) return reject('conflict', `that contribution was merged into #${c.mergedInto}`);
  return null;
}

export function postContribution(state: EventState, entry: EntryOf<'contributions.post'>): Outcome {
  const { items } = state.contributions;
  // The board's cap counts what it shows: hidden and merged ones free their place (K4).
  if (visibleContributions(state).length >= LIMITS.contributions) return reject('conflict', `the board holds at most ${LIMITS.contributions} contributions`);
  // A person's cap counts all they posted: a moderator hiding spam does not make room for more.
  const mine = items.filter((c) => c.author.id === entry.actor.id).length;
  if (mine >= LIMITS.contributionsPerPerson) return reject('conflict', `a person may post at most ${LIMITS.contributionsPerPerson} contributions`);
  const { kind, title, text, tags, link } = entry.command.payload;
  const contribution: Contribution = {
    id: entry.seq,
    kind,
    title,
    text,
    tags,
    link,
    author: personOf(entry.actor),
    postedAt: entry.at,
    phase: phaseOf(state),
    endorsers: [],
    featured: false,
    hidden: null,
    mergedInto: null,
    edits: [],
  };
  return { ...state, contributions: { items: [...items, contribution] } };
}

/** The fields an edit would really change, with their new values. */
function changes(c: Contribution, payload: EntryOf<'contributions.edit'>['command']['payload']): Partial<Pick<Contribution, ContributionField>> {
  const next: Partial<Pick<Contribution, ContributionField>> = {};
  if (payload.title !== undefined && payload.title !== c.title) next.title = payload.title;
  if (payload.text !== undefined && payload.text !== c.text) next.text = payload.text;
  if (payload.tags !== undefined && payload.tags.join('\n') !== c.tags.join('\n')) next.tags = payload.tags;
  if (payload.link !== undefined && payload.link !== c.link) next.link = payload.link;
  return next;
}

/** The author, or a moderator correcting typos; every edit is recorded with who made it (K5). */
export function editContribution(state: EventState, entry: EntryOf<'contributions.edit'>): Outcome {
  const c = found(state, entry.command.payload.contributionId);
  if ('rejected' in c) return c;
  const isAuthor = entry.actor.id === c.author.id;
  if (!isAuthor && entry.actor.role !== 'moderator') return reject('forbidden', 'only its author or a moderator may edit a contribution');
  if (c.hidden) return reject('conflict', 'that contribution was hidden by a moderator');
  if (c.edits.length >= LIMITS.editsPerContribution) return reject('conflict', `a contribution can be edited at most ${LIMITS.editsPerContribution} times`);
  const next = changes(c, entry.command.payload);
  const fields = Object.keys(next) as ContributionField[];
  if (fields.length === 0) return reject('conflict', 'the edit changes nothing');
  const edit: ContributionEdit = { at: entry.at, byId: entry.actor.id, byName: entry.actor.name, byModerator: !isAuthor, fields };
  return withContribution(state, c.id, (x) => ({ ...x, ...next, edits: [...x.edits, edit] }));
}

/** '+1': at most once per person, never one's own (K3). */
export function endorseContribution(state: EventState, entry: EntryOf<'contributions.endorse'>): Outcome {
  const c = found(state, entry.command.payload.contributionId);
  if ('rejected' in c) return c;
  const closed = open(c);
  if (closed) return closed;
  if (c.author.id === entry.actor.id) return reject('forbidden', 'you cannot endorse your own contribution');
  if (c.endorsers.includes(entry.actor.id)) return reject('already_endorsed', 'you have already endorsed this contribution');
  return withContribution(state, c.id, (x) => ({ ...x, endorsers: [...x.endorsers, entry.actor.id] }));
}

export function featureContribution(state: EventState, entry: EntryOf<'contributions.feature'>): Outcome {
  const { contributionId, featured } = entry.command.payload;
  const c = found(state, contributionId);
  if ('rejected' in c) return c;
  const closed = open(c);
  if (closed) return closed;
  if (c.featured === featured) return reject('conflict', featured ? 'that contribution is already featured' : 'that contribution is not featured');
  return withContribution(state, c.id, (x) => ({ ...x, featured }));
}

/**
 * Hide a contribution: its title, text, tags and link leave the replicated state for good
 * (state is what every member may see), the reason and the endorsement count stay (K6).
 */
export function hideContribution(state: EventState, entry: EntryOf<'contributions.hide'>): Outcome {
  const { contributionId, reason } = entry.command.payload;
  const c = found(state, contributionId);
  if ('rejected' in c) return c;
  if (c.hidden) return reject('conflict', 'that contribution is already hidden');
  return withContribution(state, c.id, (x) => asHidden(x, { reason, at: entry.at, byId: entry.actor.id }));
}

/** A contribution as hidden: what it said leaves the state, why and by whom stays (K6, S50). */
export function asHidden(c: Contribution, hidden: NonNullable<Contribution['hidden']>): Contribution {
  return { ...c, title: '', text: '', tags: [], link: '', featured: false, hidden };
}

/**
 * Merge a duplicate into another contribution: the duplicate points at it and leaves the
 * board, its endorsements and tags join the target's, each person still counted once (K7).
 */
export function mergeContribution(state: EventState, entry: EntryOf<'contributions.merge'>): Outcome {
  const { contributionId, intoId } = entry.command.payload;
  if (contributionId === intoId) return reject('conflict', 'a contribution cannot be merged into itself');
  const duplicate = found(state, contributionId);
  if ('rejected' in duplicate) return duplicate;
  const target = found(state, intoId);
  if ('rejected' in target) return target;
  const closed = open(duplicate) ?? open(target);
  if (closed) return closed;
  const endorsers = [...target.endorsers, ...duplicate.endorsers.filter((id) => !target.endorsers.includes(id) && id !== target.author.id)];
  const tags = [...new Set([...target.tags, ...duplicate.tags])].slice(0, LIMITS.tagsPerContribution);
  const merged = withContribution(state, duplicate.id, (x) => ({ ...x, mergedInto: target.id, featured: false }));
  return withContribution(merged, target.id, (x) => ({ ...x, endorsers, tags }));
}

export interface BoardFilter {
  kind?: ContributionKind;
  /** Matched case-insensitively against the author's community. */
  community?: string;
  tag?: string;
}

/** What the board shows: neither hidden nor merged, matching the filter, in posting order (K2). */
export function visibleContributions(state: EventState, filter: BoardFilter = {}): Contribution[] {
  const community = filter.community?.trim().toLowerCase();
  const tag = filter.tag?.trim().replace(/^#/, '').toLowerCase();
  return state.contributions.items.filter(
    (c) =>
      c.hidden === null &&
      c.mergedInto === null &&
      (!filter.kind || c.kind === filter.kind) &&
      (!community || c.author.community.toLowerCase() === community) &&
      (!tag || c.tags.includes(tag)),
  );
}

/** Featured first, then by endorsements, then in posting order (O4). */
export function byStanding(a: Contribution, b: Contribution): number {
  if (a.featured !== b.featured) return a.featured ? -1 : 1;
  return b.endorsers.length - a.endorsers.length || a.id - b.id;
}
