/** The auth store in memory; the file store builds on it and adds an append-only journal. */
import { type AuthStore, type Credential, type DirectoryPage, hashToken, newToken } from './types.ts';

export interface AuthRecord {
  hash: string;
  credential: Credential;
  revoked: boolean;
}

export class MemoryAuthStore implements AuthStore {
  protected readonly byHash = new Map<string, AuthRecord>();
  /** Per event, participants in registration order (one record per person). */
  private readonly participants = new Map<string, Credential[]>();

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
    const hashes = [...this.byHash.values()]
      .filter((r) => !r.revoked && r.credential.eventId === eventId && r.credential.personId === personId)
      .map((r) => r.hash);
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

  async close(): Promise<void> {}

  /** Durable backends write the change before it takes effect in memory. */
  protected async persist(_change: AuthChange): Promise<void> {}

  protected remember(record: AuthRecord): void {
    this.byHash.set(record.hash, record);
    const { credential } = record;
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
}

export type AuthChange = { op: 'issue'; record: AuthRecord } | { op: 'revoke'; hashes: string[] };
