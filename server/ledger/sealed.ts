/**
 * Erasure that holds at rest (ER1–ER3): a participant's identity in the ledger is encrypted
 * with a key of their own, kept beside their profile in the auth store. Erasing them destroys
 * the key with the profile, and what remains of their entries is exactly what a replay shows
 * for a forgotten person: "Former participant", no community, no country.
 *
 * `SealedLedger` wraps any backend (memory, file, Redis) and changes nothing of the Ledger
 * contract: what `append` stores is the "Former participant" form of the entry plus `sealed`,
 * the identity encrypted (AES-256-GCM, bound to the event and the person); what `read`, `tail`
 * and `append` give back is the entry as it was made, while the key exists.
 *
 * Sealed fields: the actor's name, community, country and consent (participants only: people
 * on the programme are public), and the registrant's country and community in `people.join`
 * and `people.forget`, and in each join of a `people.joined` fold (sealed in the join itself,
 * each with its own person's key). The region is not sealed: the figures per region count every registrant.
 *
 * A forget is applied with the key its person's earlier entries were applied with: each node
 * keeps the keys it used until its tail delivers that person's `people.forget`, then drops
 * them and never fetches them again. So a node that counted a join under the person's country
 * also moves that count at the forget, even when the key was destroyed in between (another
 * node erased them); a node that replays after the erasure counts neither (J4).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { type BackoffPolicy, backoffDelay } from '../../shared/backoff.ts';
import type { Actor, Command, CommandOf, Entry } from '../../shared/protocol.ts';
import { asFormerParticipant } from '../../shared/reducer/people.ts';
import { OTHER_COUNTRIES } from '../../shared/reducer/registrations.ts';
import type { AuthStore } from '../auth/types.ts';
import type { EntryDraft, Ledger, Unsubscribe } from './types.ts';

/** Where a person's key is: the auth store, which destroys it with their profile (server/auth). */
export interface SealingKeys {
  /** The person's key, or null when they have none: never had one (the programme, older registrations) or erased. */
  keyOf(eventId: string, personId: string): Promise<Buffer | null>;
}

/** A participant's key is kept with their profile: the auth store's erase destroys both (ER2). */
export function keysInProfiles(auth: Pick<AuthStore, 'person'>): SealingKeys {
  return {
    keyOf: async (eventId, personId) => {
      const key = (await auth.person(eventId, personId))?.sealingKey;
      return key === undefined ? null : Buffer.from(key, 'base64url');
    },
  };
}

/** A new person's key: 256 random bits, as the auth store keeps it. */
export function newSealingKey(): string {
  return randomBytes(32).toString('base64url');
}

/** What `sealed` holds once decrypted: the fields the stored entry shows in their "Former participant" form. */
interface Identity {
  actor?: Pick<Actor, 'name' | 'community' | 'country' | 'consent' | 'stageConsent'>;
  country?: string;
  /** The registrant's community in `people.join` and `people.forget` (their public group, O2). */
  community?: string;
}

/** A person's key as this node holds it, and the seals made and opened with it. */
interface PersonSeals {
  key: Promise<Buffer | null>;
  sealedByIdentity: Map<string, string>;
  /** null: does not open with this key. */
  identityBySealed: Map<string, Identity | null>;
}

