/**
 * Attacks on the lobby's bookkeeping (S46, J1, O2): admissions that race each other, or race a
 * decline or the person's own deletion, and a removal of someone still waiting.
 */
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryAuthStore } from '../../server/auth/memory.ts';
import { cleanUpAfterEach, fileStore, type Node, raceAdmitAndDecline, sleep, startNode, tmpDirs } from '../support/lobbyNode.ts';

afterAll(() => {
  for (const dir of tmpDirs) rmSync(dir, { recursive: true, force: true });
});

let node: Node | undefined;
cleanUpAfterEach(() => node);

const hostState = (n: Node) => n.server.app.registry.get(n.server.eventId)!.state;

describe('admissions racing each other (file auth store)', () => {
  it('two staff admitting the same person at once count them once (J1)', async () => {
    node = await startNode(await fileStore(), 'race-admit');
    await node.setLobby(true);
    const people = await Promise.all(Array.from({ length: 5 }, (_, i) => node!.registeredFrom(`198.51.100.${i + 1}`)));
    const before = hostState(node).registrations.total;
    const ids = people.map((p) => p.personId);
    // Two moderators' consoles, or "admit all" clicked while a single admit is in flight.
    const answers = await Promise.all([
      node.asModerator('/lobby/admit', { method: 'POST', body: { personIds: ids } }),
      node.asModerator('/lobby/admit', { method: 'POST', body: { all: true } }),
    ]);
    const admitted = (await Promise.all(answers.map(async (r) => ((await r.json()) as { admitted: number }).admitted))).reduce((a, b) => a + b, 0);
    await new Promise((r) => setTimeout(r, 300));
    expect({ admitted, joins: hostState(node).registrations.total - before }).toEqual({ admitted: 5, joins: 5 });
  });

  it('a community group does not reach k because one person was admitted twice (O2)', async () => {
    node = await startNode(await fileStore(), 'race-k');
    await node.setLobby(true);
    const solo = await node.registeredFrom('198.51.100.50', { community: 'Tiny diaspora', country: 'Iceland' });
    await Promise.all(Array.from({ length: 5 }, () => node!.asModerator('/lobby/admit', { method: 'POST', body: { personIds: [solo.personId] } })));
    await new Promise((r) => setTimeout(r, 300));
    const groups = hostState(node).privacy.groups;
    const sizes = Object.entries(groups)
      .filter(([key]) => key.startsWith('tiny diaspora'))
      .map(([, size]) => size);
    expect(sizes, 'one person in the group').toEqual([1]);
  });

  it('a decline answered 204 leaves no people.join of the declined person in the ledger (S46: "nothing of it was in the ledger")', async () => {
    node = await startNode(await fileStore(), 'race-decline');
    await node.setLobby(true);
    const people = await Promise.all(Array.from({ length: 20 }, (_, i) => node!.registeredFrom(`198.51.102.${i + 1}`)));
    const before = hostState(node).registrations.total;
    const race = await raceAdmitAndDecline(
      node,
      people.map((p) => p.personId),
    );
    const [admitted, declined] = [race.admitted, race.declined.length];
    await new Promise((r) => setTimeout(r, 300));
    // Who still exists in the auth store: the admitted. The declined are erased.
    const alive = (await Promise.all(people.map((p) => node!.api('/chat', p.token)))).filter((r) => r.status === 200).length;
    expect(declined + alive, 'each person either declined or in').toBe(20);
    expect(hostState(node).registrations.total - before, `joins recorded (admitted answers: ${admitted}, declines: ${declined})`).toBe(alive);
  });

  it('a waiting person deleting their registration while being admitted leaves no join behind (S9, S46)', async () => {
    node = await startNode(await fileStore(), 'race-forget');
    await node.setLobby(true);
    const people = await Promise.all(Array.from({ length: 20 }, (_, i) => node!.registeredFrom(`198.51.103.${i + 1}`)));
    const before = hostState(node).registrations.total;
    let admitted = 0;
    const deletions: number[] = [];
    await Promise.all(
      people.map(async ({ personId, token }) => {
        const [a, d] = await Promise.all([
          node!.asModerator('/lobby/admit', { method: 'POST', body: { personIds: [personId] } }),
          fetch(`${node!.server.url}/api/me`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } }),
        ]);
        admitted += ((await a.json()) as { admitted: number }).admitted;
        deletions.push(d.status);
      }),
    );
    await sleep(300);
    // A deletion that wins the race leaves no join; one that loses it while the admission is under way is asked to retry
    // (409), so no forget lands before the join; one after the admission is an ordinary deletion (J4 keeps the count).
    expect(
      deletions.every((status) => status === 204 || status === 409),
      `deletions: ${deletions.join(',')}`,
    ).toBe(true);
    expect(hostState(node).registrations.total - before, 'one join per admission, none for a deletion that won').toBe(admitted);
  });
});

describe('a removal of someone still in the lobby (memory auth store)', () => {
  it('takes them out of the lobby: the count drops, and "admit all" does not count a removed person', async () => {
    node = await startNode(new MemoryAuthStore(), 'remove-waiting');
    await node.setLobby(true);
    const troll = await node.registeredFrom('203.0.113.77', { name: 'Troll' });
    await node.moderator.until(() => node!.moderator.moderation?.waiting === 1);
    const before = hostState(node).registrations.total;
    await node.moderator.caughtUp(await node.moderator.must('people.remove', { personId: troll.personId, reason: 'spam' }));
    // Their link is dead...
    expect((await fetch(`${node.server.url}/api/me`, { headers: { authorization: `Bearer ${troll.token}` } })).status).toBe(401);
    // ...so they should no longer wait.
    const page = await node.lobby();
    const admitted = ((await (await node.asModerator('/lobby/admit', { method: 'POST', body: { all: true } })).json()) as { admitted: number }).admitted;
    await new Promise((r) => setTimeout(r, 200));
    expect({ lobby: page.total, admitted, joins: hostState(node).registrations.total - before }).toEqual({ lobby: 0, admitted: 0, joins: 0 });
  });
});
