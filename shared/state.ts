/**
 * The replicated state of one event, as zod schemas with the types inferred from them.
 * Everything here is visible to every member of the event: no token or private contact
 * detail belongs in it.
 */
import { z } from 'zod';
import {
  EVENT_STATUSES, HAND_KINDS, QUEUE_ORDERS, REGION_LIST, ROLE_LIST, SEGMENT_KIND_LIST, TURN_KINDS, LIMITS,
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
  }),
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
    chat: { messages: [], total: 0, muted: [] },
  };
}
