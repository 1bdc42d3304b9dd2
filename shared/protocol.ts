/**
 * The wire protocol: every command a client may send and every message the server sends,
 * as zod schemas. Types are inferred from them; nothing here is written twice.
 */
import { z } from 'zod';
import {
  BALLOT_LIST,
  CAPTURE_KIND_LIST,
  CONTRIBUTION_KIND_LIST,
  DEFAULTS,
  ERROR_CODES,
  type ErrorCode,
  LIMITS,
  REGION_LIST,
  ROLE_LIST,
  SEGMENT_KIND_LIST,
  VOTE_ANSWER_LIST,
} from './constants.ts';
import { isCountryCode } from './countries.ts';
import { PersonRefSchema, RosterPersonSchema, TallySchema } from './state.ts';
import { isNormalText, normaliseText, withScheme } from './text.ts';
import { PackedStateSchema } from './wire.ts';

const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** Is `s` exactly what `text(max, min)` outputs, so parsing it again would change nothing? */
export function isCleanText(s: unknown, max: number, min = 0): s is string {
  return typeof s === 'string' && s.length >= min && s.length <= max && s.trim() === s && !CONTROL_CHARACTERS.test(s) && isNormalText(s);
}

/**
 * Trimmed, bounded text; line breaks become `\n`, unpaired bidi controls and lone surrogates
 * are removed (S14), other control characters than newline and tab are refused.
 */
export function text(max: number, min = 0) {
  return z
    .string()
    .max(max * 4) // bound the work before trimming
    .transform((s) => normaliseText(s).trim())
    .pipe(
      z
        .string()
        .min(min, min > 0 ? 'must not be empty' : undefined)
        .max(max, `must be at most ${max} characters`)
        .refine((s) => !CONTROL_CHARACTERS.test(s), 'must not contain control characters'),
    );
}

const personId = z.string().min(1).max(LIMITS.id);
const segmentId = z.string().min(1).max(LIMITS.id);
const durationMs = z.number().int().min(0).max(LIMITS.maxDurationMs);
const signedDurationMs = z.number().int().min(-LIMITS.maxDurationMs).max(LIMITS.maxDurationMs);
const handKind = z.enum(['hand', 'pointOfOrder']);
const empty = z.strictObject({});

/** A segment as the moderator adds it while editing the agenda. */
export const SegmentDraftSchema = z.strictObject({
  title: text(LIMITS.title, 1),
  format: text(LIMITS.title).default(''),
  kind: z.enum(SEGMENT_KIND_LIST),
  durationMs: durationMs.min(60_000, 'must be at least one minute'),
  speakingLimitMs: durationMs.optional(),
});

/** The normalised event, as stamped into the ledger by `event.create` (server-made, never from a socket). */
export const EventSetupSchema = z.strictObject({
  title: text(LIMITS.title, 1),
  description: text(LIMITS.bio).default(''),
  callUrl: text(LIMITS.url).default(''),
  scheduledStartAt: z.number().int().nonnegative().nullable(),
  roster: z.array(RosterPersonSchema).max(LIMITS.roster),
  segments: z
    .array(
      z.strictObject({
        id: segmentId,
        title: text(LIMITS.title, 1),
        format: text(LIMITS.title),
        kind: z.enum(SEGMENT_KIND_LIST),
        plannedMs: durationMs,
        speakingLimitMs: durationMs,
        panel: z.array(z.strictObject({ personId, allocationMs: durationMs })),
      }),
    )
    .min(1)
    .max(LIMITS.segments),
  /** O2: the smallest group of registrants whose community and country anything public may show. */
  privacy: z.strictObject({ k: z.number().int().min(1).max(1000) }).default({ k: DEFAULTS.anonymityK }),
});
export type EventSetup = z.infer<typeof EventSetupSchema>;

