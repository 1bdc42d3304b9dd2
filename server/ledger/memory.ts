/**
 * The in-memory ledger (tests), and `EventLog`: one event's entries and tails in memory,
 * which the file ledger reuses to serve reads and tails once its entries are durable.
 */
import type { Entry } from '../../shared/protocol.ts';
import { assertEventId, commandKey, type EntryDraft, entryOf, type Ledger, LedgerUnavailableError, type Unsubscribe } from './types.ts';

interface Tail {
  /** The highest seq handed to `onEntries` so far. */
  delivered: number;
  scheduled: boolean;
  closed: boolean;
  onEntries: (entries: Entry[]) => void;
}

/** One event's committed entries (entry `seq` n sits at index n - 1) and the tails that follow them. */
export class EventLog {
  private readonly entries: Entry[];
  private readonly tails = new Set<Tail>();
  /** Entries that carry a command id, by `commandKey` (L13). */
  private readonly byCommand = new Map<string, Entry>();

  constructor(entries: Entry[] = []) {
    this.entries = entries;
    for (const entry of entries) this.remember(entry);
  }

  get head(): number {
    return this.entries.length;
  }

  /** The `at` of the last entry, 0 when there is none. */
  get lastAt(): number {
    return this.entries[this.entries.length - 1]?.at ?? 0;
  }

  /** Add entries whose seqs follow `head`, and wake every tail. */
  commit(entries: readonly Entry[]): void {
    for (const entry of entries) {
      this.entries.push(entry);
      this.remember(entry);
    }
    for (const tail of this.tails) this.schedule(tail);
  }

  /** The committed entry of this person's command `commandId`, if there is one. */
  byCommandId(actorId: string, commandId: string): Entry | undefined {
    return this.byCommand.get(commandKey(actorId, commandId));
  }

  private remember(entry: Entry): void {
    if (entry.commandId === undefined) return;
    const key = commandKey(entry.actor.id, entry.commandId);
    // The first entry of an id is the one a repeat gets, should a file ever hold two.
    if (!this.byCommand.has(key)) this.byCommand.set(key, entry);
  }

  read(afterSeq: number, limit = Infinity): Entry[] {
    const start = Math.max(0, Math.floor(afterSeq));
    const end = Math.min(this.entries.length, start + Math.max(0, limit));
    return start < end ? this.entries.slice(start, end) : [];
  }

  tail(afterSeq: number, onEntries: (entries: Entry[]) => void): Unsubscribe {
    const tail: Tail = { delivered: Math.max(0, Math.floor(afterSeq)), scheduled: false, closed: false, onEntries };
    this.tails.add(tail);
    this.schedule(tail);
    return () => {
      tail.closed = true;
      this.tails.delete(tail);
    };
  }

  /**
   * Delivery is asynchronous so that `onEntries` never runs inside `append` or `tail` (the
   * caller's code is not re-entered), and one delivery hands over everything committed by then.
   */
  private schedule(tail: Tail): void {
    if (tail.scheduled || tail.closed) return;
    tail.scheduled = true;
    queueMicrotask(() => this.deliver(tail));
  }

  private deliver(tail: Tail): void {
    tail.scheduled = false;
    if (tail.closed || tail.delivered >= this.entries.length) return;
    const batch = this.entries.slice(tail.delivered);
    // Move the cursor before the call: an append from inside `onEntries` schedules the next
    // delivery, which must start after this batch.
    tail.delivered = this.entries.length;
    tail.onEntries(batch);
  }
}

export interface MemoryLedgerOptions {
  /** The ledger's clock, for `at`. */
  now?: () => number;
}

export class MemoryLedger implements Ledger {
  private readonly logs = new Map<string, EventLog>();
  private readonly now: () => number;
  private closed = false;

  constructor(options: MemoryLedgerOptions = {}) {
    this.now = options.now ?? Date.now;
  }

  async append(eventId: string, draft: EntryDraft): Promise<Entry> {
    assertEventId(eventId);
    if (this.closed) throw new LedgerUnavailableError('the ledger is closed');
    const log = this.log(eventId);
    const stored = draft.commandId === undefined ? undefined : log.byCommandId(draft.actor.id, draft.commandId);
    if (stored) return stored;
    const entry = entryOf(draft, log.head + 1, Math.max(this.now(), log.lastAt));
    log.commit([entry]);
    return entry;
  }

  async read(eventId: string, afterSeq: number, limit?: number): Promise<Entry[]> {
    return this.logs.get(eventId)?.read(afterSeq, limit) ?? [];
  }

  tail(eventId: string, afterSeq: number, onEntries: (entries: Entry[]) => void): Unsubscribe {
    return this.log(eventId).tail(afterSeq, onEntries);
  }

  async head(eventId: string): Promise<number> {
    return this.logs.get(eventId)?.head ?? 0;
  }

  async events(): Promise<string[]> {
    return [...this.logs].filter(([, log]) => log.head > 0).map(([eventId]) => eventId);
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private log(eventId: string): EventLog {
    let log = this.logs.get(eventId);
    if (!log) {
      log = new EventLog();
      this.logs.set(eventId, log);
    }
    return log;
  }
}
