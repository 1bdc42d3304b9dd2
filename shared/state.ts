/**
 * The replicated state of one event, as zod schemas with the types inferred from them.
 * Everything here is visible to every member of the event: no token or private contact
 * detail belongs in it.
 */
import { z } from 'zod';
import {
  BALLOT_LIST,
  CAPTURE_KIND_LIST,
  CONTRIBUTION_FIELD_LIST,
  CONTRIBUTION_KIND_LIST,
  DEFAULTS,
  EVENT_PHASE_LIST,
  EVENT_STATUSES,
  HAND_KINDS,
  LIMITS,
  PROPOSAL_RESULT_LIST,
  PROPOSAL_STATUS_LIST,
  QUESTION_STATUS_LIST,
  QUEUE_ORDERS,
  REGION_LIST,
  ROLE_LIST,
  SEGMENT_KIND_LIST,
  TURN_KINDS,
  VOTE_ANSWER_LIST,
} from './constants.ts';

const id = z.string().min(1).max(LIMITS.id);
const ms = z.number().int().nonnegative();
const time = z.number().int().nonnegative();

/** What travels with every item a person creates: enough to show who they are, nothing private. */
export const PersonRefSchema = z.object({
  id,
  name: z.string().max(LIMITS.name),
  community: z.string().max(LIMITS.community),
  region: z.enum(REGION_LIST),
  country: z.string().max(LIMITS.country),
  /**
   * Registration-time consent to be named outside the event (the public outcome document).
   * Absent on roster people, whose names are public anyway, and on entries older than it;
   * a packed snapshot's table (shared/wire.ts) carries an absent value as null.
   */
  consent: z.preprocess((v) => (v === null ? undefined : v), z.boolean().optional()),
  /** Registration-time consent to be named on the projected stage and the livestream (S17); absent as `consent` is. */
  stageConsent: z.preprocess((v) => (v === null ? undefined : v), z.boolean().optional()),
});
export type PersonRef = z.infer<typeof PersonRefSchema>;

export const RosterPersonSchema = PersonRefSchema.extend({
  role: z.enum(ROLE_LIST),
  title: z.string().max(LIMITS.title),
  organisation: z.string().max(LIMITS.organisation),
  bio: z.string().max(LIMITS.bio),
});
export type RosterPerson = z.infer<typeof RosterPersonSchema>;

export const PanelSlotSchema = z.object({ personId: id, allocationMs: ms, spokenMs: ms, turns: z.number().int().nonnegative() });
export type PanelSlot = z.infer<typeof PanelSlotSchema>;

export const SegmentSchema = z.object({
  id,
  title: z.string().max(LIMITS.title),
  format: z.string().max(LIMITS.title),
  kind: z.enum(SEGMENT_KIND_LIST),
  /** Duration as planned before the event started; never changed once the segment runs. */
  plannedMs: ms,
  /** Duration allotted now: planned plus every extension, minus every cut. */
  durationMs: ms,
  speakingLimitMs: ms,
  startedAt: time.nullable(),
  /** Set while the segment is not the current one after having run (left, or the event ended). */
  leftAt: time.nullable(),
  pausedAt: time.nullable(),
  /** Time spent paused or away from the segment, excluded from its elapsed time. */
  pausedMs: ms,
  panel: z.array(PanelSlotSchema),
});
export type Segment = z.infer<typeof SegmentSchema>;

export const HandSchema = z.object({
  person: PersonRefSchema,
  kind: z.enum([HAND_KINDS.hand, HAND_KINDS.pointOfOrder]),
  topic: z.string().max(LIMITS.topic),
  raisedAt: time,
  /** Ledger seq of the raise: the first-come tie breaker, identical on every node. */
  raisedSeq: z.number().int().positive(),
  /** Put back at the top by a moderator ("restore last speaker"): ahead of every ordinary hand. */
  restored: z.boolean(),
});
export type Hand = z.infer<typeof HandSchema>;

export const TurnSchema = z.object({
  person: PersonRefSchema,
  kind: z.enum([TURN_KINDS.hand, TURN_KINDS.pointOfOrder, TURN_KINDS.panel, TURN_KINDS.invited]),
  topic: z.string().max(LIMITS.topic),
  segmentId: id,
  startedAt: time,
  allottedMs: ms,
  pausedAt: time.nullable(),
  pausedMs: ms,
});
export type Turn = z.infer<typeof TurnSchema>;

export const TurnRecordSchema = z.object({
  person: PersonRefSchema,
  kind: TurnSchema.shape.kind,
  segmentId: id,
  startedAt: time,
  spokenMs: ms,
  allottedMs: ms,
});
export type TurnRecord = z.infer<typeof TurnRecordSchema>;

export const SpeakerStatsSchema = z.object({ turns: z.number().int().nonnegative(), spokenMs: ms });
export type SpeakerStats = z.infer<typeof SpeakerStatsSchema>;

