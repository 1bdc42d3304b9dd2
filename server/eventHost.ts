/**
 * One event on one node: tails the ledger, applies every entry with the shared reducer, and
 * tells whoever waits for a seq how it went. Entries from this node and from any other node
 * take the same path, so every node holds the same state.
 */
import { LIMITS } from '../shared/constants.ts';
import { type Audience, projectChatMessage, projectEntry, projectState, Redactions } from '../shared/projection.ts';
import type { Ack, Entry, GavelError } from '../shared/protocol.ts';
import { asDeleted } from '../shared/reducer/chat.ts';
import { applyEntry, queuePosition } from '../shared/reducer/index.ts';
import { type ChatMessage, type EventState, emptyState } from '../shared/state.ts';
import { commandKey, type Ledger, type Unsubscribe } from './ledger/types.ts';

/** How many recent outcomes are kept for acks that arrive after their entry was applied. */
const OUTCOMES_KEPT = 4096;
/**
 * How many answers to commands sent with an id are kept for their repeats (ID2). Clients
 * retry for a minute; this covers far more than a minute of the busiest event, and an older
 * repeat is still stored once by the ledger (L13).
 */
const ANSWERS_KEPT = 50_000;
/**
 * How many of the latest entries a node holds in memory for sockets catching up (RC1, `sync`):
 * one further behind gets a snapshot. Read from here, a reconnect storm costs the ledger
 * nothing, however many reconnect at once (issue 14).
 */
export const ENTRIES_HELD = 2000;

/**
 * The answer to the sender of `entry`: the reducer's verdict, and for a hand or a point of
 * order its place in the queue in `state` (Q10).
 */
export function answerTo(entry: Entry, error: GavelError | null, state: EventState): Ack {
  if (error) return { ok: false, error };
  const { command } = entry;
  if (command.type === 'queue.raise' || command.type === 'queue.pointOfOrder') {
    const position = queuePosition(state, entry.actor.id, command.type === 'queue.raise' ? 'hand' : 'pointOfOrder');
    if (position !== null) return { ok: true, seq: entry.seq, position };
  }
  return { ok: true, seq: entry.seq };
}

export class EventHost {
  private current: EventState;
  /** What browsers must not receive of the entries applied here (shared/projection.ts). */
  readonly redactions = new Redactions();
  private readonly outcomes = new Map<number, GavelError | null>();
  /** The answers to applied entries that carry a command id, by `commandKey`, as their senders got them. */
  private readonly answers = new Map<string, Ack>();
  private readonly waiters = new Map<number, Array<(error: GavelError | null) => void>>();
  /** The latest entries applied here, in seq order, at least `ENTRIES_HELD` once that many were. */
  private held: Entry[] = [];
  /** Every chat message ever sent, for history pages; the state keeps only the window. */
  private chatArchive: ChatMessage[] = [];
  /**
   * Set while a host started from a snapshot rebuilds the history older than the snapshot's
   * window (see `backfillChat`): messages older than `beforeId`, and the ids among them deleted
   * meanwhile.
   */
  private backfill: { beforeId: number; upTo: number; deleted: Set<number> } | null = null;
  /** Resolves once every chat page can be served (at once, unless started from a snapshot). */
  readonly chatHistory: Promise<void>;
  private chatHistoryDone: () => void = () => {};
  private stopped = false;
  private readonly listeners = new Set<(entries: Entry[], state: EventState) => void>();
  private unsubscribe: Unsubscribe | null = null;
  private caughtUp: Promise<void>;
  private markCaughtUp: () => void = () => {};

  constructor(
    readonly eventId: string,
    private readonly ledger: Ledger,
    initial: EventState = emptyState(eventId),
  ) {
    this.current = initial;
    this.chatArchive = [...initial.chat.messages];
    this.chatHistory = new Promise((resolve) => (this.chatHistoryDone = resolve));
    // A snapshot's state holds only the chat window; older messages have to be rebuilt.
    if (initial.chat.total > initial.chat.messages.length)
      this.backfill = { beforeId: initial.chat.messages[0]?.id ?? initial.seq + 1, upTo: initial.seq, deleted: new Set() };
    else this.chatHistoryDone();
    this.caughtUp = new Promise((resolve) => (this.markCaughtUp = resolve));
  }

