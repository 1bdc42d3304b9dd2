/**
 * The REST API's requests and answers, as zod schemas with their types: the node builds its
 * answers to these types and parses requests with these schemas; the client imports only
 * the types (zod stays out of the browser bundle, see client/src/wire.ts). The registration
 * form itself is `RegistrationSchema` in `protocol.ts`.
 */
import { z } from 'zod';
import { LIMITS, REGION_LIST, ROLE_LIST } from './constants.ts';
import { passcodeText } from './protocol.ts';
import { ChatMessageSchema, EventStateSchema, PersonRefSchema, RosterPersonSchema, SegmentSchema } from './state.ts';

/**
 * Whether the registration form may be sent at all, whether it needs the event's passcode (S6),
 * and whether registrations wait in the lobby until a moderator or note-taker admits them (S46).
 */
export const RegistrationInfoSchema = z.object({ open: z.boolean(), passcode: z.boolean(), lobby: z.boolean() });
export type RegistrationInfo = z.infer<typeof RegistrationInfoSchema>;

/** What anyone may read about an event before registering (GET /api/events/:eventId). */
export const PublicEventSchema = z.object({
  id: EventStateSchema.shape.eventId,
  title: EventStateSchema.shape.title,
  description: EventStateSchema.shape.description,
  status: EventStateSchema.shape.status,
  scheduledStartAt: EventStateSchema.shape.scheduledStartAt,
  segments: z.array(SegmentSchema.pick({ id: true, title: true, format: true, kind: true, plannedMs: true })),
  /** The programme's people, without the registration-time consent (their names are public anyway). */
  roster: z.array(RosterPersonSchema.omit({ consent: true })),
  registration: RegistrationInfoSchema,
});
export type PublicEvent = z.infer<typeof PublicEventSchema>;

/**
 * The answer to a registration (POST /api/events/:eventId/register): the token is the person's
 * link. `waiting`: the event has a lobby (S46), and the link works once someone admits them.
 */
export const RegisteredSchema = z.object({ token: z.string(), personId: z.string(), eventId: z.string(), waiting: z.boolean() });
export type Registered = z.infer<typeof RegisteredSchema>;

/** What a registration holds about a person: the form's fields, never the passcode. */
export const ProfileSchema = PersonRefSchema.extend({
  organisation: z.string().max(LIMITS.organisation),
  consentToBeNamed: z.boolean(),
  /** Absent on registrations older than the question: no. */
  consentToStage: z.boolean().optional(),
});

/** What Gavel holds about the signed-in person (GET /api/me). */
export const MyRegistrationSchema = z.object({
  eventId: z.string(),
  personId: z.string(),
  role: z.enum(ROLE_LIST),
  profile: ProfileSchema,
  /** Still in the lobby (S46). */
  waiting: z.boolean(),
});
export type MyRegistration = z.infer<typeof MyRegistrationSchema>;

/** A page of the chat history, older than the window of the state (GET /api/events/:eventId/chat). */
export const ChatPageSchema = z.object({ messages: z.array(ChatMessageSchema), more: z.boolean() });
export type ChatPage = z.infer<typeof ChatPageSchema>;

const InviteLinkSchema = z.object({ personId: z.string(), role: z.string(), name: z.string(), title: z.string(), url: z.string() });

/** The organisers' links and the participants' shared link (GET /api/events/:eventId/links, moderators only). */
export const InviteLinksSchema = z.object({ participantUrl: z.string(), links: z.array(InviteLinkSchema) });
export type InviteLinks = z.infer<typeof InviteLinksSchema>;

/** The answer to creating an event from a template (POST /api/events): its links. */
export const CreatedEventSchema = InviteLinksSchema.extend({ eventId: z.string() });
export type CreatedEvent = z.infer<typeof CreatedEventSchema>;

/** S4: how many tokens of the person died (POST …/people/:personId/revoke). */
export const RevokedSchema = z.object({ revoked: z.number().int().nonnegative() });
export type Revoked = z.infer<typeof RevokedSchema>;

/** S4: the new link of a person whose old one was revoked (POST …/links/:personId/reissue). */
export const ReissuedLinkSchema = z.object({ personId: z.string(), role: z.enum(ROLE_LIST), name: z.string(), url: z.string() });
export type ReissuedLink = z.infer<typeof ReissuedLinkSchema>;

