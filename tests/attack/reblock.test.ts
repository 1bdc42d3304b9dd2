/** S45: a lifted block stays lifted unless a moderator removes someone again. */
import { describe, expect, it } from 'vitest';
import { MemoryAuthStore } from '../../server/auth/memory.ts';
import { cleanUpAfterEach, type Node, startNode } from '../support/lobbyNode.ts';

let node: Node | undefined;
cleanUpAfterEach(() => node);

describe('a lifted block', () => {
  it('is not silently put back when the already removed person’s posts are purged later (S50)', async () => {
    node = await startNode(new MemoryAuthStore(), 'reblock');
    const troll = await node.registeredFrom('203.0.113.90', { name: 'Mistaken' });
    await node.moderator.caughtUp(await node.moderator.must('people.remove', { personId: troll.personId, reason: 'oops' }));
    expect((await node.asModerator(`/blocks/${troll.personId}`, { method: 'DELETE' })).status).toBe(204);
    // Later the moderator decides to take down what they posted: S50's purge is a removal with purge.
    const again = await node.moderator.send('people.remove', { personId: troll.personId, purge: true });
    const blocks = (await (await node.asModerator('/blocks')).json()) as { blocks: unknown[] };
    const status = (await node.registerFrom('203.0.113.90')).status;
    expect(again.ok).toBe(true);
    expect({ blocks: blocks.blocks.length, status }).toEqual({ blocks: 0, status: 201 });
  });
});