  get state(): EventState {
    return this.current;
  }

  /** Start applying the ledger; resolves once everything stored at start has been applied. */
  async start(): Promise<void> {
    const head = await this.ledger.head(this.eventId);
    if (head <= this.current.seq) this.markCaughtUp();
    this.unsubscribe = this.ledger.tail(this.eventId, this.current.seq, (entries) => {
      this.apply(entries);
      if (this.current.seq >= head) this.markCaughtUp();
    });
    await this.caughtUp;
    // Started from a snapshot: serve at once, and rebuild older chat pages in the background.
    if (this.backfill) void this.backfillChat(this.backfill);
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  /** Called with each batch of applied entries and the state after them. */
  onApplied(listener: (entries: Entry[], state: EventState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves with the reducer's verdict on `seq` once it has been applied here. */
  whenApplied(seq: number): Promise<GavelError | null> {
    if (seq <= this.current.seq) {
      const outcome = this.outcomes.get(seq);
      return Promise.resolve(outcome === undefined ? null : outcome);
    }
    return new Promise((resolve) => {
      const list = this.waiters.get(seq) ?? [];
      list.push(resolve);
      this.waiters.set(seq, list);
    });
  }

  /**
   * The answer to this person's command `commandId` if its entry has been applied here: the
   * answer a repeat gets (ID2), whatever the state says now (the hand it raised is in the
   * queue now, and raising it again would be refused).
   */
  answerFor(actorId: string, commandId: string): Ack | undefined {
    return this.answers.get(commandKey(actorId, commandId));
  }

  /**
   * Entries read back from the ledger as a browser may receive them, against the state now
   * (B1). The node's own state stays raw: it needs it.
   */
  project(entries: readonly Entry[], audience: Audience): Entry[] {
    return entries.map((entry) => projectEntry(entry, this.current, this.redactions, audience));
  }

  /**
   * The entries after `sinceSeq` up to `upTo` as applied here, if this node still holds all of
   * them (the latest `ENTRIES_HELD`), else null: read them from the ledger, or send a snapshot.
   */
  heldEntries(sinceSeq: number, upTo: number): Entry[] | null {
    if (upTo <= sinceSeq) return [];
    const first = this.held[0]?.seq;
    if (first === undefined || sinceSeq + 1 < first) return null;
    const entries = this.held.slice(sinceSeq + 1 - first, upTo + 1 - first);
    // Held in a run of consecutive seqs: anything else (a gap never seen) is read from the ledger.
    return entries.length === upTo - sinceSeq && entries[0]?.seq === sinceSeq + 1 && entries.at(-1)?.seq === upTo ? entries : null;
  }

  /** The state as `audience` may receive it (B1). */
  projectedState(audience: Audience): EventState {
    return projectState(this.current, audience, this.redactions);
  }

  /** A page of chat history as a browser may receive it, newest last: messages with id < `beforeId` (B5). */
  chatPage(beforeId: number, limit: number, audience: Audience): { messages: ChatMessage[]; more: boolean } {
    let end = this.chatArchive.length;
    while (end > 0 && this.chatArchive[end - 1]!.id >= beforeId) end--;
    const start = Math.max(0, end - limit);
    const messages = this.chatArchive.slice(start, end).map((m) => projectChatMessage(m, this.current, this.redactions, audience));
    return { messages, more: start > 0 || this.backfill !== null };
  }

  hasChatMessage(id: number): boolean {
    // While the history is rebuilt an older message may exist unseen: let the reducer, which
    // accepts a delete older than its window, have the last word.
    if (this.backfill && id < (this.chatArchive[0]?.id ?? Infinity)) return true;
    return findMessage(this.chatArchive, id) >= 0;
  }

  /**
   * Rebuild the chat messages older than `beforeId` by replaying the ledger from the start
   * with the reducer (only it knows which sends were refused), page by page so the node keeps
   * serving. A snapshot spares a node this replay before it can serve, not the replay itself.
   * It goes on up to the snapshot's seq: a delete or a removal with everything posted (S50)
   * between the oldest message of the window and the snapshot still reaches older messages.
   */
  private async backfillChat({ beforeId, upTo, deleted }: { beforeId: number; upTo: number; deleted: Set<number> }): Promise<void> {
    const older: ChatMessage[] = [];
    let state = emptyState(this.eventId);
    while (!this.stopped && state.seq < upTo) {
      let page: Entry[];
      try {
        page = await this.ledger.read(this.eventId, state.seq, Math.min(1_000, upTo - state.seq));
      } catch {
        // The ledger is unreachable for now; the history can wait for it.
        await new Promise((resolve) => setTimeout(resolve, 2_000).unref());
        continue;
      }
      if (page.length === 0) break;
      for (const entry of page) {
        const applied = applyEntry(state, entry);
        state = applied.state;
        // Messages from the window on are in the archive already.
        const inWindow = entry.command.type === 'chat.send' && entry.seq >= beforeId;
        if (!applied.error && !inWindow) archiveInto(older, entry, state);
      }
    }
    for (const id of deleted) {
      const i = findMessage(older, id);
      if (i >= 0) older[i] = { ...older[i]!, text: '', deleted: true };
    }
    if (this.stopped) return;
    this.chatArchive = [...older, ...this.chatArchive];
    this.backfill = null;
    this.chatHistoryDone();
  }

  private apply(entries: Entry[]): void {
    const applied: Entry[] = [];
    for (const entry of entries) {
      if (entry.seq <= this.current.seq) continue; // a replay overlap after a reconnect
      const outcome = applyEntry(this.current, entry);
      const { state, error } = outcome;
      this.redactions.record(entry, outcome);
      this.current = state;
      applied.push(entry);
      this.held.push(entry);
      // Trimmed by half its length at a time: a shift per entry would move the whole list each time.
      if (this.held.length >= 2 * ENTRIES_HELD) this.held = this.held.slice(ENTRIES_HELD);
      if (!error) this.archive(entry, state);
      this.outcomes.set(entry.seq, error);
      if (this.outcomes.size > OUTCOMES_KEPT) this.outcomes.delete(this.outcomes.keys().next().value!);
      if (entry.commandId !== undefined) {
        // Taken now, in the state right after the entry: the place a hand got when it went up.
        this.answers.set(commandKey(entry.actor.id, entry.commandId), answerTo(entry, error, state));
        if (this.answers.size > ANSWERS_KEPT) this.answers.delete(this.answers.keys().next().value!);
      }
      const waiting = this.waiters.get(entry.seq);
      if (waiting) {
        this.waiters.delete(entry.seq);
        for (const resolve of waiting) resolve(error);
      }
    }
    if (applied.length === 0) return;
    for (const listener of this.listeners) listener(applied, this.current);
  }

  private archive(entry: Entry, state: EventState): void {
    const found = archiveInto(this.chatArchive, entry, state);
    if (!found && this.backfill && entry.command.type === 'chat.delete') this.backfill.deleted.add(entry.command.payload.messageId);
  }
}

/** Record an accepted chat entry in `archive`; false for a delete of a message it does not hold. */
function archiveInto(archive: ChatMessage[], entry: Entry, state: EventState): boolean {
  const { command } = entry;
  if (command.type === 'chat.send') {
    const message = state.chat.messages[state.chat.messages.length - 1];
    if (message) archive.push(message);
  } else if (command.type === 'chat.delete') {
    const i = findMessage(archive, command.payload.messageId);
    if (i < 0) return false;
    archive[i] = asDeleted(archive[i]!);
  } else if (command.type === 'people.remove' && command.payload.purge) {
    // Everything the removed person said goes, however old (S50).
    const { personId } = command.payload;
    for (const [i, m] of archive.entries()) if (m.author.id === personId && !m.deleted) archive[i] = asDeleted(m);
  }
  return true;
}

/** Index of message `id` in an archive sorted by id, or -1. */
function findMessage(archive: readonly ChatMessage[], id: number): number {
  let lo = 0;
  let hi = archive.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const m = archive[mid]!.id;
    if (m === id) return mid;
    if (m < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

export const CHAT_PAGE_MAX = LIMITS.chatWindow;
