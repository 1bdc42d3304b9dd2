/** Closed sets of the event domain. Each is an `as const` object with a derived union type. */

export const ROLES = {
  moderator: 'moderator',
  speaker: 'speaker',
  noteTaker: 'noteTaker',
  participant: 'participant',
  stage: 'stage',
} as const;
export type Role = (typeof ROLES)[keyof typeof ROLES];
export const ROLE_LIST = Object.values(ROLES) as [Role, ...Role[]];

/** Regions the balanced queue order weighs speaking time by. */
export const REGIONS = { africa: 'africa', asia: 'asia', europe: 'europe', other: 'other' } as const;
export type Region = (typeof REGIONS)[keyof typeof REGIONS];
export const REGION_LIST = Object.values(REGIONS) as [Region, ...Region[]];

export const SEGMENT_KINDS = { remarks: 'remarks', panel: 'panel', plenary: 'plenary', break: 'break', other: 'other' } as const;
export type SegmentKind = (typeof SEGMENT_KINDS)[keyof typeof SEGMENT_KINDS];
export const SEGMENT_KIND_LIST = Object.values(SEGMENT_KINDS) as [SegmentKind, ...SegmentKind[]];

export const HAND_KINDS = { hand: 'hand', pointOfOrder: 'pointOfOrder' } as const;
export type HandKind = (typeof HAND_KINDS)[keyof typeof HAND_KINDS];

export const QUEUE_ORDERS = { firstCome: 'firstCome', balanced: 'balanced' } as const;
export type QueueOrder = (typeof QUEUE_ORDERS)[keyof typeof QUEUE_ORDERS];

export const TURN_KINDS = { hand: 'hand', pointOfOrder: 'pointOfOrder', panel: 'panel', invited: 'invited' } as const;
export type TurnKind = (typeof TURN_KINDS)[keyof typeof TURN_KINDS];

export const EVENT_STATUSES = { scheduled: 'scheduled', live: 'live', ended: 'ended' } as const;
export type EventStatus = (typeof EVENT_STATUSES)[keyof typeof EVENT_STATUSES];

/** What a contribution offers: a success story or best practice, an opportunity for collaboration, or a need. */
export const CONTRIBUTION_KINDS = { practice: 'practice', collaboration: 'collaboration', need: 'need' } as const;
export type ContributionKind = (typeof CONTRIBUTION_KINDS)[keyof typeof CONTRIBUTION_KINDS];
export const CONTRIBUTION_KIND_LIST = Object.values(CONTRIBUTION_KINDS) as [ContributionKind, ...ContributionKind[]];

/** When something was posted, relative to the event: the board is open before, during and after it. */
export const EVENT_PHASES = { before: 'before', during: 'during', after: 'after' } as const;
export type EventPhase = (typeof EVENT_PHASES)[keyof typeof EVENT_PHASES];
export const EVENT_PHASE_LIST = Object.values(EVENT_PHASES) as [EventPhase, ...EventPhase[]];

/** The fields of a contribution an edit may change (the edit record lists which ones it did). */
export const CONTRIBUTION_FIELDS = { title: 'title', text: 'text', tags: 'tags', link: 'link' } as const;
export type ContributionField = (typeof CONTRIBUTION_FIELDS)[keyof typeof CONTRIBUTION_FIELDS];
export const CONTRIBUTION_FIELD_LIST = Object.values(CONTRIBUTION_FIELDS) as [ContributionField, ...ContributionField[]];

/** What a note-taker captures during a plenary. */
export const CAPTURE_KINDS = { practice: 'practice', point: 'point' } as const;
export type CaptureKind = (typeof CAPTURE_KINDS)[keyof typeof CAPTURE_KINDS];
export const CAPTURE_KIND_LIST = Object.values(CAPTURE_KINDS) as [CaptureKind, ...CaptureKind[]];

/**
 * A question held for a moderator's approval is `pending` (QA7); approved it is `open`; a pending
 * one dismissed is `declined` (never seen by anyone but moderators and its asker). One still open
 * when its panel ends is closed as `notReached` (QA9).
 */
export const QUESTION_STATUSES = {
  pending: 'pending',
  open: 'open',
  answered: 'answered',
  dismissed: 'dismissed',
  declined: 'declined',
  notReached: 'notReached',
} as const;
export type QuestionStatus = (typeof QUESTION_STATUSES)[keyof typeof QUESTION_STATUSES];
export const QUESTION_STATUS_LIST = Object.values(QUESTION_STATUSES) as [QuestionStatus, ...QuestionStatus[]];

