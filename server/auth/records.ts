/**
 * What every auth backend stores, as zod schemas a read is checked against, and `AuthRecords`:
 * the records in memory, changed only by applying an `AuthChange`. The memory store applies
 * each change at once; the file store writes it to its journal first and replays the journal
 * into the same records at start. The Redis store keeps nothing in memory.
 */
import { z } from 'zod';
import { REGION_LIST, ROLE_LIST } from '../../shared/constants.ts';
import { describeZodError } from '../../shared/protocol.ts';
import { type Credential, type DirectoryPage, hashToken, OPEN_REGISTRATION, type RegistrationPolicy } from './types.ts';

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
}) satisfies z.ZodType<Credential>;

export const RegistrationPolicySchema = z.object({ open: z.boolean(), passcodeHash: z.string().nullable() }) satisfies z.ZodType<RegistrationPolicy>;

const AuthRecordSchema = z.object({ hash: z.string(), credential: CredentialSchema, revoked: z.boolean() });
export type AuthRecord = z.infer<typeof AuthRecordSchema>;

/** One change to the auth records: a line of the file store's journal. */
export const AuthChangeSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('issue'), record: AuthRecordSchema }),
  z.object({ op: z.literal('revoke'), hashes: z.array(z.string()) }),
  z.object({ op: z.literal('erase'), eventId: z.string(), personId: z.string() }),
  z.object({ op: z.literal('policy'), eventId: z.string(), policy: RegistrationPolicySchema }),
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
    const list = this.participants.get(credential.eventId) ?? [];
    if (!list.some((c) => c.personId === credential.personId)) list.push(credential);
    this.participants.set(credential.eventId, list);
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
  }
}

function personKey(eventId: string, personId: string): string {
  return `${eventId}\u0000${personId}`;
}
