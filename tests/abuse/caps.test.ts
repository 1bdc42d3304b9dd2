/**
 * Issue 13, point 3: fakes fill the caps for good. Replayed through a real node and real
 * sockets: fake registrations from one address fill the board; once a moderator removes one
 * of them with everything they posted (S50) a real person can post again, and nobody who
 * reads the event afterwards (a snapshot, a catch-up read back from the ledger, the chat
 * history) receives any of it. The state's byte budget (S51) refuses what would grow it past
 * the figure, clearly, and the node keeps serving.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChatPage } from '../../shared/api.ts';
import { LIMITS } from '../../shared/constants.ts';
import type { Entry, SyncReply } from '../../shared/protocol.ts';
import { TestClient } from '../support/client.ts';
import { type NodeProcess, startNode } from '../support/nodeProcess.ts';
import { participantForm, registered } from '../support/register.ts';

const EVENT = 'diaspora-covid19';
const MODERATOR = 'moderator: Kemo Camara';

/** What the fake removed with everything they posted wrote, everywhere: a string found nowhere else. */
const MARK = 'Zqxv-pills';

let node: NodeProcess | null = null;
let dataDir = '';
const clients: TestClient[] = [];

async function start(env: Record<string, string> = {}): Promise<{ url: string; moderator: TestClient }> {
  dataDir = mkdtempSync(join(tmpdir(), 'gavel-caps-'));
  // Rates scaled as in every multi-client test: this replays the caps, not the rate limits.
  node = await startNode({ DATA_DIR: dataDir, RATE_LIMIT_SCALE: '1000', ...env });
  const moderator = await connect(node.url, node.tokens.get(MODERATOR)!);
  return { url: node.url, moderator };
}

async function connect(url: string, token: string): Promise<TestClient> {
  const client = await TestClient.connect(url, token);
  clients.push(client);
  return client;
}

async function participant(url: string, n: number): Promise<TestClient> {
  const { token } = await registered(url, EVENT, participantForm(n, { name: `Person ${n}` }));
  return connect(url, token);
}

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await node?.stop();
  node = null;
  rmSync(dataDir, { recursive: true, force: true });
});

const post = (title: string, text = 'We need school supplies') => ({ kind: 'need', title, text });

describe('fakes fill the caps (issue 13, point 3)', () => {
  it('K4 S50 B9: fakes fill the board; removing one with everything they posted lets a real person post, and no later reader gets any of it', async () => {
    const { url, moderator } = await start();
    await moderator.must('event.start');
    await moderator.must('agenda.next'); // the panel: questions are taken
    // A reader from the start: its catch-up later reads every entry back from the ledger.
    const watcher = await participant(url, 9_000);
    const joinedAt = watcher.state.seq;

    const fakes = LIMITS.contributions / LIMITS.contributionsPerPerson;
    const spammers = await Promise.all(Array.from({ length: fakes }, (_, f) => participant(url, f)));
    const [first] = spammers;
    const firstId = first!.self!.id;
    await first!.must('chat.send', { text: `${MARK} cheap, message me` });
    await first!.must('questions.ask', { text: `${MARK} want some?` });
    await Promise.all(
      spammers.map(async (fake, f) => {
        for (let i = 0; i < LIMITS.contributionsPerPerson; i++) await fake.must('contributions.post', post(f === 0 ? `${MARK} ${i}` : `Spam ${f}-${i}`));
      }),
    );
    // The moderator chats on until the fake's message has left the window: only the history holds it.
    for (let i = 0; i < LIMITS.chatWindow; i++) await moderator.must('chat.send', { text: `Welcome, everyone (${i})` });

    const real = await participant(url, 9_001);
    const full = await real.send('contributions.post', post('Laptops for a school in Kumasi'));
    expect(full).toMatchObject({ ok: false, error: { code: 'conflict' } });
    if (!full.ok) expect(full.error.message).toContain(`at most ${LIMITS.contributions} contributions`);

    const purgeSeq = await moderator.must('people.remove', { personId: firstId, reason: 'Spam', purge: true });
    await real.must('contributions.post', post('Laptops for a school in Kumasi'));
    await first!.until(() => first!.notices.some((n) => n.code === 'removed'));

    // A newcomer's snapshot.
    const newcomer = await participant(url, 9_002);
    await newcomer.caughtUp(purgeSeq);
    expect(JSON.stringify(newcomer.state)).not.toContain(MARK);
    expect(newcomer.state.contributions.items.filter((c) => c.author.id === firstId && c.hidden === null)).toEqual([]);
    // The watcher's catch-up: every entry since it joined, read back from the ledger.
    const sync: SyncReply = await watcher.socket.timeout(10_000).emitWithAck('sync', { sinceSeq: joinedAt });
    expect(sync.ok && 'entries' in sync).toBe(true);
    const entries = (sync as { entries: Entry[] }).entries;
    expect(entries.some((e) => e.actor.id === firstId && e.command.type === 'contributions.post')).toBe(true);
    expect(JSON.stringify(entries)).not.toContain(MARK);
    await watcher.caughtUp(purgeSeq);
    expect(JSON.stringify(watcher.state)).not.toContain(MARK);
    // The chat history, older than the window, where the fake's message now lives.
    const before = newcomer.state.chat.messages[0]!.id;
    const res = await fetch(`${url}/api/events/${EVENT}/chat?before=${before}&limit=${LIMITS.chatWindow}`, {
      headers: { authorization: `Bearer ${node!.tokens.get(MODERATOR)!}` },
    });
    const page = (await res.json()) as ChatPage;
    const theirs = page.messages.filter((m) => m.author.id === firstId);
    expect(theirs).toMatchObject([{ text: '', deleted: true }]);
    expect(JSON.stringify(page)).not.toContain(MARK);
  });

  it('S51: a command that would grow the posts past the state budget is refused event_full with a clear message; the node keeps serving and room can be made', async () => {
    const budget = 30_000;
    const { url, moderator } = await start({ STATE_BUDGET_BYTES: String(budget) });
    const filler = await participant(url, 1);
    const other = await participant(url, 2);
    const text = 'x'.repeat(LIMITS.contributionText);
    let refusal: Awaited<ReturnType<TestClient['send']>> | null = null;
    for (let i = 0; i < LIMITS.contributionsPerPerson && !refusal; i++) {
      const ack = await filler.send('contributions.post', post(`Long ${i}`, text));
      if (!ack.ok) refusal = ack;
    }
    expect(refusal).toMatchObject({ ok: false, error: { code: 'event_full' } });
    if (refusal && !refusal.ok) expect(refusal.error.message).toMatch(/holds as much as it can \(0\.03 MB .*\).*moderator/);
    const seqBefore = moderator.state.seq;
    // Refused before the append: the ledger took nothing, everyone else carries on.
    const again = await other.send('contributions.post', post('Another long one', text));
    expect(again).toMatchObject({ ok: false, error: { code: 'event_full' } });
    expect(moderator.state.seq).toBe(seqBefore);
    await other.must('chat.send', { text: 'Still here' });
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    // Making room: the moderator hides the filler's posts, then the other person posts again.
    const posts = moderator.state.contributions.items.filter((c) => c.author.id === filler.self!.id);
    for (const c of posts) await moderator.must('contributions.hide', { contributionId: c.id, reason: 'too long' });
    await other.must('contributions.post', post('Another long one', text));
  });
});
