/**
 * The outcome document as data: a pure function of the event's state and the audience it is
 * for. The Markdown and HTML renderers only lay this out; tests check it against the state.
 */
import {
  type Ballot,
  type ContributionKind,
  type EventPhase,
  type ProposalResult,
  type ProposalStatus,
  REGION_LIST,
  type Region,
  type SegmentKind,
} from '../constants.ts';
import { countryName } from '../countries.ts';
import { asShownInPublic, isNamedIn, publicView } from '../public.ts';
import { byStanding, visibleContributions } from '../reducer/contributions.ts';
import { answers, resultsHidden } from '../reducer/proposals.ts';
import { isPublished } from '../reducer/questions.ts';
import type { Contribution, EventState, PersonRef, Question, Tally } from '../state.ts';
import { plannedStarts, segmentClock } from '../time.ts';

/**
 * Moderators see every name; the public version names only roster people and those who
 * consented, and a community and country only in a group of k (O2, shared/public.ts).
 */
export type Audience = 'moderators' | 'public';

/** What the public version shows instead of the name of someone who did not consent. */
export { UNNAMED } from '../public.ts';

export interface NamedPerson {
  /** The name, or `UNNAMED`. */
  name: string;
  /** Moderators' version only: shown here, left out of the public version (no consent). */
  withheld: boolean;
  community: string;
  country: string;
  region: Region;
}

export interface AgendaRow {
  id: string;
  title: string;
  format: string;
  kind: SegmentKind;
  plannedStartAt: number | null;
  plannedMs: number;
  startedAt: number | null;
  /** Time the segment ran (pauses excluded); null while it has not stopped or never ran. */
  actualMs: number | null;
}

export interface RosterLine {
  id: string;
  name: string;
  title: string;
  organisation: string;
  community: string;
  country: string;
  /** Counted speaking time over the whole event. */
  spokenMs: number;
}

export interface ContributionLine {
  id: number;
  kind: ContributionKind;
  title: string;
  text: string;
  tags: string[];
  link: string;
  author: NamedPerson;
  endorsements: number;
  featured: boolean;
  phase: EventPhase;
  edited: boolean;
}

export interface CaptureLine {
  id: number;
  kind: 'practice' | 'point';
  text: string;
  speaker: NamedPerson | null;
  at: number;
}

export interface SegmentNotes {
  segmentId: string;
  title: string;
  kind: SegmentKind;
  captures: CaptureLine[];
}

export interface QuestionLine {
  id: number;
  text: string;
  votes: number;
  /** The panelist who answered it, when recorded. */
  panelist: string | null;
}

/** A panel's questions still open when it ended (QA9), by votes. */
export interface UnreachedQuestions {
  segmentId: string;
  title: string;
  questions: QuestionLine[];
}

export interface ProposalLine {
  id: number;
  text: string;
  status: ProposalStatus;
  result: ProposalResult | null;
  amendedText: string;
  tally: Tally;
  answers: number;
  /** Secret ballot or named vote (V6). */
  ballot: Ballot;
  /** Open with its results hidden (V8): the tally is not known yet, only `answers`. */
  resultsHidden: boolean;
}

export interface CountRow<K extends string = string> {
  key: K;
  count: number;
}

export interface Figures {
  registrations: { total: number; byRegion: Array<CountRow<Region>>; byCountry: CountRow[] };
  speakers: { byRegion: Array<{ region: Region; speakers: number; spokenMs: number }>; speakers: number; turns: number; spokenMs: number };
  chatMessages: number;
  contributions: Record<ContributionKind, number> & { endorsements: number };
  questions: { asked: number; answered: number };
}

export interface OutcomeDocument {
  audience: Audience;
  eventId: string;
  title: string;
  description: string;
  status: EventState['status'];
  /** The day the event ran, or was scheduled for. */
  date: number | null;
  startedAt: number | null;
  endedAt: number | null;
  /** In agenda order, as planned. */
  agenda: AgendaRow[];
  /** The segments that ran, in the order they started. */
  ran: AgendaRow[];
  moderators: RosterLine[];
  welcome: RosterLine[];
  panelists: RosterLine[];
  practices: ContributionLine[];
  collaborations: ContributionLine[];
  needs: ContributionLine[];
  notes: SegmentNotes[];
  questions: QuestionLine[];
  /** Per panel, in agenda order: the questions it ended without reaching (QA9). */
  notReached: UnreachedQuestions[];
  wayForward: ProposalLine[];
  figures: Figures;
  /** Moderators' version: some names shown here are left out of the public version. */
  withholdsNames: boolean;
}

