/**
 * L-D3, L-D4 through a real node on a real full disk: a 1 MiB tmpfs as DATA_DIR, filled by a
 * filler file while participants register and the moderator chats, then freed, then a restart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ack } from '../../shared/protocol.ts';
import { TestClient } from '../support/client.ts';
import { exportedLedger } from '../support/export.ts';
import { type NodeProcess, startNode } from '../support/nodeProcess.ts';
import { canMountTmpfs, mountSmallDisk, type SmallDisk } from '../support/tmpfs.ts';
import { bearer, register } from './security/support.ts';

const EVENT = 'diaspora-covid19';
/** A chat line of about 1.3 KB on disk: bigger than what a full tmpfs has left in the ledger file's last page. */
const chatText = (label: string) => `${label} `.padEnd(1000, '.');
/** Same-length names: every journal line is the same size, so once one does not fit, none does. */
const form = (i: number) => ({ name: `Participant ${String(i).padStart(4, '0')}` });

function logLines(node: NodeProcess, level: number, text: RegExp): string[] {
  return node
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{') && line.includes(`"level":${level}`) && text.test(line));
}

async function readiness(url: string): Promise<{ status: number; body: { ready: boolean; reason?: string } }> {
  const res = await fetch(`${url}/readyz`);
  return { status: res.status, body: (await res.json()) as { ready: boolean; reason?: string } };
}

describe.skipIf(!canMountTmpfs)('a full disk under a real node', () => {
  let disk: SmallDisk;
  let node: NodeProcess | null = null;
  const env = () => ({ DATA_DIR: disk.dir, LOG_LEVEL: 'info', RATE_LIMIT_SCALE: '1000' });

  beforeAll(() => {
    disk = mountSmallDisk(1024 * 1024);
  });
  afterAll(async () => {
    await node?.stop();
    disk?.unmount();
  });

  it('L-D3, L-D4: while full nothing is acked that was not written; /readyz says why; freed, it works again without a restart; restarted, everything acked is there', async () => {
    node = await startNode(env());
    const moderatorToken = node.tokens.get('moderator: Kemo Camara')!;
    const moderator = await TestClient.connect(node.url, moderatorToken);
    await moderator.must('event.start');
    const ackedChats = new Map<number, string>();
    const signedUp: string[] = [];
    for (let i = 0; i < 5; i++) ackedChats.set(await moderator.must('chat.send', { text: chatText(`before ${i}`) }), chatText(`before ${i}`));
    for (let i = 0; i < 5; i++) {
      const res = await register(node.url, EVENT, form(i));
      expect(res.status).toBe(201);
      signedUp.push(((await res.json()) as { token: string }).token);
    }

    const filled = disk.fill();
    expect(filled).toBeGreaterThan(0);

    // Commands: the last page of the ledger file may still take one or two; after the first
    // refusal every one is refused, and answered `unavailable`, not acked.
    const answers: Ack[] = [];
    for (let i = 0; answers.filter((a) => !a.ok).length < 20 && i < 40; i++) {
      const text = chatText(`full ${i}`);
      const ack = await moderator.send('chat.send', { text });
      answers.push(ack);
      if (ack.ok) ackedChats.set(ack.seq, text);
    }
    const firstRefused = answers.findIndex((a) => !a.ok);
    expect(firstRefused).toBeGreaterThanOrEqual(0);
    expect(firstRefused).toBeLessThanOrEqual(4);
    expect(answers.slice(firstRefused).every((a) => !a.ok && a.error.code === 'unavailable')).toBe(true);

    // Registrations: likewise; a refused one is a 503 with a message, never a 201.
    const statuses: number[] = [];
    for (let i = 100; statuses.filter((s) => s !== 201).length < 8 && i < 130; i++) {
      const res = await register(node.url, EVENT, form(i));
      statuses.push(res.status);
      if (res.status === 201) signedUp.push(((await res.json()) as { token: string }).token);
      else
        expect(await res.json()).toEqual({
          error: { code: 'unavailable', message: expect.stringMatching(/cannot save .*nothing was saved, please try again/) },
        });
    }
    const firstRefusedRegistration = statuses.findIndex((s) => s !== 201);
    expect(firstRefusedRegistration).toBeGreaterThanOrEqual(0);
    expect(statuses.slice(firstRefusedRegistration).every((s) => s === 503)).toBe(true);

    const notReady = await readiness(node.opsUrl);
    expect(notReady.status).toBe(503);
    expect(notReady.body).toEqual({ ready: false, reason: expect.stringMatching(/^cannot write .*(ledger\/diaspora-covid19\.jsonl|auth\.jsonl): ENOSPC/) });
    expect((await fetch(`${node.url}/healthz`)).status).toBe(200);
    // One error line per file each time it fails, however many changes were refused. A smaller
    // change (a registration's join) can still fit the page a refused chat did not, and the file
    // then says it recovered before failing again: that is one more failure, not a repeat.
    const errors = logLines(node, 50, /cannot write/);
    const recoveries = logLines(node, 30, /can be written again/);
    for (const file of ['diaspora-covid19.jsonl', 'auth.jsonl']) {
      expect(errors.filter((l) => l.includes(file))).toHaveLength(1 + recoveries.filter((l) => l.includes(file)).length);
    }
    expect(errors).toHaveLength(2 + recoveries.length);

    // Space is freed: back without a restart.
    disk.free();
    const freedAt = performance.now();
    while ((await readiness(node.opsUrl)).status !== 200) {
      expect(performance.now() - freedAt).toBeLessThan(10_000);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    console.log(`full disk: ready again ${Math.round(performance.now() - freedAt)} ms after the filler was deleted`);
    expect(logLines(node, 30, /can be written again/)).toHaveLength(2 + recoveries.length);
    for (let i = 0; i < 3; i++) {
      const text = chatText(`after ${i}`);
      ackedChats.set(await moderator.must('chat.send', { text }), text);
      const res = await register(node.url, EVENT, form(200 + i));
      expect(res.status).toBe(201);
      signedUp.push(((await res.json()) as { token: string }).token);
    }
    moderator.close();
    await node.stop();

    // Restarted: the files load, every 201 signs in, every acked command is at its seq, and the seqs have no hole.
    node = await startNode(env());
    for (const token of signedUp) expect((await fetch(`${node.url}/api/me`, { headers: bearer(token) })).status).toBe(200);
    const again = await TestClient.connect(node.url, moderatorToken);
    const entries = await exportedLedger(node.url, again.state.eventId, moderatorToken);
    expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i + 1));
    const texts = new Map(entries.map((e) => [e.seq, e.command.type === 'chat.send' ? e.command.payload.text : null]));
    for (const [seq, text] of ackedChats) expect(texts.get(seq)).toBe(text);
    // Nothing refused was stored.
    expect([...texts.values()].filter((t) => t?.startsWith('full ')).length).toBe(answers.filter((a) => a.ok).length);
    again.close();
    console.log(
      `full disk: ${signedUp.length} registrations and ${ackedChats.size} chat messages acked, all there after the restart; refused while full: ${answers.filter((a) => !a.ok).length} commands, ${statuses.filter((s) => s === 503).length} registrations`,
    );
  }, 180_000);
});
