/**
 * The auth store on disk: an append-only JSON-lines journal in DATA_DIR, fsynced before it
 * answers. Erasing a person rewrites the journal without them, so a deleted registration
 * leaves no profile behind on disk either.
 */
import { existsSync, mkdirSync, readFileSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { describeZodError } from '../../shared/protocol.ts';
import { AppendOnlyFile, type AppendOnlyFileOptions } from '../storage/appendOnlyFile.ts';
import { type AuthChange, AuthChangeSchema, AuthRecords, issuing } from './records.ts';
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

export type FileAuthStoreOptions = Pick<AppendOnlyFileOptions, 'onFailure' | 'onRecovery' | 'openHandle' | 'probeDelays'>;

export class FileAuthStore implements AuthStore {
  /** What the journal holds, in memory: every answer comes from here, every change is written first. */
  private readonly records = new AuthRecords();
  private readonly journal: AppendOnlyFile;
  private closed = false;
  private writing: Promise<void> = Promise.resolve();
  /** The changes waiting for the next write, which has not started yet. */
  private batch: { lines: string[]; written: Promise<void> } | null = null;
  /** People on their way out of the lobby, admitted or declined, while the journal writes it (S46). */
  private readonly leaving = new Set<string>();
  /** The journal holds erased people's old lines (a crash came between erase and compaction). */
  private holdsErased = false;

  private constructor(
    private readonly path: string,
    options: FileAuthStoreOptions,
  ) {
    this.journal = new AppendOnlyFile(path, options);
  }

  static async open(dataDir: string, options: FileAuthStoreOptions = {}): Promise<FileAuthStore> {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const store = new FileAuthStore(join(dataDir, 'auth.jsonl'), options);
    store.load();
    // Unfinished (a crash came between an erase and its rewrite): finish it. If the disk cannot
    // take the rewrite now, start anyway: the erase lines replay, and the store has reported it.
    if (store.holdsErased) await store.compact().catch(() => {});
    return store;
  }

  /** Null while the journal can be written; what fails while it cannot (registrations are refused meanwhile). */
  writeProblem(): string | null {
    return this.journal.problem;
  }

  async issue(credential: Credential): Promise<string> {
    const token = newToken();
    await this.commit(issuing(credential, token));
    return token;
  }

  async resolve(token: string): Promise<Credential | null> {
    if (!isPlausibleToken(token)) return null;
    return this.records.resolve(token);
  }

  async revokePerson(eventId: string, personId: string): Promise<number> {
    const hashes = this.records.liveHashes(eventId, personId);
    if (hashes.length) await this.commit({ op: 'revoke', hashes });
    return hashes.length;
  }

  async directory(eventId: string, offset: number, limit: number): Promise<DirectoryPage> {
    return this.records.directory(eventId, offset, limit);
  }

  async person(eventId: string, personId: string): Promise<Credential | null> {
    return this.records.person(eventId, personId);
  }

  async erasePerson(eventId: string, personId: string): Promise<void> {
    await this.commit({ op: 'erase', eventId, personId });
    // The erase line is written: if the rewrite fails, the person is still erased, and the
    // next start (or erasure) finishes the rewrite.
    this.holdsErased = true;
    await this.compact();
  }

  async registrationPolicy(eventId: string): Promise<RegistrationPolicy> {
    return this.records.registrationPolicy(eventId);
  }

  async setRegistrationPolicy(eventId: string, policy: RegistrationPolicy): Promise<void> {
    await this.commit({ op: 'policy', eventId, policy });
  }

  async admit(eventId: string, personId: string): Promise<boolean> {
    return this.leaveLobby(eventId, personId, () => this.commit({ op: 'admit', eventId, personId }));
  }

  async decline(eventId: string, personId: string): Promise<boolean> {
    return this.leaveLobby(eventId, personId, () => this.erasePerson(eventId, personId));
  }

  /**
   * Out of the lobby once (S46): whoever asks first, admit or decline, claims the person before
   * the journal write the answer waits for, so a second asker meanwhile finds them gone.
   */
  private async leaveLobby(eventId: string, personId: string, write: () => Promise<void>): Promise<boolean> {
    const key = `${eventId}\u0000${personId}`;
    if (this.leaving.has(key) || !this.records.isWaiting(eventId, personId)) return false;
    this.leaving.add(key);
    try {
      await write();
      return true;
    } finally {
      this.leaving.delete(key);
    }
  }

  async waiting(eventId: string, offset: number, limit: number): Promise<RegistrationsPage> {
    return this.records.waiting(eventId, offset, limit);
  }

  async flagged(eventId: string, limit: number): Promise<RegistrationsPage> {
    return this.records.flagged(eventId, limit);
  }

  async setMark(eventId: string, personId: string, mark: NetworkMark | null): Promise<void> {
    await this.commit({ op: 'mark', eventId, personId, mark });
  }

  async marks(eventId: string): Promise<NetworkMark[]> {
    return this.records.marks(eventId);
  }

  private load(): void {
    for (const change of readJournal(this.path)) {
      this.records.apply(change);
      if (change.op === 'erase') this.holdsErased = true;
    }
  }

  /** Write the change, then apply it: a change the journal refused leaves no trace in memory either. */
  private async commit(change: AuthChange): Promise<void> {
    await this.persist(change);
    this.records.apply(change);
  }

  /**
   * Resolves once the change is in the journal and fsynced. A write that fails takes none of
   * its changes with it (the journal is cut back to where it was) and rejects every change in
   * it; the change is applied in memory only after this resolves, so a failed registration
   * leaves no trace and is answered as a failure.
   */
  private persist(change: AuthChange): Promise<void> {
    const line = `${JSON.stringify(change)}\n`;
    // Changes made while a write waits its turn join it: one write and one fsync for a burst
    // of registrations (a join storm), not one each. The queue keeps the journal in order.
    if (this.batch) {
      this.batch.lines.push(line);
      return this.batch.written;
    }
    const lines = [line];
    const written = this.writing.then(async () => {
      this.batch = null;
      if (this.closed) throw new Error('auth store is closed');
      await this.journal.append(lines.join(''));
    });
    this.batch = { lines, written };
    this.writing = written.catch(() => {});
    return written;
  }

  /**
   * Rewrite the journal without the lines of erased people: write a copy, fsync it, rename it
   * over the journal. It works from the file, not from memory, so it runs in the write queue
   * and keeps every change written before it.
   */
  private compact(): Promise<void> {
    const write = this.writing.then(async () => {
      if (this.closed) throw new Error('auth store is closed');
      await this.journal.replace(() =>
        withoutErased(readJournal(this.path))
          .map((change) => `${JSON.stringify(change)}\n`)
          .join(''),
      );
      this.holdsErased = false;
    });
    this.writing = write.catch(() => {});
    return write;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.writing;
    await this.journal.close();
  }
}

function readJournal(path: string): AuthChange[] {
  if (!existsSync(path)) return [];
  const content = readFileSync(path);
  // A torn last line is a write a crash interrupted before it was acknowledged: drop it,
  // or the next append would glue onto it.
  const complete = content.lastIndexOf(0x0a) + 1;
  if (complete < content.length) truncateSync(path, complete);
  const changes: AuthChange[] = [];
  content
    .subarray(0, complete)
    .toString('utf8')
    .split('\n')
    .forEach((line, i) => {
      if (line.trim() === '') return;
      const damaged = (what: string) =>
        new Error(
          `${path}:${i + 1}: ${what}: the auth journal is damaged. Restore it from a backup; or, if you have none, ` +
            'delete this one line and start again (the one change it held is lost: a registration whose link stops working, or a revocation to repeat)',
        );
      let raw: unknown;
      try {
        raw = JSON.parse(line);
      } catch {
        throw damaged('unreadable line');
      }
      const change = AuthChangeSchema.safeParse(raw);
      if (!change.success) throw damaged(`not an auth change (${describeZodError(change.error)})`);
      // The line as written, not zod's copy: a rewrite keeps every other line's bytes.
      changes.push(raw as AuthChange);
    });
  return changes;
}

/**
 * The journal minus every issue and admit line of a person erased later, and the erase lines
 * themselves. A network mark stays: it holds a tag, not the person (S44).
 */
function withoutErased(changes: readonly AuthChange[]): AuthChange[] {
  let kept: AuthChange[] = [];
  for (const change of changes) {
    if (change.op !== 'erase') {
      kept.push(change);
      continue;
    }
    kept = kept.filter((k) => {
      if (k.op === 'issue') return k.record.credential.eventId !== change.eventId || k.record.credential.personId !== change.personId;
      if (k.op === 'admit') return k.eventId !== change.eventId || k.personId !== change.personId;
      return true;
    });
  }
  return kept;
}