function namer(state: EventState, audience: Audience): (person: PersonRef) => NamedPerson {
  const view = publicView(state, 'outcome');
  return (person) => {
    const withheld = audience === 'moderators' && !isNamedIn(person, view);
    const shown = audience === 'moderators' ? person : asShownInPublic(person, view);
    return { name: shown.name, withheld, community: shown.community, country: shown.country, region: shown.region };
  };
}

function agendaRows(state: EventState): AgendaRow[] {
  const starts = plannedStarts(state);
  return state.agenda.segments.map((s, i) => {
    const stopped = s.startedAt !== null && (s.leftAt !== null || state.status === 'ended');
    const at = s.leftAt ?? state.endedAt ?? s.startedAt ?? 0;
    return {
      id: s.id,
      title: s.title,
      format: s.format,
      kind: s.kind,
      plannedStartAt: starts[i] ?? null,
      plannedMs: s.plannedMs,
      startedAt: s.startedAt,
      actualMs: stopped ? segmentClock(s, at).elapsedMs : null,
    };
  });
}

function rosterLine(state: EventState, id: string): RosterLine | null {
  const p = state.roster.find((r) => r.id === id);
  if (!p) return null;
  const spokenMs = state.floor.speakers[p.id]?.spokenMs ?? 0;
  return { id: p.id, name: p.name, title: p.title, organisation: p.organisation, community: p.community, country: p.country, spokenMs };
}

const lines = (state: EventState, ids: Iterable<string>) => [...new Set(ids)].map((id) => rosterLine(state, id)).filter((l): l is RosterLine => l !== null);

/** Panelists of every panel segment, in speaking order. */
function panelistIds(state: EventState): string[] {
  return state.agenda.segments.filter((s) => s.kind === 'panel').flatMap((s) => s.panel.map((p) => p.personId));
}

/** Roster speakers who spoke in a remarks segment; before anyone has, the roster speakers on no panel (O3). */
function welcomeIds(state: EventState): string[] {
  const remarks = new Set(state.agenda.segments.filter((s) => s.kind === 'remarks').map((s) => s.id));
  const speakers = state.roster.filter((p) => p.role === 'speaker').map((p) => p.id);
  const spoke = state.floor.history.filter((t) => remarks.has(t.segmentId) && speakers.includes(t.person.id)).map((t) => t.person.id);
  if (spoke.length) return spoke;
  const panel = new Set(panelistIds(state));
  return speakers.filter((id) => !panel.has(id));
}

function contributionLines(state: EventState, kind: ContributionKind, name: (p: PersonRef) => NamedPerson): ContributionLine[] {
  return visibleContributions(state, { kind })
    .sort(byStanding)
    .map((c: Contribution) => ({
      id: c.id,
      kind: c.kind,
      title: c.title,
      text: c.text,
      tags: c.tags,
      link: c.link,
      author: name(c.author),
      endorsements: c.endorsers.length,
      featured: c.featured,
      phase: c.phase,
      edited: c.edits.length > 0,
    }));
}

function segmentNotes(state: EventState, name: (p: PersonRef) => NamedPerson): SegmentNotes[] {
  return state.agenda.segments
    .map((s) => ({
      segmentId: s.id,
      title: s.title,
      kind: s.kind,
      captures: state.notes.captures
        .filter((c) => c.segmentId === s.id)
        .map((c) => ({ id: c.id, kind: c.kind, text: c.text, speaker: c.speaker ? name(c.speaker) : null, at: c.at })),
    }))
    .filter((s) => s.captures.length > 0);
}

/** Proposals put to the vote or decided, in the order they were put on screen (O6). */
function wayForward(state: EventState): ProposalLine[] {
  return state.proposals.items
    .filter((p) => p.status !== 'draft' || p.result !== null)
    .sort((a, b) => (a.openedAt ?? Number.MAX_SAFE_INTEGER) - (b.openedAt ?? Number.MAX_SAFE_INTEGER) || a.id - b.id)
    .map((p) => ({
      id: p.id,
      text: p.text,
      status: p.status,
      result: p.result,
      amendedText: p.amendedText,
      tally: p.tally,
      answers: answers(p),
      ballot: p.ballot,
      resultsHidden: resultsHidden(p),
    }));
}

