/**
 * One event on one node: tails the ledger, applies every entry with the shared reducer, and
 * tells whoever waits for a seq how it went. Entries from this node and from any other node
 * take the same path, so every node holds the same state.
 */
import { LIMITS } from '../shared/constants.ts';
import type { Entry, GavelError } from '../shared/protocol.ts';
import { applyEntry } from '../shared/reducer/index.ts';
import { type ChatMessage, type EventState, emptyState } from '../shared/state.ts';
import type { Ledger, Unsubscribe } from './ledger/types.ts';

/** How many recent outcomes are kept for acks that arrive after their entry was applied. */
const OUTCOMES_KEPT = 4096;

export class EventHost {
  private current: EventState;
  private readonly outcomes = new Map<number, GavelError | null>();
  private readonly waiters = new Map<number, Array<(error: GavelError | null) => void>>();
  /** Every chat message ever sent, for history pages; the state keeps only the window. */
  private readonly chatArchive: ChatMessage[] = [];
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
  }

  stop(): void {
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

  /** A page of chat history, newest last: messages with id < `beforeId`. */
  chatPage(beforeId: number, limit: number): { messages: ChatMessage[]; more: boolean } {
    let end = this.chatArchive.length;
    while (end > 0 && this.chatArchive[end - 1]!.id >= beforeId) end--;
    const start = Math.max(0, end - limit);
    return { messages: this.chatArchive.slice(start, end), more: start > 0 };
  }

  hasChatMessage(id: number): boolean {
    return this.findArchived(id) >= 0;
  }

  private findArchived(id: number): number {
    let lo = 0;
    let hi = this.chatArchive.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const m = this.chatArchive[mid]!.id;
      if (m === id) return mid;
      if (m < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  private apply(entries: Entry[]): void {
    const applied: Entry[] = [];
    for (const entry of entries) {
      if (entry.seq <= this.current.seq) continue; // a replay overlap after a reconnect
      const { state, error } = applyEntry(this.current, entry);
      this.current = state;
      applied.push(entry);
      if (!error) this.archive(entry, state);
      this.outcomes.set(entry.seq, error);
      if (this.outcomes.size > OUTCOMES_KEPT) this.outcomes.delete(this.outcomes.keys().next().value!);
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
    const { command } = entry;
    if (command.type === 'chat.send') {
      const message = state.chat.messages[state.chat.messages.length - 1];
      if (message) this.chatArchive.push(message);
    } else if (command.type === 'chat.delete') {
      const i = this.findArchived(command.payload.messageId);
      if (i >= 0) this.chatArchive[i] = { ...this.chatArchive[i]!, text: '', deleted: true };
    }
  }
}

export const CHAT_PAGE_MAX = LIMITS.chatWindow;