/** A tag as people type it ("#Health ") and as the board filters by it ("health"). */
const tag = text(LIMITS.tag + 1, 1)
  .transform((t) => t.replace(/^#/, '').replace(/\s+/g, ' ').toLowerCase())
  .pipe(z.string().min(1, 'must not be empty').max(LIMITS.tag, `must be at most ${LIMITS.tag} characters`));
const tags = z
  .array(tag)
  .max(LIMITS.tagsPerContribution, `at most ${LIMITS.tagsPerContribution} tags`)
  .transform((list) => [...new Set(list)]);
/**
 * Only http(s) links: a `javascript:` or `data:` link never reaches anyone's screen. A link
 * typed without its scheme ("www.asf.fr") is read as https (K10).
 */
const link = z
  .string()
  .max(LIMITS.url * 4) // bound the work before trimming
  .transform(withScheme)
  .pipe(z.union([z.literal(''), z.url({ protocol: /^https?$/, error: 'must be an http or https address' }).max(LIMITS.url)]));
const itemId = z.number().int().positive();
/**
 * The call link (CL1): https only, so a `javascript:` or plain-http link never reaches a
 * "Join the call" button; null takes it away.
 */
const callLink = z
  .url({ protocol: /^https$/, error: 'must be an https address' })
  .max(LIMITS.url, `must be at most ${LIMITS.url} characters`)
  .nullable();

const ContributionPostSchema = z.strictObject({
  kind: z.enum(CONTRIBUTION_KIND_LIST),
  title: text(LIMITS.contributionTitle, 1),
  text: text(LIMITS.contributionText, 1),
  tags: tags.default([]),
  link: link.default(''),
});

const ContributionEditSchema = z
  .strictObject({
    contributionId: itemId,
    title: text(LIMITS.contributionTitle, 1).optional(),
    text: text(LIMITS.contributionText, 1).optional(),
    tags: tags.optional(),
    link: link.optional(),
  })
  .refine((p) => p.title !== undefined || p.text !== undefined || p.tags !== undefined || p.link !== undefined, 'an edit must change at least one field');

/** The result of a proposal; an amendment carries its new text. */
const ProposalDecisionSchema = z.discriminatedUnion('result', [
  z.strictObject({ proposalId: itemId, result: z.literal('adopted') }),
  z.strictObject({ proposalId: itemId, result: z.literal('amended'), amendedText: text(LIMITS.proposal, 1) }),
  z.strictObject({ proposalId: itemId, result: z.literal('dropped') }),
]);

const ProposalCloseSchema = z.strictObject({ proposalId: itemId });

function command<T extends string, P extends z.ZodType>(type: T, payload: P) {
  return z.strictObject({ type: z.literal(type), payload });
}

/**
 * A registration as the figures count it (J1, J2). The community counts a registrant in the
 * public groups (O2) on the node only: no browser receives it (B4).
 */
const JoinSchema = z.strictObject({ personId, region: z.enum(REGION_LIST), country: text(LIMITS.country, 1), community: text(LIMITS.community).optional() });
export type Join = z.infer<typeof JoinSchema>;
/** Bound of a sealed field: an actor's and a join's identity fit with ample room. */
export const SEALED_MAX = 2_048;
/**
 * A join in a fold (J1). At rest only, `sealed` holds the registrant's country and community
 * encrypted with their own key (ER1, server/ledger/sealed.ts), the country then reading
 * "Other countries"; it never leaves a node (a browser receives counts, B4).
 */
const FoldedJoinSchema = JoinSchema.extend({ sealed: z.string().max(SEALED_MAX).optional() });

export const CommandSchema = z.discriminatedUnion('type', [
  command('event.create', EventSetupSchema),
  command('event.start', empty),
  command('event.end', empty),
  command('event.setCallLink', z.strictObject({ url: callLink })),
  command('announcement.set', z.strictObject({ text: text(LIMITS.announcement, 1) })),
  command('announcement.clear', empty),
  // A8: null clears the scheduled start (the plan then counts from the actual start).
  command('event.schedule', z.strictObject({ startAt: z.number().int().nonnegative().max(8_640_000_000_000_000).nullable() })),
  command('agenda.next', empty),
  command('agenda.previous', empty),
  command('agenda.goto', z.strictObject({ segmentId })),
  command('agenda.pause', empty),
  command('agenda.resume', empty),
  command('agenda.adjust', z.strictObject({ deltaMs: signedDurationMs })),
  command('agenda.addSegment', z.strictObject({ segment: SegmentDraftSchema, index: z.number().int().min(0).max(LIMITS.segments).optional() })),
  command('agenda.removeSegment', z.strictObject({ segmentId })),
  command('agenda.moveSegment', z.strictObject({ segmentId, index: z.number().int().min(0).max(LIMITS.segments) })),
  command(
    'agenda.updateSegment',
    z.strictObject({
      segmentId,
      title: text(LIMITS.title, 1).optional(),
      format: text(LIMITS.title).optional(),
      kind: z.enum(SEGMENT_KIND_LIST).optional(),
      durationMs: durationMs.min(60_000, 'must be at least one minute').optional(),
    }),
  ),
  command('queue.raise', z.strictObject({ topic: text(LIMITS.topic).default('') })),
  command('queue.pointOfOrder', z.strictObject({ note: text(LIMITS.pointOfOrderNote, 1) })),
  command('queue.lower', z.strictObject({ kind: handKind.default('hand') })),
  command('queue.remove', z.strictObject({ personId, kind: handKind.default('hand') })),
  command('queue.move', z.strictObject({ personId, kind: handKind.default('hand'), position: z.number().int().min(1).max(100_000) })),
  command('queue.lowerAll', empty),
  command('queue.setOpen', z.strictObject({ open: z.boolean() })),
  command('queue.setOrder', z.strictObject({ order: z.enum(['firstCome', 'balanced']) })),
  command('floor.giveNext', empty),
  command('floor.give', z.strictObject({ personId, kind: handKind.optional() })),
  command('floor.end', empty),
  command('floor.pause', empty),
  command('floor.resume', empty),
  command('floor.restoreLast', empty),
  command(
    'floor.extend',
    z.strictObject({
      deltaMs: z
        .number()
        .int()
        .min(10_000, 'at least 10 seconds')
        .max(10 * 60_000, 'at most 10 minutes'),
    }),
  ),
  command('floor.setLimit', z.strictObject({ limitMs: durationMs.min(10_000, 'must be at least 10 seconds'), segmentId: segmentId.optional() })),
  command('panel.setAllocation', z.strictObject({ segmentId, personId, allocationMs: durationMs })),
  command('panel.setOrder', z.strictObject({ segmentId, personIds: z.array(personId).max(LIMITS.roster) })),
  command('chat.send', z.strictObject({ text: text(LIMITS.chatText, 1) })),
  command('chat.delete', z.strictObject({ messageId: z.number().int().positive() })),
  command('chat.pin', z.strictObject({ messageId: z.number().int().positive() })),
  command('chat.unpin', empty),
  command('chat.mute', z.strictObject({ personId, muted: z.boolean() })),
  command('contributions.post', ContributionPostSchema),
  command('contributions.edit', ContributionEditSchema),
  command('contributions.endorse', z.strictObject({ contributionId: itemId })),
  command('contributions.feature', z.strictObject({ contributionId: itemId, featured: z.boolean() })),
  command('contributions.hide', z.strictObject({ contributionId: itemId, reason: text(LIMITS.reason, 1) })),
  command('contributions.merge', z.strictObject({ contributionId: itemId, intoId: itemId })),
  command('notes.grant', z.strictObject({ personId, granted: z.boolean() })),
  // `unlinked: true` captures a point tied to no turn; otherwise it is linked to the turn in progress (or just ended).
  command('notes.capture', z.strictObject({ kind: z.enum(CAPTURE_KIND_LIST), text: text(LIMITS.capture, 1), unlinked: z.boolean().default(false) })),
  command('notes.edit', z.strictObject({ captureId: itemId, text: text(LIMITS.capture, 1) })),
  command('notes.remove', z.strictObject({ captureId: itemId })),
  // `anonymous`: nobody but moderators and the asker sees who asked (QA8).
  command('questions.ask', z.strictObject({ text: text(LIMITS.question, 1), anonymous: z.boolean().optional() })),
  command('questions.upvote', z.strictObject({ questionId: itemId })),
  command('questions.show', z.strictObject({ questionId: itemId.nullable() })),
  command('questions.answer', z.strictObject({ questionId: itemId, panelistId: personId.optional() })),
  command('questions.dismiss', z.strictObject({ questionId: itemId })),
  command('questions.moderate', z.strictObject({ moderated: z.boolean() })),
  command('questions.approve', z.strictObject({ questionId: itemId })),
  /**
   * What a held question's approval becomes for everyone but moderators (QA9, B11): the question
   * as they may see it, which they never received while it waited. Never in the ledger, never
   * from a socket: only the projection makes it.
   */
  command(
    'questions.published',
    z.strictObject({
      question: z.strictObject({
        id: itemId,
        text: text(LIMITS.question, 1),
        author: PersonRefSchema,
        askedAt: z.number().int().nonnegative(),
        segmentId,
        anonymous: z.boolean(),
      }),
    }),
  ),
  command('proposals.add', z.strictObject({ text: text(LIMITS.proposal, 1) })),
  command('proposals.edit', z.strictObject({ proposalId: itemId, text: text(LIMITS.proposal, 1) })),
  // `ballot` and `hideResults` apply when the show opens a draft: a secret ballot unless the moderator
  // asks for a named vote (V6); results shown live unless the moderator hides them until it closes (V8).
  command('proposals.show', z.strictObject({ proposalId: itemId.nullable(), ballot: z.enum(BALLOT_LIST).optional(), hideResults: z.boolean().optional() })),
  command('proposals.vote', z.strictObject({ proposalId: itemId, answer: z.enum(VOTE_ANSWER_LIST) })),
  command('proposals.close', ProposalCloseSchema),
  command('proposals.decide', ProposalDecisionSchema),
  /**
   * What a secret ballot's vote becomes for everyone but the voter (B7): the tally after it,
   * no voter, no answer (null for a vote the reducer refused). Never in the ledger, never from
   * a socket: only the projection makes it.
   */
  /**
   * What an entry the reducer refused becomes for browsers (B8): it changed nothing but the
   * seq, so nothing of it is theirs. Never in the ledger, never from a socket.
   */
  command('entry.refused', empty),
  command('proposals.tally', z.strictObject({ proposalId: itemId, tally: TallySchema.nullable() })),
  /**
   * What a vote whose results are hidden becomes for everyone but the voter (V8, B10): how many
   * have answered after it, no voter, no answer. Never in the ledger, never from a socket.
   */
  command('proposals.answered', z.strictObject({ proposalId: itemId, answered: z.number().int().nonnegative() })),
  /**
   * What closing a vote whose results were hidden becomes for browsers (V8, B10): the close or the
   * decision as it was, with the tally it froze, which no browser held before. Never in the
   * ledger, never from a socket.
   */
  command(
    'proposals.revealed',
    z.strictObject({
      tally: TallySchema,
      of: z.discriminatedUnion('type', [command('proposals.close', ProposalCloseSchema), command('proposals.decide', ProposalDecisionSchema)]),
    }),
  ),
  command('outcome.setPublic', z.strictObject({ public: z.boolean() })),
  /** One registration, as ledgers written before J1's folding hold them (never from a socket): feeds the figures, names no one. */
  command('people.join', JoinSchema),
  /**
   * Stamped by the server (never from a socket): the registrations a node took in an interval,
   * folded into one entry (J1). A browser receives them counted, as `registrant` (B4).
   */
  command('people.joined', z.strictObject({ people: z.array(FoldedJoinSchema).min(1).max(LIMITS.joinsPerEntry) })),
  /**
   * A `people.joined` as browsers receive it (B4): how many registered, by region and by the
   * country label they were counted under. Never in the ledger, never from a socket.
   */
  command(
    'people.counted',
    z.strictObject({
      byRegion: z.partialRecord(z.enum(REGION_LIST), z.number().int().positive()),
      byCountry: z.record(text(LIMITS.country, 1), z.number().int().positive()).refine((r) => Object.keys(r).length <= LIMITS.joinsPerEntry),
    }),
  ),
  /**
   * A moderator removes someone: their hands go and their turn ends; the node also revokes their links (S5).
   * With `purge`, everything they posted goes in the same entry (S50).
   */
  // `anonymousQuestions`: what a purge removes that a browser holds as nobody's (B11); only the projection sets it.
  command(
    'people.remove',
    z.strictObject({
      personId,
      reason: text(LIMITS.reason).default(''),
      purge: z.boolean().optional(),
      anonymousQuestions: z.array(itemId).max(LIMITS.questionsPerPerson).optional(),
    }),
  ),
  /**
   * Stamped by the server when a person deletes their registration: their name leaves the state (S9).
   * `country` is the one they registered with, so their count leaves that country's figure (J4);
   * it is sealed with their own key (ER1) and absent once the key is destroyed.
   */
  command('people.forget', z.strictObject({ personId, country: text(LIMITS.country, 1).optional(), community: text(LIMITS.community).optional() })),
]);
export type Command = z.infer<typeof CommandSchema>;
export type CommandType = Command['type'];
export type CommandOf<T extends CommandType> = Extract<Command, { type: T }>;
export const COMMAND_TYPES = CommandSchema.options.map((o) => o.shape.type.value) as CommandType[];

/** Who appended an entry. `system` is the server itself (event creation). */
export const ActorSchema = PersonRefSchema.extend({ role: z.enum([...ROLE_LIST, 'system']) });
export type Actor = z.infer<typeof ActorSchema>;

/**
 * What a command id may look like. The client picks a fresh random one for each command the
 * person means, and sends it again, unchanged, with every retry of that command (ID1, ID2).
 */
export const COMMAND_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;
export const CommandIdSchema = z.string().regex(COMMAND_ID_PATTERN, 'must be 8 to 64 letters, digits, "_" or "-"');

/**
 * The `command` packet on the wire: a command, with the id its sender chose. Without an id a
 * command works as before, but a retry of it may be applied twice.
 */
export type CommandPacket = Command & { id?: z.infer<typeof CommandIdSchema> };
/** A command packet as a client may write it: before the server's defaults and trimming. */
export type CommandPacketInput = z.input<typeof CommandSchema> & { id?: z.input<typeof CommandIdSchema> };

export const EntrySchema = z.object({
  seq: z.number().int().positive(),
  at: z.number().int().nonnegative(),
  actor: ActorSchema,
  command: CommandSchema,
  /** The id the sender gave the command: the ledger appends (actor.id, commandId) once (L13). */
  commandId: CommandIdSchema.optional(),
  /**
   * The person's identity in this entry, encrypted with their own key (ER1, server/ledger/sealed.ts);
   * the other fields then hold the "Former participant" form. Only at rest: never leaves a node.
   */
  sealed: z.string().max(SEALED_MAX).optional(),
});
export type Entry = z.infer<typeof EntrySchema>;

export const ErrorSchema = z.object({
  code: z.enum(Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]]),
  message: z.string(),
  /** With `rate_limited`: how long to wait before trying again. */
  retryAfterMs: z.number().int().nonnegative().optional(),
});
export type GavelError = z.infer<typeof ErrorSchema>;

