/**
 * S46 edges: turning the lobby off while registrations are in flight, and a waiting socket whose
 * handshake races its admission.
 */
import type { Socket } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { MemoryAuthStore } from '../../server/auth/memory.ts';
import { cleanUpAfterEach, fileStore, leftWaitingAfterAdmission, type Node, sleep, startNode } from '../support/lobbyNode.ts';

let node: Node | undefined;
const sockets: Socket[] = [];
cleanUpAfterEach(() => node, sockets);

describe('S46 edges', () => {
  it('turning the lobby off lets everyone in, including registrations in flight at that moment ("Turning the lobby off admits everyone waiting")', async () => {
    node = await startNode(await fileStore(), 'lobby-off-race');
    await node.setLobby(true);
    const regs = Array.from({ length: 40 }, (_, i) => node!.registeredFrom(`198.51.104.${i + 1}`));
    await sleep(5);
    await node.setLobby(false);
    const all = await Promise.all(regs);
    await sleep(200);
    const page = await node.lobby();
    const stillWaiting = (await Promise.all(all.map((p) => node!.api('/chat', p.token)))).filter((r) => r.status === 403).length;
    expect({ lobby: page.total, stillWaiting }).toEqual({ lobby: 0, stillWaiting: 0 });
  });

  it('a waiting socket whose handshake races its admission is not left waiting forever', async () => {
    node = await startNode(new MemoryAuthStore(), 'handshake-race');
    await node.setLobby(true);
    const stuck: number[] = [];
    for (let i = 0; i < 40; i++) if (await leftWaitingAfterAdmission(node, `198.51.105.${i + 1}`, i % 8, sockets)) stuck.push(i);
    expect(stuck, 'sockets neither let in nor told "admitted" after their admission').toEqual([]);
  });
});
