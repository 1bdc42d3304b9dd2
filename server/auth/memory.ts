/** The auth store in memory; the file store builds on it and adds an append-only journal. */
import { type AuthStore, type Credential, type DirectoryPage, hashToken, newToken, OPEN_REGISTRATION, type RegistrationPolicy } from './types.ts';

export interface AuthRecord {
  hash: string;
  credential: Credential;
  revoked: boolean;
}

export class MemoryAuthStore implements AuthStore {
  protected readonly byHash = new Map<string, AuthRecord>();
  /** Per event, participants in registration order (one record per person). */
  private readonly participants = new Map<string, Credential[]>();
  /** Per person: the credential last issued and every token hash they ever held. */
  private readonly people = new Map<string, { credential: Credential; hashes: Set<string> }>();
  private readonly policies = new Map<string, RegistrationPolicy>();

  async issue(credential: Credential): Promise<string> {
    const token = newToken();
    const record: AuthRecord = { hash: hashToken(token), credential, revoked: false };
    await this.persist({ op: 'issue', record });
    this.remember(record);
    return token;
  }

  async resolve(token: string): Promise<Credential | null> {
    if (typeof token !== 'string' || token.length === 0 || token.length > 128) return null;
    const record = this.byHash.get(hashToken(token));
    return record && !record.revoked ? record.credential : null;
  }

  async revokePerson(eventId: string, personId: string): Promise<number> {
    const held = this.people.get(personKey(eventId, personId))?.hashes ?? [];
    const hashes = [...held].filter((hash) => this.byHash.get(hash)?.revoked === false);
    if (hashes.length) await this.persist({ op: 'revoke', hashes });
    this.forget(hashes);
    return hashes.length;
  }

  async directory(eventId: string, offset: number, limit: number): Promise<DirectoryPage> {
    const all = this.participants.get(eventId) ?? [];
    return {
      total: all.length,
      people: all.slice(offset, offset + limit).map((c) => ({ personId: c.personId, role: c.role, profile: c.profile })),
    };
  }

  async person(eventId: string, personId: string): Promise<Credential | null> {
    return this.people.get(personKey(eventId, personId))?.credential ?? null;
  }

  async erasePerson(eventId: string, personId: string): Promise<void> {
    await this.persist({ op: 'erase', eventId, personId });
    this.erase(eventId, personId);
  }

  async registrationPolicy(eventId: string): Promise<RegistrationPolicy> {
    return this.policies.get(eventId) ?? OPEN_REGISTRATION;
  }

  async setRegistrationPolicy(eventId: string, policy: RegistrationPolicy): Promise<void> {
    await this.persist({ op: 'policy', eventId, policy });
    this.policies.set(eventId, policy);
  }

  async close(): Promise<void> {}

  /** Durable backends write the change before it takes effect in memory. */
  protected async persist(_change: AuthChange): Promise<void> {}

  /** Replay one journalled change (the file store's start). */
  protected apply(change: AuthChange): void {
    switch (change.op) {
      case 'issue':
        return this.remember(change.record);
      case 'revoke':
        return this.forget(change.hashes);
      case 'erase':
        return this.erase(change.eventId, change.personId);
      case 'policy':
        return void this.policies.set(change.eventId, change.policy);
      default:
        throw new Error(`unknown auth change ${JSON.stringify(change satisfies never)}`);
    }
  }

  protected remember(record: AuthRecord): void {
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

  protected forget(hashes: readonly string[]): void {
    for (const hash of hashes) {
      const record = this.byHash.get(hash);
      if (record) record.revoked = true;
    }
  }

  /** Drop every trace of a person: their records (revoked or not), their profile, their directory line. */
  protected erase(eventId: string, personId: string): void {
    const key = personKey(eventId, personId);
    for (const hash of this.people.get(key)?.hashes ?? []) this.byHash.delete(hash);
    this.people.delete(key);
    const list = this.participants.get(eventId);
    if (list) this.participants.set(eventId, list.filter((c) => c.personId !== personId));
  }
}

function personKey(eventId: string, personId: string): string {
  return `${eventId}\u0000${personId}`;
}

export type AuthChange =
  | { op: 'issue'; record: AuthRecord }
  | { op: 'revoke'; hashes: string[] }
  | { op: 'erase'; eventId: string; personId: string }
  | { op: 'policy'; eventId: string; policy: RegistrationPolicy };
