/**
 * RC1 + C3/S50/S9: a replica that resumes from before a deletion, a purge or an erasure must not
 * get back what those took away.
 */
import { io, type Socket } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { MemoryAuthStore } from '../../server/auth/memory.ts';
import type { Entry } from '../../shared/protocol.ts';
import { cleanUpAfterEach, type Node, sleep, startNode } from '../support/lobbyNode.ts';

let node: Node | undefined;
const sockets: Socket[] = [];
cleanUpAfterEach(() => node, sockets);

describe('resume after redactions', () => {
  it('no deleted, purged or erased text or name comes back in the catch-up', async () => {
    node = await startNode(new MemoryAuthStore(), 'resume-redact');
    const watcher = await node.registeredFrom('198.51.100.80');
    const since = node.server.app.registry.get(node.server.eventId)!.state.seq;
    const troll = await node.registeredFrom('198.51.100.81', { name: 'Troll Name' });
    const leaver = await node.registeredFrom('198.51.100.82', { name: 'Leaver Name' });
    const trollClient = await node.server.connect(troll.token);
    const leaverClient = await node.server.connect(leaver.token);
    const deleted = await node.moderator.must('chat.send', { text: 'DELETED-TEXT' });
    await node.moderator.must('chat.delete', { messageId: deleted });
    await trollClient.must('chat.send', { text: 'PURGED-TEXT' });
    await leaverClient.must('chat.send', { text: 'hello from the leaver' });
    await node.moderator.caughtUp(await node.moderator.must('people.remove', { personId: troll.personId, purge: true }));
    expect((await fetch(`${node.server.url}/api/me`, { method: 'DELETE', headers: { authorization: `Bearer ${leaver.token}` } })).status).toBe(204);
    await sleep(200);
    const socket = io(node.server.url, { auth: { token: watcher.token, sinceSeq: since }, transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(socket);
    const got: Entry[] = [];
    let snapshots = 0;
    socket.on('entries', ({ entries }: { entries: Entry[] }) => got.push(...entries));
    socket.on('snapshot', () => snapshots++);
    await sleep(400);
    expect(snapshots).toBe(0);
    expect(got.length).toBeGreaterThan(0);
    const text = JSON.stringify(got);
    expect(text).not.toContain('DELETED-TEXT');
    expect(text).not.toContain('PURGED-TEXT');
    expect(text).not.toContain('Leaver Name');
  });
});