/** The answer to every command: `{ ok: true, seq }` once applied, or an error that changed nothing. */
export const AckSchema = z.union([
  z.object({ ok: z.literal(true), seq: z.number().int().positive(), position: z.number().int().positive().optional() }),
  z.object({ ok: z.literal(false), error: ErrorSchema }),
]);
export type Ack = z.infer<typeof AckSchema>;

export const SelfSchema = RosterPersonSchema.pick({ id: true, name: true, role: true, community: true, region: true, country: true });
export type Self = z.infer<typeof SelfSchema>;

export const PresenceCountsSchema = z.record(z.enum(ROLE_LIST), z.number().int().nonnegative());
export type PresenceCounts = z.infer<typeof PresenceCountsSchema>;

/** Ephemeral reactions: never in the ledger, aggregated per second on each node. */
export const REACTION_KINDS = ['applause', 'heart', 'plusOne', 'laugh'] as const;
export type ReactionKind = (typeof REACTION_KINDS)[number];
export const ReactionRequestSchema = z.strictObject({ kind: z.enum(REACTION_KINDS) });
export const ReactionCountsSchema = z.record(z.enum(REACTION_KINDS), z.number().int().nonnegative());
export type ReactionCounts = z.infer<typeof ReactionCountsSchema>;
/** The answer to a reaction: no seq, a reaction never enters the ledger. */
export const ReactionAckSchema = z.union([z.object({ ok: z.literal(true) }), z.object({ ok: z.literal(false), error: ErrorSchema })]);
export type ReactionAck = z.infer<typeof ReactionAckSchema>;

