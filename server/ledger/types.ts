/**
 * The ledger: an ordered, durable log of entries per event. Three backends (memory, file,
 * Redis) implement it and pass one contract suite (tests/server/ledger/contract.ts).
 */
import type { Actor, Command, Entry } from '../../shared/protocol.ts';

/** What a node hands to the ledger; the ledger assigns `seq` and `at`. */
export interface EntryDraft {
  actor: Actor;
  command: Command;
  /** The id the sender gave the command (`COMMAND_ID_PATTERN`): see `append` and L13. */
  commandId?: string;
  /** The person's identity, encrypted (ER1): set by `SealedLedger`, stored as it is by every backend. */
  sealed?: string;
}

/** A new entry from a draft; `commandId` only when the draft has one, so entries without stay as they were. */
export function entryOf(draft: EntryDraft, seq: number, at: number): Entry {
  const entry: Entry = { seq, at, actor: draft.actor, command: draft.command };
  if (draft.commandId !== undefined) entry.commandId = draft.commandId;
  if (draft.sealed !== undefined) entry.sealed = draft.sealed;
  return entry;
}

/**
 * How long a ledger remembers a command id at least. The file and memory ledgers remember
 * every id they hold; Redis lets the key of each expire after this.
 */
export const COMMAND_ID_RETENTION_MS = 24 * 60 * 60 * 1000;

/** One key per (person, command id): command ids match `COMMAND_ID_PATTERN`, never a space, so the key is unambiguous. */
export function commandKey(actorId: string, commandId: string): string {
  return `${actorId} ${commandId}`;
}

export interface Ledger {
  /**
   * Append one entry. Resolves once it is durable, with `seq` = previous + 1 (contiguous
   * per event, assigned atomically with the append) and `at` = the ledger's clock, never
   * earlier than the previous entry's `at`. Rejects an event id outside `EVENT_ID_PATTERN`.
   *
   * A draft with a `commandId` whose (actor.id, commandId) this event already holds (for at
   * least `COMMAND_ID_RETENTION_MS`) appends nothing and resolves with the entry stored first:
   * a retry of a command whose first try was never answered, or answered `unavailable`, is
   * stored once. The check and the append are one atomic step, whichever node appends (L13).
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
