/** The auth store on disk: an append-only JSON-lines journal in DATA_DIR, fsynced before it answers. */
import { existsSync, mkdirSync, readFileSync, truncateSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { type AuthChange, MemoryAuthStore } from './memory.ts';

export class FileAuthStore extends MemoryAuthStore {
  private handle: FileHandle | null = null;
  private writing: Promise<void> = Promise.resolve();

  private constructor(private readonly path: string) {
    super();
  }

  static async open(dataDir: string): Promise<FileAuthStore> {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const store = new FileAuthStore(join(dataDir, 'auth.jsonl'));
    store.load();
    store.handle = await open(store.path, 'a', 0o600);
    return store;
  }

  private load(): void {
    if (!existsSync(this.path)) return;
    const content = readFileSync(this.path);
    // A torn last line is a write a crash interrupted before it was acknowledged: drop it,
    // or the next append would glue onto it.
    const complete = content.lastIndexOf(0x0a) + 1;
    if (complete < content.length) truncateSync(this.path, complete);
    const lines = content.subarray(0, complete).toString('utf8').split('\n');
    lines.forEach((line, i) => {
      if (line.trim() === '') return;
      let change: AuthChange;
      try {
        change = JSON.parse(line) as AuthChange;
      } catch {
        throw new Error(`${this.path}:${i + 1}: unreadable line`);
      }
      if (change.op === 'issue') this.remember(change.record);
      else this.forget(change.hashes);
    });
  }

  protected override persist(change: AuthChange): Promise<void> {
    const line = `${JSON.stringify(change)}\n`;
    // Serialise writes so the journal keeps the order the changes were made in.
    const write = this.writing.then(async () => {
      if (!this.handle) throw new Error('auth store is closed');
      await this.handle.write(line);
      await this.handle.datasync();
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
