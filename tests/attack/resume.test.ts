/**
 * RC1, RC3, S46: the reconnect catch-up (`sinceSeq` in the handshake). Entries that land while the
 * node reads the missed ones must continue them with no gap and no overlap; a waiting socket and
 * the stage get no entries from a claim.
 */
import { io, type Socket } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { MemoryAuthStore } from '../../server/auth/memory.ts';
import type { Entry } from '../../shared/protocol.ts';
import { STAGE } from '../server/security/support.ts';
import { cleanUpAfterEach, eventually, type Node, sleep, startNode } from '../support/lobbyNode.ts';

let node: Node | undefined;
const sockets: Socket[] = [];
cleanUpAfterEach(() => node, sockets);

interface Heard {
  socket: Socket;
  seqs: number[];
  snapshots: number;
  notices: string[];
}

function raw(url: string, auth: object): Heard {
  const socket = io(url, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
  sockets.push(socket);
  const heard: Heard = { socket, seqs: [], snapshots: 0, notices: [] };
  socket.on('entries', ({ entries }: { entries: Entry[] }) => heard.seqs.push(...entries.map((e) => e.seq)));
  socket.on('snapshot', () => heard.snapshots++);
  socket.on('notice', (n: { code: string }) => heard.notices.push(n.code));
  return heard;
}

const hostSeq = (n: Node) => n.server.app.registry.get(n.server.eventId)!.state.seq;

describe('RC1 catch-up', () => {
  it('entries landing during the catch-up read: exactly the missed and the live ones, each once, in order', async () => {
    node = await startNode(new MemoryAuthStore(), 'resume-flood');
    const me = await node.registeredFrom('198.51.100.9');
    for (let i = 0; i < 30; i++) await node.moderator.must('chat.send', { text: `before ${i}` });
    const since = hostSeq(node) - 25;
    let resumed = 0;
    for (let round = 0; round < 10; round++) {
      // A flood from the moderator while several replicas resume from `since`.
      const flood = Array.from({ length: 40 }, (_, i) => node!.moderator.send('chat.send', { text: `flood ${round}.${i}` }));
      const heard = Array.from({ length: 5 }, () => raw(node!.server.url, { token: me.token, sinceSeq: since }));
      await Promise.all(flood);
      const end = hostSeq(node);
      // Every replica has caught up to the end, by entries or by a snapshot: waited for, not slept on.
      await eventually(() => heard.every((h) => h.snapshots > 0 || h.seqs.at(-1) === end), `every replica at seq ${end}`);
      for (const h of heard) {
        if (h.snapshots > 0) continue; // a snapshot is an allowed fallback
        resumed++;
        const expected = Array.from({ length: end - since }, (_, i) => since + 1 + i);
        expect(h.seqs, `round ${round}`).toEqual(expected);
      }
      for (const h of heard) h.socket.close();
    }
    // Not vacuous: most replicas did resume rather than fall back to a snapshot.
    expect(resumed).toBeGreaterThan(25);
  });

  it('a waiting registration claiming a seq gets nothing but the waiting notice (S46)', async () => {
    node = await startNode(new MemoryAuthStore(), 'resume-waiting');
    for (let i = 0; i < 5; i++) await node.moderator.must('chat.send', { text: `secret ${i}` });
    await node.setLobby(true);
    const waiting = await node.registeredFrom('198.51.100.10');
    const heard = raw(node.server.url, { token: waiting.token, sinceSeq: 1 });
    await sleep(300);
    await node.moderator.must('chat.send', { text: 'later' });
    await sleep(300);
    expect({ seqs: heard.seqs, snapshots: heard.snapshots, notices: heard.notices }).toEqual({ seqs: [], snapshots: 0, notices: ['waiting'] });
  });

  it('the stage claiming a seq starts from a snapshot (S17)', async () => {
    node = await startNode(new MemoryAuthStore(), 'resume-stage');
    for (let i = 0; i < 5; i++) await node.moderator.must('chat.send', { text: `x ${i}` });
    const heard = raw(node.server.url, { token: node.server.tokenOf(STAGE), sinceSeq: 1 });
    await sleep(400);
    expect(heard.snapshots).toBe(1);
    expect(heard.seqs).toEqual([]);
  });
});