/** S6 (PUT …/registration): `passcode` sets a new one, null removes it, absent keeps the current one. */
export const RegistrationSettingsSchema = z.strictObject({
  open: z.boolean(),
  passcode: passcodeText.min(4, 'must be at least 4 characters').nullable().optional(),
  /** S46: absent keeps the current setting; turning it off admits everyone waiting. */
  lobby: z.boolean().optional(),
});
export type RegistrationSettings = z.infer<typeof RegistrationSettingsSchema>;
/** The settings as the moderator's screen sends them, before trimming. */
export type RegistrationSettingsRequest = z.input<typeof RegistrationSettingsSchema>;

/** One registration in the directory as the viewer may see it (S10). */
export const DirectoryEntrySchema = z.object({
  /** Null for an unnamed person: an id would let anyone match them to what they did in the event. */
  personId: z.string().nullable(),
  role: z.enum(ROLE_LIST),
  named: z.boolean(),
  name: z.string(),
  community: z.string(),
  region: z.enum(REGION_LIST),
  country: z.string(),
  organisation: z.string(),
});
export type DirectoryEntry = z.infer<typeof DirectoryEntrySchema>;

/** A page of the people directory (GET /api/events/:eventId/people). */
export const DirectoryViewSchema = z.object({ total: z.number().int().nonnegative(), people: z.array(DirectoryEntrySchema) });
export type DirectoryView = z.infer<typeof DirectoryViewSchema>;

/**
 * Why a registration is flagged for the moderators (S47): it came from the network of someone
 * removed or muted in this event. `like` names that person as the moderators know them.
 */
export const FlagSchema = z.object({
  why: z.enum(['removed', 'muted']),
  like: z.object({ personId: z.string(), name: z.string() }),
});
export type Flag = z.infer<typeof FlagSchema>;

/** One registration as the moderators and note-takers see it in the lobby or the flags (S46, S47): the form's details. */
export const RegistrationDetailsSchema = z.object({
  personId: z.string(),
  name: z.string(),
  community: z.string(),
  region: z.enum(REGION_LIST),
  country: z.string(),
  organisation: z.string(),
  registeredAt: z.number(),
  flag: FlagSchema.nullable(),
});
export type RegistrationDetails = z.infer<typeof RegistrationDetailsSchema>;

/** S46: who waits in the lobby, oldest first (GET /api/events/:eventId/lobby?offset&limit). */
export const LobbyPageSchema = z.object({ total: z.number().int().nonnegative(), people: z.array(RegistrationDetailsSchema) });
export type LobbyPage = z.infer<typeof LobbyPageSchema>;

/** S46: admit some of those waiting, or all of them (POST /api/events/:eventId/lobby/admit). */
export const AdmitRequestSchema = z.union([
  z.strictObject({ personIds: z.array(z.string().max(64)).min(1).max(500) }),
  z.strictObject({ all: z.literal(true) }),
]);
export type AdmitRequest = z.infer<typeof AdmitRequestSchema>;
/** How many of them were waiting and are now in. */
export const AdmittedSchema = z.object({ admitted: z.number().int().nonnegative() });
export type Admitted = z.infer<typeof AdmittedSchema>;

/** S47: registrations flagged in this event, newest first (GET /api/events/:eventId/flags). */
export const FlagsViewSchema = z.object({ people: z.array(RegistrationDetailsSchema) });
export type FlagsView = z.infer<typeof FlagsViewSchema>;

/**
 * S44, S45: a network blocked because someone who registered from it was removed (GET
 * /api/events/:eventId/blocks, moderators). The address itself is never shown: the block is named
 * by the person removed. `DELETE /api/events/:eventId/blocks/:personId` lifts it.
 */
export const BlockSchema = z.object({ personId: z.string(), name: z.string(), reason: z.string(), at: z.number() });
export type Block = z.infer<typeof BlockSchema>;
export const BlocksViewSchema = z.object({ blocks: z.array(BlockSchema) });
export type BlocksView = z.infer<typeof BlocksViewSchema>;
