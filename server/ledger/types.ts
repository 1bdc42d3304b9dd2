/**
 * The ledger: an ordered, durable log of entries per event. Three backends (memory, file,
 * Redis) implement it and pass one contract suite (tests/server/ledger/contract.ts).
 */
import type { Actor, Command, Entry } from '../../shared/protocol.ts';

/** What a node hands to the ledger; the ledger assigns `seq` and `at`. */
export interface EntryDraft {
  actor: Actor;
  command: Command;
}

export interface Ledger {
  /**
   * Append one entry. Resolves once it is durable, with `seq` = previous + 1 (contiguous
   * per event, assigned atomically with the append) and `at` = the ledger's clock, never
   * earlier than the previous entry's `at`. Rejects an event id outside `EVENT_ID_PATTERN`.
   */
  append(eventId: string, draft: EntryDraft): Promise<Entry>;
  /** Entries with `seq` > `afterSeq`, in order, at most `limit`. */
  read(eventId: string, afterSeq: number, limit?: number): Promise<Entry[]>;
  /**
   * Deliver every entry with `seq` > `afterSeq`, in order, without gaps or repeats: first
   * the stored ones, then new ones as they are appended (by this node or any other).
   */
  tail(eventId: string, afterSeq: number, onEntries: (entries: Entry[]) => void): Unsubscribe;
  /** The highest `seq` of the event, 0 when it has none. */
  head(eventId: string): Promise<number>;
  /** Every event id the ledger holds an entry for. */
  events(): Promise<string[]>;
  /**
   * Backends that write to a disk of their own: null while they can, what fails while they
   * cannot (appends are refused meanwhile, and the node reports not ready). Without it, a
   * backend's health shows in `head` answering or not.
   */
  writeProblem?(): string | null;
  close(): Promise<void>;
}

export type Unsubscribe = () => void;

/**
 * What an event id may look like. Backends build file names and keys from it, so it is
 * checked before it touches any path or key.
 */
export const EVENT_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

export function assertEventId(eventId: string): void {
  if (!EVENT_ID_PATTERN.test(eventId)) throw new RangeError(`invalid event id ${JSON.stringify(eventId.slice(0, 80))}`);
}

/** Thrown by a backend that cannot reach its storage: the node answers `unavailable`. */
export class LedgerUnavailableError extends Error {
  override readonly name = 'LedgerUnavailableError';
}
