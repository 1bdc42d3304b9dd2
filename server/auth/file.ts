/**
 * The auth store on disk: an append-only JSON-lines journal in DATA_DIR, fsynced before it
 * answers. Erasing a person rewrites the journal without them, so a deleted registration
 * leaves no profile behind on disk either.
 */
import { existsSync, mkdirSync, readFileSync, truncateSync } from 'node:fs';
import { open, rename, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { type AuthChange, MemoryAuthStore } from './memory.ts';

export class FileAuthStore extends MemoryAuthStore {
  private handle: FileHandle | null = null;
  private writing: Promise<void> = Promise.resolve();
  /** The changes waiting for the next write, which has not started yet. */
  private batch: { lines: string[]; written: Promise<void> } | null = null;
  /** The journal holds erased people's old lines (a crash came between erase and compaction). */
  private holdsErased = false;

  private constructor(private readonly path: string) {
    super();
  }

  static async open(dataDir: string): Promise<FileAuthStore> {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const store = new FileAuthStore(join(dataDir, 'auth.jsonl'));
    store.load();
    store.handle = await open(store.path, 'a', 0o600);
    if (store.holdsErased) await store.compact();
    return store;
  }

  private load(): void {
    for (const change of readJournal(this.path)) {
      this.apply(change);
      if (change.op === 'erase') this.holdsErased = true;
    }
  }

  protected override persist(change: AuthChange): Promise<void> {
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
      if (!this.handle) throw new Error('auth store is closed');
      await this.handle.write(lines.join(''));
      await this.handle.datasync();
    });
    this.batch = { lines, written };
    this.writing = written.catch(() => {});
    return written;
  }

  override async erasePerson(eventId: string, personId: string): Promise<void> {
    await super.erasePerson(eventId, personId);
    await this.compact();
  }

  /**
   * Rewrite the journal without the lines of erased people: write a copy, fsync it, rename it
   * over the journal. It works from the file, not from memory, so it runs in the write queue
   * and keeps every change written before it.
   */
  private compact(): Promise<void> {
    const write = this.writing.then(async () => {
      if (!this.handle) throw new Error('auth store is closed');
      const next = `${this.path}.compact`;
      const copy = await open(next, 'w', 0o600);
      try {
        await copy.write(withoutErased(readJournal(this.path)).map((change) => `${JSON.stringify(change)}\n`).join(''));
        await copy.datasync();
      } finally {
        await copy.close();
      }
      await this.handle.close();
      await rename(next, this.path);
      const dir = await open(dirname(this.path), 'r');
      await dir.sync().finally(() => dir.close());
      this.handle = await open(this.path, 'a', 0o600);
      this.holdsErased = false;
    });
    this.writing = write.catch(() => {});
    return write;
  }

  override async close(): Promise<void> {
    await this.writing;
    await this.handle?.close();
    this.handle = null;
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
      try {
        changes.push(JSON.parse(line) as AuthChange);
      } catch {
        throw new Error(`${path}:${i + 1}: unreadable line`);
      }
    });
  return changes;
}

/** The journal minus every issue line of a person erased later, and the erase lines themselves. */
function withoutErased(changes: readonly AuthChange[]): AuthChange[] {
  let kept: AuthChange[] = [];
  for (const change of changes) {
    if (change.op !== 'erase') {
      kept.push(change);
      continue;
    }
    kept = kept.filter((k) => k.op !== 'issue' || k.record.credential.eventId !== change.eventId || k.record.credential.personId !== change.personId);
  }
  return kept;
}
