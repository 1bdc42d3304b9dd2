/**
 * The file auth journal after the lobby's lines: admissions, declines, marks, erasures and the
 * compaction an erasure runs. Reopened from disk, the store must hold what it held, and an erased
 * person's lines must be gone.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileAuthStore } from '../../server/auth/file.ts';
import { cleanUpAfterEach, type Node, raceAdmitAndDecline, sleep, startNode, tmpDirs } from '../support/lobbyNode.ts';

afterAll(() => {
  for (const dir of tmpDirs) rmSync(dir, { recursive: true, force: true });
});
let node: Node | undefined;
cleanUpAfterEach(() => node);

describe('file auth journal', () => {
  it('reopened after admit, decline, removal and erasure, it holds the same lobby and marks', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'gavel-attack-journal-'));
    tmpDirs.push(dir);
    const store = await FileAuthStore.open(dir);
    node = await startNode(store, 'journal');
    await node.setLobby(true);
    const a = await node.registeredFrom('198.51.100.70', { name: 'Admitted then removed then erased' });
    const b = await node.registeredFrom('198.51.100.71', { name: 'Declined' });
    const c = await node.registeredFrom('198.51.100.72', { name: 'Still waiting' });
    await node.asModerator('/lobby/admit', { method: 'POST', body: { personIds: [a.personId] } });
    expect((await node.asModerator('/lobby/decline', { method: 'POST', body: { personId: b.personId } })).status).toBe(204);
    await node.moderator.caughtUp(await node.moderator.must('people.remove', { personId: a.personId, reason: 'spam' }));
    expect((await node.asModerator(`/people/${a.personId}`, { method: 'DELETE' })).status).toBe(204);
    await sleep(100);
    const eventId = node.server.eventId;
    const before = { lobby: (await store.waiting(eventId, 0, 100)).people.map((p) => p.personId), marks: await store.marks(eventId) };
    await node.server.close();
    node = undefined;

    const journal = readFileSync(join(dir, 'auth.jsonl'), 'utf8');
    const reopened = await FileAuthStore.open(dir);
    const after = { lobby: (await reopened.waiting(eventId, 0, 100)).people.map((p) => p.personId), marks: await reopened.marks(eventId) };
    expect(after).toEqual(before);
    expect(after.lobby).toEqual([c.personId]);
    expect(await reopened.person(eventId, a.personId)).toBeNull();
    expect(await reopened.person(eventId, b.personId)).toBeNull();
    // The declined person left nothing (S46: erased as S9 does).
    expect(journal).not.toContain(b.personId);
    // The erased person: no issue or admit line.
    const lines = journal
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { op: string; personId?: string; record?: { credential: { personId: string } } });
    expect(lines.filter((l) => (l.op === 'admit' && l.personId === a.personId) || (l.op === 'issue' && l.record?.credential.personId === a.personId))).toEqual(
      [],
    );
    await reopened.close();
  });

  it('an admission racing a decline leaves no line of the declined person in the journal (S46, S9)', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'gavel-attack-journal-'));
    tmpDirs.push(dir);
    node = await startNode(await FileAuthStore.open(dir), 'journal-race');
    await node.setLobby(true);
    const people = await Promise.all(Array.from({ length: 10 }, (_, i) => node!.registeredFrom(`198.51.108.${i + 1}`)));
    const { admitted, declined } = await raceAdmitAndDecline(
      node,
      people.map((p) => p.personId),
    );
    // Each person had exactly one answer: let in or declined, never both.
    expect(admitted + declined.length).toBe(people.length);
    await sleep(200);
    // Another erasure runs the compaction once more.
    const extra = await node.registeredFrom('198.51.108.200');
    await node.asModerator('/lobby/decline', { method: 'POST', body: { personId: extra.personId } });
    await sleep(100);
    const journal = readFileSync(join(dir, 'auth.jsonl'), 'utf8');
    expect(declined.length).toBeGreaterThan(0);
    expect(journal.split('\n').filter((line) => declined.some((id) => line.includes(id)))).toEqual([]);
  });
});
