/**
 * What must hold once a fault is healed and the cluster has settled, read from the ledger
 * (the moderator's export) and from every node and client:
 * - nothing acked is lost: each acked seq holds that person's command (and chat text);
 * - nothing is applied twice: each unique chat text, and each command id, appears once;
 * - seq is contiguous from 1 to the head;
 * - every node is at the head with one digest, and so is every client's replica;
 * - /healthz answered throughout, and the cluster recovered within 10 s of the heal.
 */

import { stateDigest } from '../../server/ops/digest.ts';
import type { Entry } from '../../shared/protocol.ts';
import { canonicalJson } from '../../tests/server/cluster/cluster.ts';
import type { CommandRecord, Member } from './workload.ts';

export const RECOVERY_BUDGET_S = 10;

/** One verdict with the figures behind it. */
export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

export interface LedgerRead {
  entries: Entry[];
  /** Where it was read: a node's moderator export, or the store itself when no node answered. */
  source: string;
}

export interface NodeView {
  node: number;
  status: number | 'timeout';
  reason?: string;
  seq?: number;
  digest?: string;
}

export interface LedgerFindings {
  lost: number;
  lostExamples: string[];
  doubled: number;
  doubledExamples: string[];
  contiguous: Check;
}

export function checkLedger(entries: readonly Entry[], records: readonly CommandRecord[]): LedgerFindings {
  const bySeq = new Map(entries.map((e) => [e.seq, e]));
  const textCount = new Map<string, number>();
  for (const e of entries) if (e.command.type === 'chat.send') textCount.set(e.command.payload.text, (textCount.get(e.command.payload.text) ?? 0) + 1);

  const lostExamples: string[] = [];
  let lost = 0;
  for (const r of records.filter((r) => r.final === 'acked')) {
    const e = bySeq.get(r.seq!);
    const same =
      e &&
      e.actor.id === r.personId &&
      e.command.type === r.type &&
      (r.type !== 'chat.send' || (e.command.type === 'chat.send' && e.command.payload.text === r.text));
    if (!same) {
      lost++;
      if (lostExamples.length < 5)
        lostExamples.push(
          `${r.type} by ${r.who} acked as seq ${r.seq}: ${e ? `seq ${r.seq} holds ${e.command.type} by ${e.actor.name}` : 'no such seq'}${r.text && textCount.has(r.text) ? ' (its text is elsewhere)' : ''}`,
        );
    }
  }

  // Where the server keeps the command id is its business: look for our ids anywhere in each entry.
  const ids = new Set(records.map((r) => r.id));
  const idCount = new Map<string, number>();
  for (const e of entries) {
    const seen = new Set<string>();
    JSON.stringify(e, (_k, v: unknown) => {
      if (typeof v === 'string' && ids.has(v)) seen.add(v);
      return v;
    });
    for (const id of seen) idCount.set(id, (idCount.get(id) ?? 0) + 1);
  }
  let doubled = 0;
  const doubledExamples: string[] = [];
  for (const r of records) {
    const extra = Math.max((r.text ? (textCount.get(r.text) ?? 0) : 0) - 1, (idCount.get(r.id) ?? 0) - 1, 0);
    if (extra > 0) {
      doubled += extra;
      if (doubledExamples.length < 5)
        doubledExamples.push(`${r.type} by ${r.who} applied ${extra + 1}× (answers: ${r.attempts.map((a) => a.outcome).join(' → ')})`);
    }
  }

  const gaps: string[] = [];
  const sorted = [...entries].sort((a, b) => a.seq - b.seq);
  sorted.forEach((e, i) => {
    if (e.seq !== i + 1 && gaps.length < 3) gaps.push(`position ${i + 1} holds seq ${e.seq}`);
  });
  return {
    lost,
    lostExamples,
    doubled,
    doubledExamples,
    contiguous: { name: 'seq contiguous 1..head', ok: gaps.length === 0 && entries.length > 0, detail: gaps.length ? gaps.join('; ') : `1..${entries.length}` },
  };
}

/** Every node ready at the head with the digest of the ledger's state (`truth`: the ledger replayed). */
export function checkNodes(views: readonly NodeView[], head: number, truth: unknown): Check {
  const expected = stateDigest(truth);
  const wrong = views.filter((v) => v.status !== 200 || v.seq !== head || v.digest !== expected);
  return {
    name: 'every node at the head, same digest',
    ok: wrong.length === 0,
    detail:
      wrong.length === 0
        ? `${views.length} nodes at seq ${head}`
        : `${wrong.map((v) => `node ${v.node + 1}: ${v.status === 200 ? `seq ${v.seq}${v.seq === head ? ', other digest' : ''}` : `${v.status} ${v.reason ?? ''}`}`).join('; ')} (head ${head})`,
  };
}

/** Every client's replica at the head with the ledger's state. */
export function checkClients(members: readonly Member[], head: number, truth: unknown): Check {
  const expected = canonicalJson(truth);
  const wrong = members.filter((m) => {
    const replica = m.client.replica;
    return !replica || replica.state.seq !== head || canonicalJson(replica.state) !== expected;
  });
  const seqs = [...new Set(wrong.map((m) => m.client.replica?.state.seq ?? 'none'))].slice(0, 5).join(', ');
  return {
    name: 'every client at the head, same state',
    ok: wrong.length === 0,
    detail:
      wrong.length === 0
        ? `${members.length} clients at seq ${head}`
        : `${wrong.length} of ${members.length} clients differ (their seqs: ${seqs}; head ${head})`,
  };
}