export const ChatMessageSchema = z.object({
  id: z.number().int().positive(),
  author: PersonRefSchema,
  role: z.enum(ROLE_LIST),
  text: z.string().max(LIMITS.chatText),
  at: time,
  deleted: z.boolean(),
});
export type ChatMessage = z.infer<typeof ChatMessageSchema>;

/** Who changed a contribution, when, and which fields: the edit is on the record (K5). */
export const ContributionEditSchema = z.object({
  at: time,
  byId: id,
  byName: z.string().max(LIMITS.name),
  byModerator: z.boolean(),
  fields: z.array(z.enum(CONTRIBUTION_FIELD_LIST)),
});
export type ContributionEdit = z.infer<typeof ContributionEditSchema>;

export const ContributionSchema = z.object({
  /** The seq of the entry that posted it. */
  id: z.number().int().positive(),
  kind: z.enum(CONTRIBUTION_KIND_LIST),
  title: z.string().max(LIMITS.contributionTitle),
  text: z.string().max(LIMITS.contributionText),
  tags: z.array(z.string().max(LIMITS.tag)).max(LIMITS.tagsPerContribution),
  link: z.string().max(LIMITS.url),
  author: PersonRefSchema,
  postedAt: time,
  phase: z.enum(EVENT_PHASE_LIST),
  /** Ids of the people who endorsed it ('+1'), each at most once (K3). */
  endorsers: z.array(id),
  featured: z.boolean(),
  /** Hidden by a moderator: its title, text, tags and link are gone from the state, the reason stays (K6). */
  hidden: z.object({ reason: z.string().max(LIMITS.reason), at: time, byId: id }).nullable(),
  /** Merged into another contribution as a duplicate (K7). */
  mergedInto: z.number().int().positive().nullable(),
  edits: z.array(ContributionEditSchema),
});
export type Contribution = z.infer<typeof ContributionSchema>;

/** A best practice or key point a note-taker captured, linked to the turn it was heard in (N2). */
export const CaptureSchema = z.object({
  id: z.number().int().positive(),
  kind: z.enum(CAPTURE_KIND_LIST),
  text: z.string().max(LIMITS.capture),
  segmentId: id,
  /** Who was speaking, or null for a point not tied to a turn. */
  speaker: PersonRefSchema.nullable(),
  /** Start of the speaker's turn: with the speaker's id it names the turn in `floor.history`. */
  turnStartedAt: time.nullable(),
  by: PersonRefSchema,
  at: time,
  editedAt: time.nullable(),
});
export type Capture = z.infer<typeof CaptureSchema>;

export const QuestionSchema = z.object({
  id: z.number().int().positive(),
  text: z.string().max(LIMITS.question),
  author: PersonRefSchema,
  askedAt: time,
  segmentId: id,
  votes: z.number().int().nonnegative(),
  /** Who upvoted, while the question is open; emptied once it is answered or dismissed (the count stays). */
  voters: z.array(id),
  status: z.enum(QUESTION_STATUS_LIST),
  /** The panelist who answered it. */
  panelist: PersonRefSchema.nullable(),
  closedAt: time.nullable(),
  /** Asked anonymously: nobody but moderators and the asker sees who asked (QA8). Absent on older states: no. */
  anonymous: z.boolean().default(false),
  /** When a moderator approved it, for a question held for approval (QA7); null otherwise. */
  approvedAt: time.nullable().default(null),
});
export type Question = z.infer<typeof QuestionSchema>;

export const TallySchema = z.object({
  agree: z.number().int().nonnegative(),
  disagree: z.number().int().nonnegative(),
  abstain: z.number().int().nonnegative(),
});
export type Tally = z.infer<typeof TallySchema>;

export const ProposalSchema = z.object({
  id: z.number().int().positive(),
  text: z.string().max(LIMITS.proposal),
  status: z.enum(PROPOSAL_STATUS_LIST),
  /** The segment it was put to the vote in. */
  segmentId: id.nullable(),
  /** Secret (the default) or named, fixed when it opens (V6); a state older than it holds secret. */
  ballot: z.enum(BALLOT_LIST).default('secret'),
  /**
   * Each voter's current answer while the proposal is open; emptied when it closes (V4). In a
   * secret ballot a browser holds only its own (B7).
   */
  ballots: z.record(z.string(), z.enum(VOTE_ANSWER_LIST)),
  /**
   * The answers so far. While a vote whose results are hidden is open (V8) it stays at zero
   * everywhere, on the node too: the node counts the ballots when it closes.
   */
  tally: TallySchema,
  /** Results hidden until the vote closes (V8), fixed when it opens; a state older than it holds false. */
  hideResults: z.boolean().default(false),
  /** How many have answered a vote whose results are hidden (V8); 0 for the others, whose tally says it. */
  answered: z.number().int().nonnegative().default(0),
  result: z.enum(PROPOSAL_RESULT_LIST).nullable(),
  /** The new text when the result is "amended". */
  amendedText: z.string().max(LIMITS.proposal),
  openedAt: time.nullable(),
  closedAt: time.nullable(),
});
export type Proposal = z.infer<typeof ProposalSchema>;

