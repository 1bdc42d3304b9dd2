/** S44: the network tag is never sent to a browser, not even a moderator's. */
import { describe, expect, it } from 'vitest';
import { MemoryAuthStore } from '../../server/auth/memory.ts';
import { networkTag } from '../../server/people/index.ts';
import { cleanUpAfterEach, type Node, startNode } from '../support/lobbyNode.ts';

let node: Node | undefined;
cleanUpAfterEach(() => node);

describe('the network tag', () => {
  it('appears in no REST answer', async () => {
    node = await startNode(new MemoryAuthStore(), 'tag-leak');
    const eventId = node.server.eventId;
    const a = await node.registeredFrom('203.0.113.40', { name: 'A' });
    await node.moderator.caughtUp(await node.moderator.must('people.remove', { personId: a.personId }));
    await node.setLobby(true);
    const b = await node.registeredFrom('198.51.100.41', { name: 'B' });
    const c = await node.registeredFrom('203.0.113.40', { name: 'C' }).catch(() => null);
    expect(c).toBeNull();
    await node.asModerator(`/blocks/${a.personId}`, { method: 'DELETE' });
    const d = await node.registeredFrom('203.0.113.40', { name: 'D' });
    const tags = [networkTag(eventId, '203.0.113.40'), networkTag(eventId, '198.51.100.41')];
    const answers: string[] = [];
    for (const path of ['/lobby', '/flags', '/blocks', '/people', '/export.json', '/links']) answers.push(await (await node.asModerator(path)).text());
    for (const t of [b.token, d.token]) answers.push(await (await fetch(`${node.server.url}/api/me`, { headers: { authorization: `Bearer ${t}` } })).text());
    for (const text of answers) for (const tag of tags) expect(text).not.toContain(tag);
    expect(answers.join('')).not.toMatch(/203\.0\.113\.40|198\.51\.100\.41/);
  });
});
