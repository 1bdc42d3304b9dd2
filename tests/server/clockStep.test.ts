/**
 * T5 through a real process: a node restarted with its system clock an hour back (a preload
 * puts Date.now off, as a wrong clock would) goes on stamping entries from where the ledger
 * stopped, at the real pace, and answers clock pings with the same clock.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TestClient } from '../support/client.ts';
import { exportedLedger } from '../support/export.ts';
import { shiftedClockEnv, startNode } from '../support/nodeProcess.ts';
import { serverClockOffset } from '../support/ping.ts';

const EVENT = 'diaspora-covid19';
const HOUR = 3_600_000;

describe('a node whose clock stepped back', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gavel-clockstep-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('T5: restarted an hour back, its entries go on from the last one and 1.5 s apart read 1.5 s apart (not frozen), and pings agree with them', async () => {
    const first = await startNode({ DATA_DIR: dataDir });
    const token = first.tokens.get('moderator: Kemo Camara')!;
    const moderator = await TestClient.connect(first.url, token);
    await moderator.must('event.start');
    const lastSeq = await moderator.must('chat.send', { text: 'before the restart' });
    moderator.close();
    await first.stop();

    const second = await startNode({ DATA_DIR: dataDir, ...shiftedClockEnv(-HOUR).env });
    try {
      const again = await TestClient.connect(second.url, token);
      const a = await again.must('chat.send', { text: 'after the restart' });
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      const b = await again.must('chat.send', { text: '1.5 s later' });
      const bAckedAt = Date.now();
      const offset = await serverClockOffset(again);
      again.close();

      const at = new Map((await exportedLedger(second.url, EVENT, token)).map((e) => [e.seq, e.at]));
      expect(at.get(a)!).toBeGreaterThanOrEqual(at.get(lastSeq)!);
      expect(at.get(b)! - at.get(a)!).toBeGreaterThanOrEqual(1_500);
      // The pings' clock is the entries' clock. Event time went on from the last entry, so it
      // is behind the real time by the restart's few seconds, not by the wrong clock's hour.
      expect(Math.abs(at.get(b)! - (bAckedAt + offset))).toBeLessThan(1_000);
      expect(Math.abs(offset)).toBeLessThan(60_000);
      expect(second.output()).toMatch(/3[56]\d\d\.\d s behind the ledger's last entry: event time continues from the ledger/);
    } finally {
      await second.stop();
    }
  }, 60_000);
});
