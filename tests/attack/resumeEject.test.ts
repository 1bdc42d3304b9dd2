/**
 * S4/S5 + RC1: a socket catching up (the handshake's `sinceSeq`) joins its person's room only
 * after the ledger read. A removal (or a revocation) meanwhile ejects through that room, so it
 * misses the socket, which then joins and keeps a live, command-sending connection with its
 * cached credential. The ledger here is slow to read, as a loaded Redis or disk is, and the
 * node holds none of what was missed (as a node started from a snapshot a moment ago), so the
 * catch-up reads the ledger (RC1's fallback) and the removal lands while it does.
 */
import { io } from 'socket.io-client';
import { describe, expect, it, vi } from 'vitest';
import { MemoryAuthStore } from '../../server/auth/memory.ts';
import { MemoryLedger } from '../../server/ledger/memory.ts';
import type { Entry } from '../../shared/protocol.ts';
import { cleanUpAfterEach, eventually, type Node, startNode } from '../support/lobbyNode.ts';

let node: Node | undefined;
cleanUpAfterEach(() => node);

/** A ledger whose reads wait, while `held`, until the test lets them go: the catch-up read is in flight for as long as the test needs. */
class HeldReadLedger extends MemoryLedger {
  held: Promise<void> | null = null;
  readsHeld = 0;
  override async read(eventId: string, afterSeq: number, limit?: number): Promise<Entry[]> {
    if (this.held) {
      this.readsHeld++;
      await this.held;
    }
    return super.read(eventId, afterSeq, limit);
  }
}

describe('removed while catching up', () => {
  it('the socket is closed and can send nothing', async () => {
    const ledger = new HeldReadLedger();
    node = await startNode(new MemoryAuthStore(), 'resume-eject', { ledger });
    const troll = await node.registeredFrom('203.0.113.66', { name: 'Troll' });
    for (let i = 0; i < 5; i++) await node.moderator.must('chat.send', { text: `m ${i}` });
    const host = node.server.app.registry.get(node.server.eventId)!;
    const since = host.state.seq - 3;
    vi.spyOn(host, 'heldEntries').mockReturnValue(null);
    let release = () => {};
    ledger.held = new Promise<void>((resolve) => (release = resolve));
    const socket = io(node.server.url, { auth: { token: troll.token, sinceSeq: since }, transports: ['websocket'], reconnection: false, forceNew: true });
    const notices: string[] = [];
    socket.on('notice', (n: { code: string }) => notices.push(n.code));
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    // The moderator removes them while the node is still reading what they missed.
    await eventually(() => ledger.readsHeld > 0, 'the catch-up read');
    await node.moderator.must('people.remove', { personId: troll.personId, reason: 'spam' });
    ledger.held = null;
    release();
    await eventually(() => !socket.connected, 'the socket closed', 3_000).catch(() => {});
    const connected = socket.connected;
    const ack = connected
      ? await socket
          .timeout(2_000)
          .emitWithAck('command', { type: 'chat.send', payload: { text: 'still here after my removal' } })
          .catch(() => ({ ok: false }))
      : { ok: false };
    socket.close();
    expect({ connected, chatAccepted: (ack as { ok: boolean }).ok }).toEqual({ connected: false, chatAccepted: false });
  });
});
