/** The file ledger under a real crash: kill -9 the node mid-run, restart, nothing acked is lost. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Ack, Entry } from '../../shared/protocol.ts';
import { replay } from '../../shared/reducer/index.ts';
import { emptyState } from '../../shared/state.ts';
import { TestClient } from '../support/client.ts';
import { exportedLedger } from '../support/export.ts';
import { startNode } from '../support/nodeProcess.ts';

describe('durability of the embedded default', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gavel-durability-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('L-D1: 500 commands, kill -9, restart: the state is identical and no acked command is lost', async () => {
    const first = await startNode({ DATA_DIR: dataDir });
    const moderatorToken = first.tokens.get('moderator: Kemo Camara')!;
    expect(moderatorToken).toBeTruthy();
    const moderator = await TestClient.connect(first.url, moderatorToken);
    await moderator.must('event.start');

    // 480 commands acknowledged one after another, then a burst of 20 in flight during the kill.
    const acked = new Map<number, string>();
    for (let i = 0; i < 480; i++) {
      const text = `message ${i}`;
      acked.set(await moderator.must('chat.send', { text }), text);
    }
    await moderator.caughtUp(Math.max(...acked.keys()));
    const beforeKill = structuredClone(moderator.state);
    const burst = Array.from({ length: 20 }, (_, i) =>
      moderator.send('chat.send', { text: `burst ${i}` }).then(
        (ack: Ack) => ack.ok && acked.set(ack.seq, `burst ${i}`),
        () => undefined, // not acked: may or may not have been stored
      ),
    );
    await new Promise((r) => setTimeout(r, 5));
    await first.kill9();
    await Promise.allSettled(burst);
    moderator.close();

    const second = await startNode({ DATA_DIR: dataDir });
    try {
      const again = await TestClient.connect(second.url, moderatorToken);
      const state = again.state;
      const maxAcked = Math.max(...acked.keys());
      expect(state.seq).toBeGreaterThanOrEqual(maxAcked);
      // Every acked message is in the ledger with its text, at its seq.
      const res = await fetch(`${second.url}/api/events/${state.eventId}/chat?limit=200`, { headers: { authorization: `Bearer ${moderatorToken}` } });
      expect(res.status).toBe(200);
      const entries = await exportedLedger(second.url, state.eventId, moderatorToken);
      const texts = new Map(entries.map((e) => [e.seq, e.command.type === 'chat.send' ? e.command.payload.text : undefined]));
      for (const [seq, text] of acked) expect(texts.get(seq)).toBe(text);
      // Replaying the recovered ledger up to where the client was gives exactly its state.
      expect(
        replay(
          emptyState(state.eventId),
          entries.filter((e: Entry) => e.seq <= beforeKill.seq),
        ),
      ).toEqual(beforeKill);
      expect(state.chat.total).toBeGreaterThanOrEqual(acked.size);
      // The restarted node serves the same event: a fresh replay of its ledger gives its state.
      expect(state.status).toBe('live');
      again.close();
    } finally {
      await second.stop();
    }
  }, 120_000);

  it('L-D2: a clean restart gives a state deep-equal to the one before', async () => {
    const node = await startNode({ DATA_DIR: dataDir });
    const token = node.tokens.get('moderator: Kemo Camara')!;
    const before = await TestClient.connect(node.url, token);
    await before.must('queue.raise', { topic: 'restart me' });
    const snapshot = structuredClone(before.state);
    before.close();
    await node.kill9();
    const again = await startNode({ DATA_DIR: dataDir });
    try {
      const after = await TestClient.connect(again.url, token);
      expect(after.state).toEqual(snapshot);
      after.close();
    } finally {
      await again.stop();
    }
  }, 120_000);
});
