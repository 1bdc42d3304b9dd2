/**
 * The embedded ledger: one append-only JSON-lines file per event in `${dataDir}/ledger/`,
 * each line one entry. An append resolves once its line is fsynced; appends that arrive
 * while a write is in flight share the next write and fsync (group commit), which is what
 * lets one disk take hundreds of commands a second. Every event's entries are also kept in
 * memory: reads and tails are served from there, and a node replays from them at start.
 *
 * A write that fails (a full disk) is refused and cut back; the event goes on with the next
 * write that succeeds, and `writeProblem` says what fails meanwhile (the node is not ready).
 */
import { mkdir, open, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LIMITS } from '../../shared/constants.ts';
import {
  type Actor,
  ActorSchema,
  COMMAND_TYPES,
  CommandIdSchema,
  type CommandOf,
  CommandSchema,
  describeZodError,
  type Entry,
  EntrySchema,
  isCleanText,
} from '../../shared/protocol.ts';
import { AppendOnlyFile, type AppendOnlyFileOptions } from '../storage/appendOnlyFile.ts';
import { EventLog } from './memory.ts';
import { assertEventId, commandKey, type EntryDraft, EVENT_ID_PATTERN, entryOf, type Ledger, LedgerUnavailableError, type Unsubscribe } from './types.ts';

export interface FileLedgerOptions {
  dataDir: string;
  /** The ledger's clock, for `at`. */
  now?: () => number;
  /** Told about what recovery repaired (a torn last line) or skipped. */
  onWarning?: (message: string) => void;
  /** Told once when an event file cannot be written (a full disk, an I/O error): the node is not ready until it can. */
  onWriteFailure?: (problem: string, error: unknown) => void;
  /** Told once when that file can be written again. */
  onWriteRecovery?: (message: string) => void;
  /** Opens an event file for appending (tests inject one that fails). */
  openHandle?: AppendOnlyFileOptions['openHandle'];
  /** The self-check's delays after a write failed (ms: first, max). */
  probeDelays?: AppendOnlyFileOptions['probeDelays'];
}

type FileHooks = Pick<AppendOnlyFileOptions, 'onFailure' | 'onRecovery' | 'openHandle' | 'probeDelays'>;

const NEWLINE = 0x0a;

export class FileLedger implements Ledger {
  private readonly files = new Map<string, EventFile>();
  private closed = false;

  private constructor(
    private readonly dir: string,
    private readonly now: () => number,
    private readonly hooks: FileHooks,
  ) {}

  /** Open the ledger, loading and repairing every event file. */
  static async open(options: FileLedgerOptions): Promise<FileLedger> {
    const dir = join(options.dataDir, 'ledger');
    const warn = options.onWarning ?? (() => {});
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const hooks: FileHooks = {
      onFailure: options.onWriteFailure,
      onRecovery: options.onWriteRecovery,
      openHandle: options.openHandle,
      probeDelays: options.probeDelays,
    };
    const ledger = new FileLedger(dir, options.now ?? Date.now, hooks);
    for (const name of (await readdir(dir)).sort()) {
      const eventId = name.endsWith('.jsonl') ? name.slice(0, -'.jsonl'.length) : '';
      if (!EVENT_ID_PATTERN.test(eventId)) {
        warn(`ledger: ignoring ${join(dir, name)}: not an event file`);
        continue;
      }
      const path = join(dir, name);
      const entries = await loadEventFile(path, warn).catch((error: Error) => {
        // Writes are all-or-nothing and a crash only tears the last line: damage before it came
        // from outside (the disk, an edit), and only a copy of the file can repair it.
        throw new Error(`${error.message}. The event's ledger is damaged: stop every node, restore ${path} from a backup, and start again`, { cause: error });
      });
      ledger.files.set(eventId, new EventFile(path, new EventLog(entries), hooks));
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

  /** The first event file that cannot be written now, or null: while it is not null the node is not ready. */
  writeProblem(): string | null {
    for (const file of this.files.values()) if (file.problem) return file.problem;
    return null;
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
      file = new EventFile(join(this.dir, `${eventId}.jsonl`), new EventLog(), this.hooks);
      this.files.set(eventId, file);
    }
    return file;
  }
}

interface PendingAppend {
  draft: EntryDraft;
  now: number;
  resolve: (entry: Entry) => void;
  reject: (error: Error) => void;
}

/** One event's file: batches appends into group commits, assigns seq and `at` as it writes them, then commits them to the log. */
class EventFile {
  private readonly file: AppendOnlyFile;
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

  constructor(
    readonly path: string,
    readonly log: EventLog,
    hooks: FileHooks,
  ) {
    this.lastSeq = log.head;
    this.lastAt = log.lastAt;
    this.file = new AppendOnlyFile(path, hooks);
  }

  /** Null while the file can be written; what fails while it cannot. */
  get problem(): string | null {
    return this.file.problem;
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
    return new Promise((resolve, reject) => {
      this.queue.push({ draft, now, resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        this.flushed = this.flush();
      }
    });
  }

  async close(): Promise<void> {
    await this.flushed;
    await this.file.close();
  }

  /** Write and fsync whatever is queued, as one batch, until the queue stays empty. */
  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      // Seq and `at` are given when a batch is written, not when an append arrives: a batch
      // that fails gives its seqs back, so the next entry written continues the file without
      // a hole. The log only sees the entries once they are durable, so a tail never delivers
      // an entry that a crash could still take back.
      let seq = this.lastSeq;
      let at = this.lastAt;
      const entries = batch.map(({ draft, now }): Entry => {
        at = Math.max(now, at);
        return entryOf(draft, ++seq, at);
      });
      try {
        // All or nothing: a failed write is cut back to the last durable entry (AppendOnlyFile),
        // so the next batch may simply try again, and the first that succeeds brings the event back.
        await this.file.append(entries.map((entry) => `${JSON.stringify(entry)}\n`).join(''));
      } catch (error) {
        const failure = new LedgerUnavailableError(error instanceof Error ? error.message : String(error), { cause: error });
        for (const pending of batch) pending.reject(failure);
        continue;
      }
      this.lastSeq = seq;
      this.lastAt = at;
      this.log.commit(entries);
      for (const [i, pending] of batch.entries()) pending.resolve(entries[i]!);
    }
    this.flushing = false;
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