/** Registered participants as figures only (counts by region and country): no list of people (P1). */
export const RegistrationFiguresSchema = z.object({
  total: z.number().int().nonnegative(),
  byRegion: z.record(z.enum(REGION_LIST), z.number().int().nonnegative()),
  byCountry: z.record(z.string(), z.number().int().nonnegative()),
});
export type RegistrationFigures = z.infer<typeof RegistrationFiguresSchema>;

export const EventStateSchema = z.object({
  eventId: id,
  /** Last ledger seq applied. */
  seq: z.number().int().nonnegative(),
  title: z.string().max(LIMITS.title),
  description: z.string().max(LIMITS.bio),
  callUrl: z.string().max(LIMITS.url),
  scheduledStartAt: time.nullable(),
  status: z.enum([EVENT_STATUSES.scheduled, EVENT_STATUSES.live, EVENT_STATUSES.ended]),
  startedAt: time.nullable(),
  endedAt: time.nullable(),
  roster: z.array(RosterPersonSchema),
  agenda: z.object({
    segments: z.array(SegmentSchema),
    /** Index of the running segment; -1 before the start. */
    current: z.number().int().min(-1),
  }),
  queue: z.object({
    open: z.boolean(),
    order: z.enum([QUEUE_ORDERS.firstCome, QUEUE_ORDERS.balanced]),
    /** In the order the floor will be given: position = index + 1. */
    hands: z.array(HandSchema),
  }),
  floor: z.object({
    current: TurnSchema.nullable(),
    last: TurnRecordSchema.nullable(),
    history: z.array(TurnRecordSchema),
    /** Per person who has spoken: turns and total speaking time (points of order excluded). */
    speakers: z.record(z.string(), SpeakerStatsSchema),
    /** Speaking time per region (points of order excluded). */
    regions: z.record(z.enum(REGION_LIST), ms),
  }),
  chat: z.object({
    /** The last LIMITS.chatWindow messages; older ones are paged from the server. */
    messages: z.array(ChatMessageSchema),
    total: z.number().int().nonnegative(),
    muted: z.array(id),
    /**
     * The message a moderator pinned above the chat (CP1), a copy of it from the window, so that
     * it stays pinned once it scrolls out; it leaves with its deletion and shows its author as the
     * chat does (CP2). A state older than it holds none.
     */
    pinned: ChatMessageSchema.nullable().default(null),
  }),
  contributions: z.object({ items: z.array(ContributionSchema) }),
  notes: z.object({
    captures: z.array(CaptureSchema),
    /** Participants a moderator granted note-taking to (note-takers by role need no grant). */
    takers: z.array(id),
  }),
  questions: z.object({
    items: z.array(QuestionSchema),
    onScreen: z.number().int().positive().nullable(),
    /** New questions wait for a moderator's approval (QA7). Absent on older states: no. */
    moderated: z.boolean().default(false),
  }),
  proposals: z.object({ items: z.array(ProposalSchema), onScreen: z.number().int().positive().nullable() }),
  registrations: RegistrationFiguresSchema,
  /** The banner every screen shows until a moderator clears it (AN1); a state older than it holds none. */
  announcement: z
    .object({ text: z.string().max(LIMITS.announcement), at: time })
    .nullable()
    .default(null),
  /** Whether the public outcome document (consented names only) is served without a token. */
  outcome: z.object({ public: z.boolean() }),
  /**
   * O2: anything public shows a community and country only where at least `k` registrants share
   * both; `groups` counts them by `groupKey` on the node only (a browser's state holds none, B4).
   * A state older than it holds the default and no groups.
   */
  privacy: z
    .object({ k: z.number().int().positive(), groups: z.record(z.string(), z.number().int().positive()) })
    .default({ k: DEFAULTS.anonymityK, groups: {} }),
});
export type EventState = z.infer<typeof EventStateSchema>;

/** The state of an event before its `event.create` entry. */
export function emptyState(eventId: string): EventState {
  return {
    eventId,
    seq: 0,
    title: '',
    description: '',
    callUrl: '',
    scheduledStartAt: null,
    status: EVENT_STATUSES.scheduled,
    startedAt: null,
    endedAt: null,
    roster: [],
    agenda: { segments: [], current: -1 },
    queue: { open: true, order: QUEUE_ORDERS.firstCome, hands: [] },
    floor: { current: null, last: null, history: [], speakers: {}, regions: { africa: 0, asia: 0, europe: 0, other: 0 } },
    chat: { messages: [], total: 0, muted: [], pinned: null },
    announcement: null,
    contributions: { items: [] },
    notes: { captures: [], takers: [] },
    questions: { items: [], onScreen: null, moderated: false },
    proposals: { items: [], onScreen: null },
    registrations: { total: 0, byRegion: { africa: 0, asia: 0, europe: 0, other: 0 }, byCountry: {} },
    outcome: { public: false },
    privacy: { k: DEFAULTS.anonymityK, groups: {} },
  };
}