/** A proposal is drafted, then open for answers while on screen, then closed for good. */
export const PROPOSAL_STATUSES = { draft: 'draft', open: 'open', closed: 'closed' } as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[keyof typeof PROPOSAL_STATUSES];
export const PROPOSAL_STATUS_LIST = Object.values(PROPOSAL_STATUSES) as [ProposalStatus, ...ProposalStatus[]];

export const VOTE_ANSWERS = { agree: 'agree', disagree: 'disagree', abstain: 'abstain' } as const;
export type VoteAnswer = (typeof VOTE_ANSWERS)[keyof typeof VOTE_ANSWERS];
export const VOTE_ANSWER_LIST = Object.values(VOTE_ANSWERS) as [VoteAnswer, ...VoteAnswer[]];

/**
 * How a proposal is put to the vote: a secret ballot (the default: browsers see the tally and
 * their own answer) or a named vote (everyone sees who answered what while it is open) (V6).
 */
export const BALLOTS = { secret: 'secret', named: 'named' } as const;
export type Ballot = (typeof BALLOTS)[keyof typeof BALLOTS];
export const BALLOT_LIST = Object.values(BALLOTS) as [Ballot, ...Ballot[]];

export const PROPOSAL_RESULTS = { adopted: 'adopted', amended: 'amended', dropped: 'dropped' } as const;
export type ProposalResult = (typeof PROPOSAL_RESULTS)[keyof typeof PROPOSAL_RESULTS];
export const PROPOSAL_RESULT_LIST = Object.values(PROPOSAL_RESULTS) as [ProposalResult, ...ProposalResult[]];

/** Every error code a client can receive, with the HTTP status the REST API maps it to. */
export const ERROR_CODES = {
  bad_request: 400,
  unknown_command: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  not_started: 409,
  already_started: 409,
  ended: 409,
  segment_started: 409,
  queue_closed: 409,
  already_in_queue: 409,
  not_in_queue: 409,
  no_floor: 409,
  floor_taken: 409,
  balanced_order: 409,
  already_endorsed: 409,
  already_voted: 409,
  voting_closed: 409,
  muted: 403,
  /** Registrations from this network are blocked in this event: someone removed registered from it (S44). */
  blocked: 403,
  /** The registration waits in the lobby until a moderator or note-taker admits it (S46). */
  waiting: 403,
  rate_limited: 429,
  too_large: 413,
  /** The state holds as many bytes of posts as it may (S51): nothing more until a moderator makes room. */
  event_full: 507,
  unavailable: 503,
  internal: 500,
} as const;
export type ErrorCode = keyof typeof ERROR_CODES;

/** Bounds on every string a person can send. */
export const LIMITS = {
  name: 80,
  community: 80,
  country: 80,
  organisation: 120,
  title: 160,
  bio: 2000,
  topic: 140,
  pointOfOrderNote: 140,
  chatText: 1000,
  chatWindow: 200,
  url: 500,
  /** An announcement to everyone is a banner, not a post (AN1). */
  announcement: 280,
  passcode: 100,
  id: 64,
  segments: 50,
  roster: 200,
  maxDurationMs: 24 * 60 * 60 * 1000,
  contributionTitle: 120,
  contributionText: 5000,
  tag: 30,
  tagsPerContribution: 5,
  /** Contributions live in the replicated state: bounded per event and per person. */
  contributions: 1000,
  contributionsPerPerson: 20,
  editsPerContribution: 20,
  reason: 200,
  capture: 1000,
  captures: 1000,
  noteTakers: 50,
  question: 300,
  questions: 500,
  questionsPerPerson: 10,
  proposal: 1000,
  proposals: 50,
  /** Distinct countries counted in the registration figures; later ones count as "other". */
  countries: 300,
  /** Registrations one `people.joined` entry carries at most (J1); more go into the next. */
  joinsPerEntry: 500,
  /** Communities-and-countries counted for O2; a group beyond them counts as too small (its members show their region). */
  publicGroups: 1_000,
} as const;

/** Defaults the reducer uses when a template or command does not say. */
export const DEFAULTS = {
  plenarySpeakingLimitMs: 2 * 60 * 1000,
  speakingLimitMs: 3 * 60 * 1000,
  pointOfOrderMs: 60 * 1000,
  /** The share of a panel segment kept for questions after the panelists' turns, unless its template says otherwise (P4). */
  panelQuestionsShare: 0.2,
  /** In anything public, a community and country are shown only where at least this many registrants share them (O2). */
  anonymityK: 5,
} as const;
