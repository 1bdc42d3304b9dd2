/**
 * What every auth backend stores, as zod schemas a read is checked against, and `AuthRecords`:
 * the records in memory, changed only by applying an `AuthChange`. The memory store applies
 * each change at once; the file store writes it to its journal first and replays the journal
 * into the same records at start. The Redis store keeps nothing in memory.
 */
import { z } from 'zod';
import { REGION_LIST, ROLE_LIST } from '../../shared/constants.ts';
import { describeZodError } from '../../shared/protocol.ts';
import {
  type Credential,
  type DirectoryPage,
  FLAGS_KEPT,
  hashToken,
  type NetworkMark,
  OPEN_REGISTRATION,
  type RegistrationPolicy,
  type RegistrationsPage,
} from './types.ts';

/** The shape, not the limits: a profile accepted once stays readable when the limits change. */
export const CredentialSchema = z.object({
  eventId: z.string(),
  personId: z.string(),
  role: z.enum(ROLE_LIST),
  profile: z.object({
    id: z.string(),
    name: z.string(),
    community: z.string(),
    region: z.enum(REGION_LIST),
    country: z.string(),
    consent: z.boolean().optional(),
    stageConsent: z.boolean().optional(),
    organisation: z.string(),
    consentToBeNamed: z.boolean(),
    consentToStage: z.boolean().optional(),
  }),
  issuedAt: z.number(),
  sealingKey: z.string().optional(),
  fromSeq: z.number().int().nonnegative().optional(),
  network: z.string().optional(),
  waiting: z.boolean().optional(),
  flag: z.object({ why: z.enum(['removed', 'muted']), personId: z.string() }).optional(),
}) satisfies z.ZodType<Credential>;

export const RegistrationPolicySchema = z.object({
  open: z.boolean(),
  passcodeHash: z.string().nullable(),
  lobby: z.boolean().optional(),
}) satisfies z.ZodType<RegistrationPolicy>;

export const NetworkMarkSchema = z.object({
  personId: z.string(),
  why: z.enum(['removed', 'muted']),
  network: z.string(),
  reason: z.string(),
  at: z.number(),
  blocked: z.boolean(),
}) satisfies z.ZodType<NetworkMark>;

const AuthRecordSchema = z.object({ hash: z.string(), credential: CredentialSchema, revoked: z.boolean() });
export type AuthRecord = z.infer<typeof AuthRecordSchema>;

/** One change to the auth records: a line of the file store's journal. */
export const AuthChangeSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('issue'), record: AuthRecordSchema }),
  z.object({ op: z.literal('revoke'), hashes: z.array(z.string()) }),
  z.object({ op: z.literal('erase'), eventId: z.string(), personId: z.string() }),
  z.object({ op: z.literal('policy'), eventId: z.string(), policy: RegistrationPolicySchema }),
  z.object({ op: z.literal('admit'), eventId: z.string(), personId: z.string() }),
  z.object({ op: z.literal('mark'), eventId: z.string(), personId: z.string(), mark: NetworkMarkSchema.nullable() }),
]);
export type AuthChange = z.infer<typeof AuthChangeSchema>;

/**
 * A stored value checked against its schema; a damaged one throws naming `where`, instead of
 * breaking whatever reads it later. The value returned is the stored one, not zod's copy, so a
 * record is written back with the very same bytes.
 */
export function parseStored<T>(schema: z.ZodType<T>, raw: unknown, where: string): T {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new Error(`${where}: invalid record (${describeZodError(parsed.error)})`);
  return raw as T;
}

/** `parseStored` of a JSON string. */
export function parseStoredJson<T>(schema: z.ZodType<T>, json: string, where: string): T {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new Error(`${where}: unreadable JSON`);
  }
  return parseStored(schema, raw, where);
}

/** The change that stores a new credential, and the token it is the only holder of. */
export function issuing(credential: Credential, token: string): AuthChange {
  return { op: 'issue', record: { hash: hashToken(token), credential, revoked: false } };
}

export class AuthRecords {
  private readonly byHash = new Map<string, AuthRecord>();
  /** Per event, participants in registration order (one record per person). */
  private readonly participants = new Map<string, Credential[]>();
  /** Per person: the credential last issued and every token hash they ever held. */
  private readonly people = new Map<string, { credential: Credential; hashes: Set<string> }>();
  private readonly policies = new Map<string, RegistrationPolicy>();
  /** Per event, who waits in the lobby (S46), in registration order. */
  private readonly lobbies = new Map<string, Map<string, Credential>>();
  /** Per event, flagged participants' ids in registration order (S47). */
  private readonly flags = new Map<string, string[]>();
  /** Per event, marked networks by the person marked (S44, S47), in the order marked. */
  private readonly networkMarks = new Map<string, Map<string, NetworkMark>>();

  resolve(token: string): Credential | null {
    const record = this.byHash.get(hashToken(token));
    return record && !record.revoked ? record.credential : null;
  }

  /** The hashes of a person's tokens that still work. */
  liveHashes(eventId: string, personId: string): string[] {
    const held = this.people.get(personKey(eventId, personId))?.hashes ?? [];
    return [...held].filter((hash) => this.byHash.get(hash)?.revoked === false);
  }