/** Waits between tries to open a batch whose keys cannot be fetched (the auth store away). */
const KEY_RETRY: BackoffPolicy = { baseMs: 100, maxMs: 5_000 };
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class SealedLedger implements Ledger {
  /** What this node holds of each person whose entries it sealed or opened, by `personKey`. */
  private readonly people = new Map<string, PersonSeals>();
  /** People whose `people.forget` a tail delivered here: their keys are never fetched again. */
  private readonly forgotten = new Set<string>();

  constructor(
    private readonly inner: Ledger,
    private readonly sealingKeys: SealingKeys,
  ) {}

  async append(eventId: string, draft: EntryDraft): Promise<Entry> {
    const sealedDraft = await this.seal(eventId, draft);
    return this.open(eventId, await this.inner.append(eventId, sealedDraft));
  }

  async read(eventId: string, afterSeq: number, limit?: number): Promise<Entry[]> {
    const entries = await this.inner.read(eventId, afterSeq, limit);
    const opened: Entry[] = [];
    for (const entry of entries) opened.push(await this.open(eventId, entry));
    return opened;
  }

  /**
   * Opening an entry may wait for a key from the auth store, so each batch is opened before
   * the next one, and handed over in order; a batch that cannot be opened now (Redis away)
   * waits and tries again rather than handing over a "Former participant" that is not one.
   */
  tail(eventId: string, afterSeq: number, onEntries: (entries: Entry[]) => void): Unsubscribe {
    let stopped = false;
    let queue: Promise<void> = Promise.resolve();
    const unsubscribe = this.inner.tail(eventId, afterSeq, (batch) => {
      queue = queue.then(async () => {
        let opened: Entry[] | null = null;
        for (let attempt = 0; opened === null && !stopped; attempt++) {
          try {
            opened = await this.openBatch(eventId, batch);
          } catch {
            await new Promise((resolve) => setTimeout(resolve, backoffDelay(attempt, KEY_RETRY)));
          }
        }
        if (!opened || stopped) return;
        try {
          onEntries(opened);
        } catch (err) {
          // As from the backend's own tail: the callback's error is not this queue's, which must go on.
          queueMicrotask(() => {
            throw err;
          });
        }
      });
    });
    return () => {
      stopped = true;
      unsubscribe();
    };
  }

  head(eventId: string): Promise<number> {
    return this.inner.head(eventId);
  }

  events(): Promise<string[]> {
    return this.inner.events();
  }

  writeProblem(): string | null {
    return this.inner.writeProblem?.() ?? null;
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  /** The backend this one wraps (the file ledger's `lastAt`, the Redis ledger's keys). */
  get backend(): Ledger {
    return this.inner;
  }

  private async seal(eventId: string, draft: EntryDraft): Promise<EntryDraft> {
    if (draft.command.type === 'people.joined') return { ...draft, command: await this.sealJoins(eventId, draft.command) };
    const personId = identityOwner(draft);
    if (personId === null) return draft;
    const key = await this.key(eventId, personId);
    if (key === null) return draft;
    const identity: Identity = {};
    let { actor, command } = draft;
    if (actor.role === 'participant') {
      const { name, community, country, consent, stageConsent } = actor;
      identity.actor = { name, community, country, ...(consent !== undefined && { consent }), ...(stageConsent !== undefined && { stageConsent }) };
      actor = asFormerParticipant(actor);
    }
    if (command.type === 'people.join') {
      const { country, community, ...payload } = command.payload;
      identity.country = country;
      if (community !== undefined) identity.community = community;
      // Counted under "Other countries" once its key is gone (J4): its forget then moves nothing.
      command = { ...command, payload: { ...payload, country: OTHER_COUNTRIES } };
    } else if (command.type === 'people.forget') {
      const { country, community, ...payload } = command.payload;
      if (country !== undefined) identity.country = country;
      if (community !== undefined) identity.community = community;
      command = { ...command, payload };
    }
    if (identity.actor === undefined && identity.country === undefined && identity.community === undefined) return draft;
    return { ...draft, actor, command, sealed: this.sealed(eventId, personId, key, identity) };
  }

  /**
   * The same identity of the same person is sealed once per process and its bytes reused (a
   * fresh IV for every distinct plaintext, never one IV for two): opening a person's thousand
   * entries then costs one decryption, which keeps a replay of 100,000 entries fast.
   */
  private sealed(eventId: string, personId: string, key: Buffer, identity: Identity): string {
    const seals = this.people.get(personKey(eventId, personId));
    const json = JSON.stringify(identity);
    const known = seals?.sealedByIdentity.get(json);
    if (known !== undefined) return known;
    const sealed = encrypt(key, aad(eventId, personId), json);
    seals?.sealedByIdentity.set(json, sealed);
    seals?.identityBySealed.set(sealed, identity);
    return sealed;
  }

  /**
   * A fold of joins (J1): each registrant's country and community sealed with their own key, in
   * the join itself. A registrant without a key was erased before the fold was appended (every
   * registration has one): their join is stored as a replay after the erasure reads it.
   */
  private async sealJoins(eventId: string, command: CommandOf<'people.joined'>): Promise<CommandOf<'people.joined'>> {
    const people = await Promise.all(
      command.payload.people.map(async ({ personId, region, country, community }) => {
        const key = await this.key(eventId, personId);
        const stored = { personId, region, country: OTHER_COUNTRIES };
        if (key === null) return stored;
        return { ...stored, sealed: this.sealed(eventId, personId, key, { country, ...(community !== undefined && { community }) }) };
      }),
    );
    return { ...command, payload: { people } };
  }

  /** A fold of joins as made: each join opened with its person's key, or as stored (counted under "Other countries") once it is gone. */
  private async openJoins(eventId: string, command: CommandOf<'people.joined'>): Promise<CommandOf<'people.joined'>> {
    if (!command.payload.people.some((join) => join.sealed !== undefined)) return command;
    const people = await Promise.all(
      command.payload.people.map(async ({ sealed, ...stored }) => {
        const identity = sealed === undefined ? null : await this.identity(eventId, stored.personId, sealed);
        return identity === null ? stored : { ...stored, ...identityFields(identity) };
      }),
    );
    return { ...command, payload: { people } };
  }

  /** The identity `sealed` holds, opened with its person's key; null once the key is gone (or it is not theirs). */
  private async identity(eventId: string, personId: string, sealed: string): Promise<Identity | null> {
    const key = await this.key(eventId, personId);
    const seals = this.people.get(personKey(eventId, personId));
    if (key === null || seals === undefined) return null;
    let identity = seals.identityBySealed.get(sealed);
    if (identity === undefined) {
      try {
        identity = decrypt(key, aad(eventId, personId), sealed);
      } catch {
        identity = null; // sealed with a key that is not this person's: nothing to show but the stored form
      }
      seals.identityBySealed.set(sealed, identity);
    }
    return identity;
  }

  /** The entry as it was made, or its stored "Former participant" form once the key is gone. */
  private async open(eventId: string, entry: Entry): Promise<Entry> {
    if (entry.command.type === 'people.joined') {
      const command = await this.openJoins(eventId, entry.command);
      return command === entry.command ? entry : { ...entry, command };
    }
    if (entry.sealed === undefined) return entry;
    const { sealed, ...stored } = entry;
    const personId = identityOwner(stored);
    const identity = personId === null ? null : await this.identity(eventId, personId, sealed);
    return identity === null ? stored : withIdentity(stored, identity);
  }

  /** Open a tail's batch in order; a forget drops its person's key right after it is opened. */
  private async openBatch(eventId: string, batch: readonly Entry[]): Promise<Entry[]> {
    const opened: Entry[] = [];
    for (const entry of batch) {
      opened.push(await this.open(eventId, entry));
      this.noteForget(eventId, entry);
    }
    return opened;
  }

  /** The person's key, fetched once (lookups at once share one); null once their forget was delivered here. */
  private key(eventId: string, personId: string): Promise<Buffer | null> {
    const id = personKey(eventId, personId);
    const known = this.people.get(id);
    if (known) return known.key;
    if (this.forgotten.has(id)) return Promise.resolve(null);
    const key = this.sealingKeys.keyOf(eventId, personId);
    this.people.set(id, { key, sealedByIdentity: new Map(), identityBySealed: new Map() });
    // A lookup that failed (Redis away) is asked again next time.
    key.catch(() => {
      if (this.people.get(id)?.key === key) this.people.delete(id);
    });
    return key;
  }

  private noteForget(eventId: string, entry: Entry): void {
    if (entry.command.type !== 'people.forget') return;
    const id = personKey(eventId, entry.command.payload.personId);
    this.forgotten.add(id);
    this.people.delete(id);
  }
}

/** Whose identity an entry carries: the participant acting, or the person a server-stamped join or forget is about. */
function identityOwner(entry: { actor: Actor; command: Command }): string | null {
  const { actor, command } = entry;
  if (command.type === 'people.join' || command.type === 'people.forget') return command.payload.personId;
  return actor.role === 'participant' ? actor.id : null;
}

function withIdentity(stored: Entry, identity: Identity): Entry {
  let { actor, command } = stored;
  if (identity.actor) {
    const { consent, stageConsent, ...fields } = identity.actor;
    // Spread over the stored actor, which kept the original's key order: every node holds the same bytes.
    const original: Actor = { ...actor, ...fields };
    if (consent === undefined) delete original.consent;
    else original.consent = consent;
    if (stageConsent === undefined) delete original.stageConsent;
    else original.stageConsent = stageConsent;
    actor = original;
  }
  const fields = identityFields(identity);
  if (command.type === 'people.join') command = { ...command, payload: { ...command.payload, ...fields } };
  else if (command.type === 'people.forget') command = { ...command, payload: { ...command.payload, ...fields } };
  return { ...stored, actor, command };
}

/** A registrant's sealed country and community, as a join or a forget carries them. */
function identityFields({ country, community }: Identity): { country?: string; community?: string } {
  return { ...(country !== undefined && { country }), ...(community !== undefined && { community }) };
}

function personKey(eventId: string, personId: string): string {
  return `${eventId} ${personId}`;
}

/** Binds a sealed field to its event and person: moved to another entry's person, it does not open. */
function aad(eventId: string, personId: string): Buffer {
  return Buffer.from(`gavel-identity\n${eventId}\n${personId}`);
}

function encrypt(key: Buffer, data: Buffer, json: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(data);
  const body = Buffer.concat([cipher.update(json, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

function decrypt(key: Buffer, data: Buffer, sealed: string): Identity {
  const bytes = Buffer.from(sealed, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
  decipher.setAAD(data);
  decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  const json = Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  return JSON.parse(json) as Identity;
}
