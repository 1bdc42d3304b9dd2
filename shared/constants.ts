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
  muted: 403,
  rate_limited: 429,
  too_large: 413,
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
  passcode: 100,
  id: 64,
  segments: 50,
  roster: 200,
  maxDurationMs: 24 * 60 * 60 * 1000,
} as const;

/** Defaults the reducer uses when a template or command does not say. */
export const DEFAULTS = {
  plenarySpeakingLimitMs: 2 * 60 * 1000,
  speakingLimitMs: 3 * 60 * 1000,
  pointOfOrderMs: 60 * 1000,
} as const;
