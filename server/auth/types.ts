/**
 * The auth store: who a token belongs to. Tokens are opaque random strings; only their
 * SHA-256 hash is stored. Nothing here enters the ledger or the replicated state.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Role } from '../../shared/constants.ts';
import type { PersonRef } from '../../shared/state.ts';

export interface Profile extends PersonRef {
  organisation: string;
  consentToBeNamed: boolean;
  /** Named on the stage and the livestream (S17); absent on registrations older than the question: no. */
  consentToStage?: boolean;
}

export interface Credential {
  eventId: string;
  personId: string;
  role: Role;
  profile: Profile;
  issuedAt: number;
  /**
   * A participant's own key (base64url, 256 bits), which seals their identity in the ledger
   * (ER1, server/ledger/sealed.ts): erasing the person destroys it with their profile.
   */
  sealingKey?: string;
  /**
   * S44: a tag of the network a participant registered from (SHA-256 of the event id and the
   * address key, `server/people/network.ts`), never the address; erased with the profile.
   */
  network?: string;
  /** RC3: the event's seq when the participant registered: a catch-up never reaches back before it. */
  fromSeq?: number;
  /** S46: in the lobby: the token exists but lets the person in nowhere until they are admitted. */
  waiting?: boolean;
  /** S47: registered from the network of someone removed or muted in the event. */
  flag?: NetworkFlag;
}

/** S47: why a registration is flagged, naming the person whose network it shares. */
export interface NetworkFlag {
  why: 'removed' | 'muted';
  personId: string;
}

/** S44, S47: a network marked by a removal (blocked until a moderator lifts it) or a mute. One per person marked. */
export interface NetworkMark extends NetworkFlag {
  network: string;
  /** The moderator's reason for the removal, or ''. */
  reason: string;
  at: number;
  /** New registrations from the network are refused (a removal, until lifted: S45). */
  blocked: boolean;
}

/** Registrations as the staff sees them (S46, S47): whole credentials, for the form's details and the flag. */
export interface RegistrationsPage {
  total: number;
  people: Credential[];
}

/** What the staff's `moderation` message counts (S46, S47). */
export interface ModerationCounts {
  waiting: number;
  flagged: number;
}

/** How many flagged registrations the flags list keeps (S47). */
export const FLAGS_KEPT = 200;

export interface DirectoryPage {
  people: Array<Pick<Credential, 'personId' | 'role'> & { profile: Profile }>;
  total: number;
}

/** Who may register for an event. The passcode is kept only as a salted scrypt hash (`server/people/passcode.ts`). */
export interface RegistrationPolicy {
  open: boolean;
  passcodeHash: string | null;
  /** S46: registrations wait until admitted; absent on policies older than the lobby: no. */
  lobby?: boolean;
}

export const OPEN_REGISTRATION: RegistrationPolicy = { open: true, passcodeHash: null };

export interface AuthStore {
  /** Store a credential and return its token: the only time the token exists in clear. */
  issue(credential: Credential): Promise<string>;
  /** The credential of a live token, or null for an unknown or revoked one. */
  resolve(token: string): Promise<Credential | null>;
  /** Revoke every token of a person; resolves to how many were revoked. */
  revokePerson(eventId: string, personId: string): Promise<number>;
  /** Registered participants of an event, in registration order. */
  directory(eventId: string, offset: number, limit: number): Promise<DirectoryPage>;
  /** The credential last issued to a person, even if revoked (to re-issue their link); null once erased or never issued. */
  person(eventId: string, personId: string): Promise<Credential | null>;
  /** Delete a person: revoke their tokens and forget their profile, on disk too. The directory no longer lists them. */
  erasePerson(eventId: string, personId: string): Promise<void>;
  /** S46: the person leaves the lobby; true if they were waiting (false: admitted already, declined, or unknown). */
  admit(eventId: string, personId: string): Promise<boolean>;
  /** S46: erase the person as `erasePerson` does, only if they still wait in the lobby; true if they did. Atomic with `admit`. */
  decline(eventId: string, personId: string): Promise<boolean>;
  /** S46: who waits in the lobby, oldest first. */
  waiting(eventId: string, offset: number, limit: number): Promise<RegistrationsPage>;
  /** S47: the latest `limit` flagged registrations (at most `FLAGS_KEPT`), newest first, and how many there are in all. */
  flagged(eventId: string, limit: number): Promise<RegistrationsPage>;
  /** S44, S47: mark a person's network (replacing their earlier mark), or drop their mark (null). */
  setMark(eventId: string, personId: string, mark: NetworkMark | null): Promise<void>;
  /** S44, S45, S47: the event's marked networks, newest first. */
  marks(eventId: string): Promise<NetworkMark[]>;
  registrationPolicy(eventId: string): Promise<RegistrationPolicy>;
  setRegistrationPolicy(eventId: string, policy: RegistrationPolicy): Promise<void>;
  /** Stores that write to disk: null while they can, what fails while they cannot (the node is then not ready). */
  writeProblem?(): string | null;
  close(): Promise<void>;
}

/** 256 bits of randomness, URL-safe. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Worth looking up: a token is a non-empty string of at most 128 characters; anything else resolves to nobody. */
export function isPlausibleToken(token: unknown): token is string {
  return typeof token === 'string' && token.length > 0 && token.length <= 128;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A participant id: `p_` cannot collide with template keys, which have no underscore. */
export function newPersonId(): string {
  return `p_${randomBytes(9).toString('base64url')}`;
}
