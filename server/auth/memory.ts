/** The auth store in memory: tests, and what a node without a data dir keeps. */
import { AuthRecords, issuing } from './records.ts';
import {
  type AuthStore,
  type Credential,
  type DirectoryPage,
  isPlausibleToken,
  type NetworkMark,
  newToken,
  type RegistrationPolicy,
  type RegistrationsPage,
} from './types.ts';

export class MemoryAuthStore implements AuthStore {
  private readonly records = new AuthRecords();

  async issue(credential: Credential): Promise<string> {
    const token = newToken();
    this.records.apply(issuing(credential, token));
    return token;
  }

  async resolve(token: string): Promise<Credential | null> {
    if (!isPlausibleToken(token)) return null;
    return this.records.resolve(token);
  }

  async revokePerson(eventId: string, personId: string): Promise<number> {
    const hashes = this.records.liveHashes(eventId, personId);
    this.records.apply({ op: 'revoke', hashes });
    return hashes.length;
  }

  async directory(eventId: string, offset: number, limit: number): Promise<DirectoryPage> {
    return this.records.directory(eventId, offset, limit);
  }

  async person(eventId: string, personId: string): Promise<Credential | null> {
    return this.records.person(eventId, personId);
  }

  async erasePerson(eventId: string, personId: string): Promise<void> {
    this.records.apply({ op: 'erase', eventId, personId });
  }

  async registrationPolicy(eventId: string): Promise<RegistrationPolicy> {
    return this.records.registrationPolicy(eventId);
  }

  async setRegistrationPolicy(eventId: string, policy: RegistrationPolicy): Promise<void> {
    this.records.apply({ op: 'policy', eventId, policy });
  }

  async admit(eventId: string, personId: string): Promise<boolean> {
    if (!this.records.isWaiting(eventId, personId)) return false;
    this.records.apply({ op: 'admit', eventId, personId });
    return true;
  }

  async decline(eventId: string, personId: string): Promise<boolean> {
    if (!this.records.isWaiting(eventId, personId)) return false;
    this.records.apply({ op: 'erase', eventId, personId });
    return true;
  }

  async waiting(eventId: string, offset: number, limit: number): Promise<RegistrationsPage> {
    return this.records.waiting(eventId, offset, limit);
  }

  async flagged(eventId: string, limit: number): Promise<RegistrationsPage> {
    return this.records.flagged(eventId, limit);
  }

  async setMark(eventId: string, personId: string, mark: NetworkMark | null): Promise<void> {
    this.records.apply({ op: 'mark', eventId, personId, mark });
  }

  async marks(eventId: string): Promise<NetworkMark[]> {
    return this.records.marks(eventId);
  }

  async close(): Promise<void> {}
}
