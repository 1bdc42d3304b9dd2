/** S46: a lobby of thousands: admitting all of them keeps the node responsive. */
import { describe, expect, it } from 'vitest';
import { MemoryAuthStore } from '../../server/auth/memory.ts';
import { cleanUpAfterEach, type Node, startNode } from '../support/lobbyNode.ts';

let node: Node | undefined;
cleanUpAfterEach(() => node);

describe('a big lobby', () => {
  it('admits 1,500 at once, each once, counted once, answering /healthz meanwhile', { timeout: 120_000 }, async () => {
    node = await startNode(new MemoryAuthStore(), 'big-lobby');
    await node.setLobby(true);
    for (let b = 0; b < 15; b++) {
      await Promise.all(Array.from({ length: 100 }, (_, i) => node!.registeredFrom(`10.${b}.${i}.1`)));
    }
    expect((await node.lobby()).total).toBe(1500);
    const before = node.server.app.registry.get(node.server.eventId)!.state.registrations.total;
    // Health checks keep being answered while it runs (how fast is the benchmark's business, not a test's).
    // Only answers to probes sent after the admission started and received before it answered count.
    let admitting = true;
    let answered = 0;
    const admission = node.asModerator('/lobby/admit', { method: 'POST', body: { all: true } }).finally(() => (admitting = false));
    const probe = (async () => {
      while (admitting) {
        const ok = (await fetch(`${node!.server.url}/healthz`)).status === 200;
        if (ok && admitting) answered++;
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    const res = await admission;
    await probe;
    expect(await res.json()).toEqual({ admitted: 1500 });
    expect(answered, 'health checks answered while the admission ran').toBeGreaterThan(0);
    expect(node.server.app.registry.get(node.server.eventId)!.state.registrations.total - before).toBe(1500);
    expect((await node.lobby()).total).toBe(0);
  });
});