/** Server → client messages, one Socket.IO event name each. */
export const ServerMessages = {
  /** One node's reactions of the last second; with several nodes a client adds up the batches. */
  reactions: z.object({ counts: ReactionCountsSchema }),
  /** The state in its packed wire form (shared/wire.ts): `unpackState` gives the EventState. */
  snapshot: z.object({ state: PackedStateSchema, self: SelfSchema }),
  entries: z.object({ entries: z.array(EntrySchema) }),
  presence: z.object({ counts: PresenceCountsSchema, total: z.number().int().nonnegative() }),
  /**
   * `revoked`: the link was revoked (S4); `deleted`: the registration was deleted (S9, X2), so
   * the person may register again. `reason`: what the moderator who removed the person typed
   * (S5), for the page to show in the person's language. `waiting`: the registration waits in
   * the lobby, and the socket gets nothing else until `admitted` (reconnect now: the next
   * handshake is let in) or `declined` (the registration is gone) (S46).
   */
  notice: z.object({
    code: z.enum(['shutdown', 'revoked', 'removed', 'deleted', 'throttled', 'waiting', 'admitted', 'declined']),
    message: z.string(),
    reason: z.string().optional(),
  }),
  /**
   * To moderators and note-takers only (S46, S47): how many registrations wait in the lobby and
   * how many are flagged, at join and whenever either changes. The lists are REST pages.
   */
  moderation: z.object({ waiting: z.number().int().nonnegative(), flagged: z.number().int().nonnegative() }),
} as const;
export type ServerMessageName = keyof typeof ServerMessages;
export type ServerMessage<N extends ServerMessageName> = z.infer<(typeof ServerMessages)[N]>;

