/** S46: a lobby of thousands: admitting all of them keeps the node responsive. */
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryAuthStore } from '../../server/auth/memory.ts';
import { type Node, startNode } from './support.ts';

let node: Node | undefined;
afterEach(async () => {
  await node?.server.close();
  node = undefined;
});

describe('a big lobby', () => {
  it('admits 1,500 at once, answering /healthz meanwhile within 1 s', { timeout: 120_000 }, async () => {
    node = await startNode(new MemoryAuthStore(), 'big-lobby');
    await node.setLobby(true);
    for (let b = 0; b < 15; b++) {
      await Promise.all(Array.from({ length: 100 }, (_, i) => node!.registeredFrom(`10.${b}.${i}.1`)));
    }
    expect((await node.lobby()).total).toBe(1500);
    const before = node.server.app.registry.get(node.server.eventId)!.state.registrations.total;
    let worst = 0;
    let done = false;
    const probe = (async () => {
      while (!done) {
        const t = performance.now();
        await fetch(`${node!.server.url}/healthz`);
        worst = Math.max(worst, performance.now() - t);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const t0 = performance.now();
    const res = await node.asModerator('/lobby/admit', { method: 'POST', body: { all: true } });
    const took = performance.now() - t0;
    done = true;
    await probe;
    expect(await res.json()).toEqual({ admitted: 1500 });
    expect(node.server.app.registry.get(node.server.eventId)!.state.registrations.total - before).toBe(1500);
    console.log(`admit all 1500: ${Math.round(took)} ms, worst /healthz ${Math.round(worst)} ms`);
    expect(worst).toBeLessThan(1000);
  });
});