function figures(state: EventState): Figures {
  const { registrations } = state;
  const turns = state.floor.history.filter((t) => t.kind !== 'pointOfOrder');
  const speakersByRegion = new Map<Region, Set<string>>(REGION_LIST.map((r) => [r, new Set()]));
  for (const t of turns) speakersByRegion.get(t.person.region)!.add(t.person.id);
  const visible = visibleContributions(state);
  const count = (kind: ContributionKind) => visible.filter((c) => c.kind === kind).length;
  return {
    registrations: {
      total: registrations.total,
      byRegion: REGION_LIST.map((key) => ({ key, count: registrations.byRegion[key] })),
      byCountry: Object.entries(registrations.byCountry)
        // A country registered by its code (J5) is named; the document is in English.
        .map(([key, n]) => ({ key: countryName(key, 'en'), count: n }))
        .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
    },
    speakers: {
      byRegion: REGION_LIST.map((region) => ({ region, speakers: speakersByRegion.get(region)!.size, spokenMs: state.floor.regions[region] })),
      speakers: new Set(turns.map((t) => t.person.id)).size,
      turns: turns.length,
      spokenMs: REGION_LIST.reduce((sum, r) => sum + state.floor.regions[r], 0),
    },
    chatMessages: state.chat.total,
    contributions: {
      practice: count('practice'),
      collaboration: count('collaboration'),
      need: count('need'),
      endorsements: visible.reduce((sum, c) => sum + c.endorsers.length, 0),
    },
    // Asked: what the room saw, not what waited for approval or was declined (QA7).
    questions: { asked: state.questions.items.filter(isPublished).length, answered: state.questions.items.filter((q) => q.status === 'answered').length },
  };
}

/** The questions `which` keeps, by votes (most first), ties in the order asked; never who asked them. */
function questionLines(state: EventState, which: (q: Question) => boolean): QuestionLine[] {
  return state.questions.items
    .filter(which)
    .sort((a, b) => b.votes - a.votes || a.id - b.id)
    .map((q) => ({ id: q.id, text: q.text, votes: q.votes, panelist: q.panelist?.name ?? null }));
}

/** The outcome document of an event, for moderators (every name) or the public (consented names only). */
export function buildOutcome(state: EventState, audience: Audience): OutcomeDocument {
  const name = namer(state, audience);
  const agenda = agendaRows(state);
  const doc: Omit<OutcomeDocument, 'withholdsNames'> = {
    audience,
    eventId: state.eventId,
    title: state.title,
    description: state.description,
    status: state.status,
    date: state.startedAt ?? state.scheduledStartAt,
    startedAt: state.startedAt,
    endedAt: state.endedAt,
    agenda,
    ran: agenda.filter((r) => r.startedAt !== null).sort((a, b) => a.startedAt! - b.startedAt!),
    moderators: lines(
      state,
      state.roster.filter((p) => p.role === 'moderator').map((p) => p.id),
    ),
    welcome: lines(state, welcomeIds(state)),
    panelists: lines(state, panelistIds(state)),
    practices: contributionLines(state, 'practice', name),
    collaborations: contributionLines(state, 'collaboration', name),
    needs: contributionLines(state, 'need', name),
    notes: segmentNotes(state, name),
    questions: questionLines(state, (q) => q.status === 'answered'),
    notReached: state.agenda.segments
      .map((s) => ({ segmentId: s.id, title: s.title, questions: questionLines(state, (q) => q.status === 'notReached' && q.segmentId === s.id) }))
      .filter((s) => s.questions.length > 0),
    wayForward: wayForward(state),
    figures: figures(state),
  };
  const people = [...doc.practices, ...doc.collaborations, ...doc.needs]
    .map((c) => c.author)
    .concat(doc.notes.flatMap((s) => s.captures.flatMap((c) => (c.speaker ? [c.speaker] : []))));
  return { ...doc, withholdsNames: people.some((p) => p.withheld) };
}
