/**
 * A chat load for fault tests: every client sends messages one after the other, each with
 * a text no other message has, and records each answer; afterwards the ledger, every node
 * and every client are checked against what was acked.
 */
import { expect } from 'vitest';
import { stateDigest } from '../../../server/ops/digest.ts';
import { EVERYONE } from '../../../shared/projection.ts';
import type { Ack } from '../../../shared/protocol.ts';
import { replay } from '../../../shared/reducer/index.ts';
import { emptyState } from '../../../shared/state.ts';
import type { TestClient } from '../../support/client.ts';
import { projectedReplay } from '../../support/projected.ts';
import { type Cluster, canonicalJson, DEFAULT_EVENT, expectSameBytes, nodeDigests } from './cluster.ts';

export interface Sent {
  text: string;
  sentAt: number;
  answeredAt: number;
  /** null: no answer within the timeout. */
  ack: Ack | null;
}

/** Every client sends chat messages one after the other until stopped; each send and its answer is recorded. */
export function chatter(clients: readonly TestClient[], timeoutMs = 10_000) {
  const sent: Sent[] = [];
  let ackedCount = 0;
  const waiters: Array<{ target: number; resolve: () => void }> = [];
  let stopped = false;
  const loops = clients.map(async (client, c) => {
    for (let n = 0; !stopped; n++) {
      const text = `client ${c} message ${n}`;
      const sentAt = performance.now();
      let ack: Ack | null = null;
      try {
        ack = await client.socket.timeout(timeoutMs).emitWithAck('command', { type: 'chat.send', payload: { text } });
      } catch {
        // no answer in time: recorded as such
      }
      sent.push({ text, sentAt, answeredAt: performance.now(), ack });
      if (ack?.ok) ackedCount++;
      for (const waiter of waiters.filter((w) => ackedCount >= w.target)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
      // A refusal comes back at once: pace the retries instead of spinning.
      if (!ack?.ok) await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });
  return {
    sent,
    acked: () => sent.filter((s) => s.ack?.ok),
    /** Resolves once `count` more commands have been acked. */
    ackedMore(count: number, timeoutMs = 15_000): Promise<void> {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`fewer than ${count} more acks in ${timeoutMs} ms`)), timeoutMs);
        waiters.push({
          target: ackedCount + count,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      });
    },
    async stop(): Promise<void> {
      stopped = true;
      await Promise.all(loops);
    },
  };
}

/** Every acked command is stored at its seq with its text, no text is stored twice, and every client holds the ledger's state. */
export async function expectNothingLostOrDoubled(cluster: Cluster, clients: readonly TestClient[], acked: readonly Sent[]): Promise<void> {
  const ledger = await cluster.openLedger();
  const entries = await ledger.read(DEFAULT_EVENT, 0);
  const texts = new Map(entries.map((e) => [e.seq, e.command.type === 'chat.send' ? e.command.payload.text : null]));
  for (const { text, ack } of acked) expect(texts.get(ack!.ok ? ack!.seq : -1)).toBe(text);
  const chats = entries.flatMap((e) => (e.command.type === 'chat.send' ? [e.command.payload.text] : []));
  expect(new Set(chats).size).toBe(chats.length);
  const head = entries.length;
  await Promise.all(clients.map((client) => client.caughtUp(head)));
  // What a browser holds is the projection of the ledger's state (B6).
  const truth = projectedReplay(DEFAULT_EVENT, entries, EVERYONE);
  for (const [i, client] of clients.entries()) expectSameBytes(canonicalJson(client.state), canonicalJson(truth), `client ${i}`);
  const alive = cluster.nodes.filter((node) => node.child.exitCode === null && node.child.signalCode === null);
  expect(
    await nodeDigests(
      alive.map((node) => node.opsUrl),
      DEFAULT_EVENT,
    ),
  ).toEqual(alive.map(() => ({ seq: head, digest: stateDigest(replay(emptyState(DEFAULT_EVENT), entries)) })));
}
