/**
 * Checks at the socket boundary. The zod schemas in shared/ would cost the browser ~28 KB
 * gzipped (half the participant budget), so the client checks the envelope of each message
 * (the fields it routes on) and trusts the server, which built it from the same schemas,
 * for the rest. A message that fails a check is dropped, never half-applied.
 */
import type { Ack, Entry, PingReply, ReactionAck, ReactionCounts, ServerMessage, SyncReply } from '../../shared/protocol.ts';

type Obj = Record<string, unknown>;

function isObj(x: unknown): x is Obj {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function isSeq(x: unknown): x is number {
  return Number.isInteger(x) && (x as number) >= 0;
}

function isGavelError(x: unknown): boolean {
  return isObj(x) && typeof x.code === 'string' && typeof x.message === 'string';
}

function isState(x: unknown): boolean {
  return (
    isObj(x) && isSeq(x.seq) && typeof x.eventId === 'string' && isObj(x.agenda) && isObj(x.queue) && isObj(x.floor) && isObj(x.chat) && Array.isArray(x.roster)
  );
}

export function isSnapshot(x: unknown): x is ServerMessage<'snapshot'> {
  return isObj(x) && isState(x.state) && isObj(x.self) && typeof x.self.id === 'string' && typeof x.self.role === 'string';
}

function isEntry(x: unknown): x is Entry {
  return isObj(x) && isSeq(x.seq) && Number.isFinite(x.at) && isObj(x.actor) && isObj(x.command) && typeof x.command.type === 'string';
}

export function isEntries(x: unknown): x is ServerMessage<'entries'> {
  return isObj(x) && Array.isArray(x.entries) && x.entries.every(isEntry);
}

export function isPresence(x: unknown): x is ServerMessage<'presence'> {
  return isObj(x) && isObj(x.counts) && isSeq(x.total);
}

export function isNotice(x: unknown): x is ServerMessage<'notice'> {
  return isObj(x) && typeof x.code === 'string' && typeof x.message === 'string' && (x.reason === undefined || typeof x.reason === 'string');
}

/** S46, S47: the staff's two counts. */
export function isModeration(x: unknown): x is ServerMessage<'moderation'> {
  return isObj(x) && isSeq(x.waiting) && isSeq(x.flagged);
}

export function isAck(x: unknown): x is Ack {
  return isObj(x) && (x.ok === true ? isSeq(x.seq) : x.ok === false && isGavelError(x.error));
}

/** The answer to a reaction: no seq, it never enters the ledger. */
export function isReactionAck(x: unknown): x is ReactionAck {
  return isObj(x) && (x.ok === true || (x.ok === false && isGavelError(x.error)));
}

export function isPingReply(x: unknown): x is PingReply {
  return isObj(x) && Number.isFinite(x.clientSentAt) && Number.isFinite(x.serverAt);
}

export function isSyncReply(x: unknown): x is SyncReply {
  if (!isObj(x)) return false;
  if (x.ok === false) return isGavelError(x.error);
  return x.ok === true && ((Array.isArray(x.entries) && x.entries.every(isEntry)) || isSnapshot(x.snapshot));
}

export function isReactions(x: unknown): x is { counts: Partial<ReactionCounts> } {
  return isObj(x) && isObj(x.counts) && Object.values(x.counts).every((n) => isSeq(n));
}