/** The Socket.IO handshake's `auth`: the token of the person's link. Other fields are ignored. */
export const HandshakeAuthSchema = z.object({
  token: z.string(),
  /** RC1: where a reconnecting client's replica stands; the node sends what it missed instead of a snapshot when it can. */
  sinceSeq: z.number().int().nonnegative().optional().catch(undefined),
});

/** Client → server requests other than commands, with their payload schemas. */
export const SyncRequestSchema = z.strictObject({ sinceSeq: z.number().int().nonnegative() });
export const SyncReplySchema = z.union([
  z.object({ ok: z.literal(true), entries: z.array(EntrySchema) }),
  z.object({ ok: z.literal(true), snapshot: ServerMessages.snapshot }),
  z.object({ ok: z.literal(false), error: ErrorSchema }),
]);
export type SyncReply = z.infer<typeof SyncReplySchema>;
export const PingRequestSchema = z.strictObject({ clientSentAt: z.number().finite() });
export const PingReplySchema = z.object({ clientSentAt: z.number(), serverAt: z.number() });
export type PingReply = z.infer<typeof PingReplySchema>;

/**
 * An event passcode as typed, trimmed the same way where a moderator sets it and where a
 * registration checks it (S32): a space copied along with it never makes the right one wrong.
 */
export const passcodeText = z.string().trim().max(LIMITS.passcode);

/**
 * J5: the form sends the ISO 3166 code of a country; two letters are read as one (upper case)
 * and must be on the list. Longer free text is still taken (an older page, an API client) and
 * counted by spelling (J2).
 */
const registrationCountry = text(LIMITS.country, 1)
  .transform((s) => (/^[a-z]{2}$/i.test(s) ? s.toUpperCase() : s))
  .refine((s) => s.length !== 2 || isCountryCode(s), 'must be an ISO 3166 country code, such as DE or SN');

/** Registration form: the only personal data Gavel asks for. */
export const RegistrationSchema = z.strictObject({
  name: text(LIMITS.name, 1),
  community: text(LIMITS.community, 1),
  region: z.enum(REGION_LIST),
  country: registrationCountry,
  organisation: text(LIMITS.organisation).default(''),
  /** Named in the published outcome document (O2). */
  consentToBeNamed: z.boolean(),
  /** Named on the projected stage and the livestream overlay (S17); absent means no. */
  consentToStage: z.boolean().default(false),
  passcode: passcodeText.optional(),
});
/** What a browser sends: the consents may be left out (no). */
export type Registration = z.input<typeof RegistrationSchema>;

/** The first readable issue of a zod error, as "path: message". */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
}