  directory(eventId: string, offset: number, limit: number): DirectoryPage {
    const all = this.participants.get(eventId) ?? [];
    return {
      total: all.length,
      people: all.slice(offset, offset + limit).map((c) => ({ personId: c.personId, role: c.role, profile: c.profile })),
    };
  }

  person(eventId: string, personId: string): Credential | null {
    return this.people.get(personKey(eventId, personId))?.credential ?? null;
  }

  registrationPolicy(eventId: string): RegistrationPolicy {
    return this.policies.get(eventId) ?? OPEN_REGISTRATION;
  }

  waiting(eventId: string, offset: number, limit: number): RegistrationsPage {
    const lobby = this.lobbies.get(eventId);
    if (!lobby || limit <= 0) return { total: lobby?.size ?? 0, people: [] };
    // A page walks the lobby only as far as it ends: counting it (limit 0) costs nothing, however many wait.
    const people: Credential[] = [];
    for (const credential of lobby.values()) {
      if (people.length === limit) break;
      if (offset > 0) offset--;
      else people.push(credential);
    }
    return { total: lobby.size, people };
  }

  isWaiting(eventId: string, personId: string): boolean {
    return this.lobbies.get(eventId)?.has(personId) ?? false;
  }

  flagged(eventId: string, limit: number): RegistrationsPage {
    const ids = this.flags.get(eventId) ?? [];
    const people = ids
      .slice(ids.length - Math.min(limit, FLAGS_KEPT))
      .reverse()
      .flatMap((id) => this.person(eventId, id) ?? []);
    return { total: ids.length, people };
  }

  marks(eventId: string): NetworkMark[] {
    return [...(this.networkMarks.get(eventId)?.values() ?? [])].reverse();
  }

  apply(change: AuthChange): void {
    switch (change.op) {
      case 'issue':
        this.remember(change.record);
        return;
      case 'revoke':
        this.forget(change.hashes);
        return;
      case 'erase':
        this.erase(change.eventId, change.personId);
        return;
      case 'policy':
        this.policies.set(change.eventId, change.policy);
        return;
      case 'admit':
        this.admit(change.eventId, change.personId);
        return;
      case 'mark': {
        const marks = this.networkMarks.get(change.eventId) ?? new Map<string, NetworkMark>();
        // A new mark goes to the end: the list is in the order marked.
        marks.delete(change.personId);
        if (change.mark) marks.set(change.personId, change.mark);
        this.networkMarks.set(change.eventId, marks);
        return;
      }
      default:
        throw new Error(`unknown auth change ${JSON.stringify(change satisfies never)}`);
    }
  }

  private remember(record: AuthRecord): void {
    this.byHash.set(record.hash, record);
    const { credential } = record;
    const key = personKey(credential.eventId, credential.personId);
    const person = this.people.get(key);
    if (person) {
      person.credential = credential;
      person.hashes.add(record.hash);
    } else {
      this.people.set(key, { credential, hashes: new Set([record.hash]) });
    }
    if (credential.role !== 'participant') return;
    if (!person && credential.flag) {
      const flagged = this.flags.get(credential.eventId) ?? [];
      flagged.push(credential.personId);
      this.flags.set(credential.eventId, flagged);
    }
    if (credential.waiting) {
      const lobby = this.lobbies.get(credential.eventId) ?? new Map<string, Credential>();
      this.lobbies.set(credential.eventId, lobby.set(credential.personId, credential));
      return;
    }
    this.listParticipant(credential);
  }

  private listParticipant(credential: Credential): void {
    const list = this.participants.get(credential.eventId) ?? [];
    if (!list.some((c) => c.personId === credential.personId)) list.push(credential);
    this.participants.set(credential.eventId, list);
  }

  /** Out of the lobby: every record of the person, live or revoked, now holds the admitted credential. */
  private admit(eventId: string, personId: string): void {
    const lobby = this.lobbies.get(eventId);
    const person = this.people.get(personKey(eventId, personId));
    if (!lobby?.delete(personId) || !person) return;
    const { waiting: _, ...admitted } = person.credential;
    person.credential = admitted;
    for (const hash of person.hashes) {
      const record = this.byHash.get(hash);
      if (record) record.credential = admitted;
    }
    this.listParticipant(admitted);
  }

  private forget(hashes: readonly string[]): void {
    for (const hash of hashes) {
      const record = this.byHash.get(hash);
      if (record) record.revoked = true;
    }
  }

  /** Drop every trace of a person: their records (revoked or not), their profile, their directory line. */
  private erase(eventId: string, personId: string): void {
    const key = personKey(eventId, personId);
    for (const hash of this.people.get(key)?.hashes ?? []) this.byHash.delete(hash);
    this.people.delete(key);
    const list = this.participants.get(eventId);
    if (list)
      this.participants.set(
        eventId,
        list.filter((c) => c.personId !== personId),
      );
    this.lobbies.get(eventId)?.delete(personId);
    const flagged = this.flags.get(eventId);
    if (flagged?.includes(personId))
      this.flags.set(
        eventId,
        flagged.filter((id) => id !== personId),
      );
  }
}

function personKey(eventId: string, personId: string): string {
  return `${eventId}\u0000${personId}`;
}
