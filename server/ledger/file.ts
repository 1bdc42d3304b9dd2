/**
 * The embedded ledger: one append-only JSON-lines file per event in `${dataDir}/ledger/`,
 * each line one entry. An append resolves once its line is fsynced; appends that arrive
 * while a write is in flight share the next write and fsync (group commit), which is what
 * lets one disk take hundreds of commands a second. Every event's entries are also kept in
 * memory: reads and tails are served from there, and a node replays from them at start.
 */
import { mkdir, open, readdir, readFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { LIMITS } from '../../shared/constants.ts';
import { type Actor, ActorSchema, COMMAND_TYPES, CommandIdSchema, type CommandOf, CommandSchema, describeZodError, type Entry, EntrySchema, isCleanText } from '../../shared/protocol.ts';
import { EventLog } from './memory.ts';
import { assertEventId, commandKey, EVENT_ID_PATTERN, type EntryDraft, entryOf, type Ledger, LedgerUnavailableError, type Unsubscribe } from './types.ts';

export interface FileLedgerOptions {
  dataDir: string;
  /** The ledger's clock, for `at`. */
  now?: () => number;
  /** Told about what recovery repaired (a torn last line) or skipped. */
  onWarning?: (message: string) => void;
}

const NEWLINE = 0x0a;

export class FileLedger implements Ledger {
  private readonly files = new Map<string, EventFile>();
  private closed = false;

  private constructor(
    private readonly dir: string,
    private readonly now: () => number,
  ) {}

  /** Open the ledger, loading and repairing every event file. */
  static async open(options: FileLedgerOptions): Promise<FileLedger> {
    const dir = join(options.dataDir, 'ledger');
    const warn = options.onWarning ?? (() => {});
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const ledger = new FileLedger(dir, options.now ?? Date.now);
    for (const name of (await readdir(dir)).sort()) {
      const eventId = name.endsWith('.jsonl') ? name.slice(0, -'.jsonl'.length) : '';
      if (!EVENT_ID_PATTERN.test(eventId)) {
        warn(`ledger: ignoring ${join(dir, name)}: not an event file`);
        continue;
      }
      const path = join(dir, name);
      const entries = await loadEventFile(path, warn);
      ledger.files.set(eventId, new EventFile(path, new EventLog(entries), true));
    }
    return ledger;
  }

  async append(eventId: string, draft: EntryDraft): Promise<Entry> {
    assertEventId(eventId);
    if (this.closed) throw new LedgerUnavailableError('the ledger is closed');
    return this.file(eventId).appendOnce(draft, this.now());
  }

  async read(eventId: string, afterSeq: number, limit?: number): Promise<Entry[]> {
    return this.files.get(eventId)?.log.read(afterSeq, limit) ?? [];
  }

  tail(eventId: string, afterSeq: number, onEntries: (entries: Entry[]) => void): Unsubscribe {
    return this.file(eventId).log.tail(afterSeq, onEntries);
  }

  async head(eventId: string): Promise<number> {
    return this.files.get(eventId)?.log.head ?? 0;
  }

  async events(): Promise<string[]> {
    return [...this.files].filter(([, file]) => file.log.head > 0).map(([eventId]) => eventId);
  }

  /** The latest `at` of any event: event time must not start behind it (server/clock.ts). */
  lastAt(): number {
    return Math.max(0, ...[...this.files.values()].map((file) => file.log.lastAt));
  }

  /** Waits for the writes in flight, then closes the files; later appends are refused. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.files.values()].map((file) => file.close()));
  }

  /** Only a valid id may reach here via `append`; `tail` on an unknown id never creates a file. */
  private file(eventId: string): EventFile {
    let file = this.files.get(eventId);
    if (!file) {
      file = new EventFile(join(this.dir, `${eventId}.jsonl`), new EventLog(), false);
      this.files.set(eventId, file);
    }
    return file;
  }
}

interface PendingAppend {
  entry: Entry;
  line: string;
  resolve: (entry: Entry) => void;
  reject: (error: Error) => void;
}

/** One event's file: assigns seq and `at`, batches lines into group commits, then commits them to the log. */
class EventFile {
  private handle: FileHandle | null = null;
  private lastSeq: number;
  private lastAt: number;
  /**
   * Appends with a command id that are queued or being written, by `commandKey`: a repeat that
   * arrives before the first is durable waits for the first instead of taking a seq (L13).
   */
  private readonly unsettled = new Map<string, Promise<Entry>>();
  private queue: PendingAppend[] = [];
  private flushing = false;
  private flushed: Promise<void> = Promise.resolve();
  /** Set by the first failed write: see `flush`. */
  private failure: LedgerUnavailableError | null = null;

  constructor(
    readonly path: string,
    readonly log: EventLog,
    private existsOnDisk: boolean,
  ) {
    this.lastSeq = log.head;
    this.lastAt = log.lastAt;
  }

  /** `append`, but a draft whose command id this event holds, or is writing, gets that entry (L13). */
  appendOnce(draft: EntryDraft, now: number): Promise<Entry> {
    if (draft.commandId === undefined) return this.append(draft, now);
    const stored = this.log.byCommandId(draft.actor.id, draft.commandId);
    if (stored) return Promise.resolve(stored);
    const key = commandKey(draft.actor.id, draft.commandId);
    const first = this.unsettled.get(key);
    if (first) return first;
    const appended = this.append(draft, now);
    this.unsettled.set(key, appended);
    // Once durable, the log answers for it; a failed write stored nothing, so a retry may append.
    const settle = () => this.unsettled.delete(key);
    appended.then(settle, settle);
    return appended;
  }

  append(draft: EntryDraft, now: number): Promise<Entry> {
    if (this.failure) return Promise.reject(this.failure);
    // Seq is taken here, in append order; the log only sees the entry once it is durable, so
    // a tail never delivers an entry that a crash could still take back.
    this.lastAt = Math.max(now, this.lastAt);
    const entry = entryOf(draft, ++this.lastSeq, this.lastAt);
    return new Promise((resolve, reject) => {
      this.queue.push({ entry, line: `${JSON.stringify(entry)}\n`, resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        this.flushed = this.flush();
      }
    });
  }

  async close(): Promise<void> {
    await this.flushed;
    await this.handle?.close();
    this.handle = null;
  }

  /** Write and fsync whatever is queued, as one batch, until the queue stays empty. */
  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      try {
        if (this.failure) throw this.failure;
        const handle = await this.openHandle();
        await handle.appendFile(batch.map((pending) => pending.line).join(''));
        await handle.datasync();
      } catch (error) {
        // After a failed write or fsync the end of the file is unknown (Linux may even have
        // dropped the unsynced pages), so writing on could leave a torn line or a seq hole
        // in the middle of the file. Refuse every later append instead; a restart repairs the
        // torn end on load and starts again from the last durable entry.
        this.failure ??= new LedgerUnavailableError(`cannot write ${this.path}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
        for (const pending of batch) pending.reject(this.failure);
        continue;
      }
      this.log.commit(batch.map((pending) => pending.entry));
      for (const pending of batch) pending.resolve(pending.entry);
    }
    this.flushing = false;
  }

  private async openHandle(): Promise<FileHandle> {
    if (this.handle) return this.handle;
    this.handle = await open(this.path, 'a', 0o600);
    if (!this.existsOnDisk) {
      // A new file is durable only once its directory entry is: fsync the directory too.
      const dir = await open(join(this.path, '..'), 'r');
      try {
        await dir.sync();
      } finally {
        await dir.close();
      }
      this.existsOnDisk = true;
    }
    return this.handle;
  }
}

/**
 * Read one event file, checking every line. A crash can only tear the end of the file (the
 * lines of a write that was never acknowledged): an incomplete or unreadable last line is
 * cut off, with a warning. Anything wrong before that is corruption, and a hard error.
 */
async function loadEventFile(path: string, warn: (message: string) => void): Promise<Entry[]> {
  const content = await readFile(path);
  let keep = content.lastIndexOf(NEWLINE) + 1;
  const lines = content.toString('utf8', 0, keep).split('\n');
  lines.pop(); // the '' after the last newline
  const checker = new EntryChecker();
  const entries: Entry[] = [];
  let previousAt = 0;
  for (let i = 0; i < lines.length; i++) {
    let raw: unknown;
    try {
      raw = JSON.parse(lines[i]!);
    } catch {
      if (i === lines.length - 1) {
        // Back to the start of this line (a negative offset would count from the end).
        keep = keep < 2 ? 0 : content.lastIndexOf(NEWLINE, keep - 2) + 1;
        break;
      }
      throw new Error(`${path}:${i + 1}: unreadable ledger line`);
    }
    const entry = checker.check(raw, path, i + 1);
    if (entry.seq !== i + 1) throw new Error(`${path}:${i + 1}: expected seq ${i + 1}, found ${entry.seq}`);
    if (entry.at < previousAt) throw new Error(`${path}:${i + 1}: at ${entry.at} is earlier than the previous entry's ${previousAt}`);
    previousAt = entry.at;
    entries.push(entry);
  }
  if (keep < content.length) {
    warn(`ledger: ${path}: dropped a torn last line (${content.length - keep} bytes) left by an interrupted write; kept ${entries.length} entries`);
    const handle = await open(path, 'r+');
    try {
      await handle.truncate(keep);
      await handle.datasync();
    } finally {
      await handle.close();
    }
  }
  return entries;
}

const ACTOR_FIELDS = Object.keys(ActorSchema.shape) as Array<keyof Actor>;
const SeqAndAtSchema = EntrySchema.pick({ seq: true, at: true });

/**
 * Checks loaded lines against the zod schemas, so a corrupt file cannot put anything into
 * memory that a node would not have appended. Exported for its equivalence test.
 *
 * Why not simply `EntrySchema.parse` each line: a restart must load 100,000 entries well
 * under a second (bench/ledgerReplay.ts), and in a fresh process zod took about as long as
 * reading and JSON-parsing the file together. Two shortcuts, each accepting only what zod
 * would accept and output unchanged (tests/server/ledger/file.test.ts checks this against
 * EntrySchema with random entries):
 * - the actor repeats on nearly every line (a few thousand people make all the entries), so
 *   each distinct actor goes through zod once, and its checked object is shared by all its
 *   entries, which also saves memory;
 * - chat.send is most of a busy event's entries, and zod's text pipeline (bound, trim,
 *   re-check) its main cost: a chat text that is already what `text()` outputs (trimmed,
 *   1..LIMITS.chatText long, no control characters) skips it.
 * Everything else, and anything a shortcut does not accept, goes through zod.
 */
export class EntryChecker {
  /** Checked actors by id; an id holds several when a person's profile changed over time. */
  private readonly actors = new Map<string, Actor[]>();

  check(raw: unknown, path: string, line: number): Entry {
    if (isRecord(raw)) {
      const actor = this.actor(raw.actor);
      const command = isCleanChat(raw.command) ? raw.command : CommandSchema.safeParse(raw.command).data;
      const position = SeqAndAtSchema.safeParse(raw);
      const commandId = raw.commandId === undefined ? null : CommandIdSchema.safeParse(raw.commandId).data;
      if (actor && command && position.success && commandId !== undefined) {
        const entry: Entry = { seq: position.data.seq, at: position.data.at, actor, command };
        if (commandId !== null) entry.commandId = commandId;
        return entry;
      }
    }
    const parsed = EntrySchema.safeParse(raw);
    if (parsed.success) return parsed.data; // unreachable while the shortcuts agree with zod
    const type = isRecord(raw) && isRecord(raw.command) ? raw.command.type : undefined;
    const known = typeof type === 'string' && (COMMAND_TYPES as string[]).includes(type);
    throw new Error(`${path}:${line}: invalid ledger entry${known ? ` (${type})` : ''}: ${describeZodError(parsed.error)}`);
  }

  private actor(raw: unknown): Actor | null {
    if (!isRecord(raw) || typeof raw.id !== 'string') return null;
    const known = this.actors.get(raw.id);
    // Equal fields to an actor zod accepted (and output unchanged): zod would accept this one alike.
    const same = known?.find((actor) => ACTOR_FIELDS.every((field) => actor[field] === raw[field]));
    if (same) return same;
    const parsed = ActorSchema.safeParse(raw);
    if (!parsed.success) return null;
    if (known) known.push(parsed.data);
    else this.actors.set(parsed.data.id, [parsed.data]);
    return parsed.data;
  }
}

/** A chat.send exactly as `CommandSchema` outputs it, so parsing it again would change nothing. */
function isCleanChat(command: unknown): command is CommandOf<'chat.send'> {
  if (!isRecord(command) || command.type !== 'chat.send' || Object.keys(command).length !== 2) return false;
  const { payload } = command;
  if (!isRecord(payload) || Object.keys(payload).length !== 1) return false;
  const { text } = payload;
  return isCleanText(text, LIMITS.chatText, 1);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
