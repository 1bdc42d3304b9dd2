/**
 * Faults that are not crashes: a Redis that stops answering (SIGSTOP) and a link to it that
 * black-holes (a TCP proxy that stops forwarding without closing anything), each for 15 s,
 * with nodes and clients talking throughout. The nodes must keep answering /healthz, say
 * they are not ready, stay within their memory, and be back by themselves within 10 s of
 * the fault ending, with nothing acked lost or doubled.
 */
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../../support/client.ts';
import type { NodeProcess } from '../../support/nodeProcess.ts';
import { hasRedisServer, type RedisServer, startRedisServer } from '../../support/redisServer.ts';
import { type BlackHoleProxy, startBlackHoleProxy } from '../../support/tcpProxy.ts';
import { chatter, expectNothingLostOrDoubled } from './chatter.ts';
import { type Cluster, startCluster, whenReady } from './cluster.ts';

const STALL_MS = 15_000;
/** What the issue asks: every node ready again, and taking commands, within 10 s of the fault's end. */
const RECOVERY_BUDGET_MS = 10_000;

/** Poll /healthz every 200 ms, as a liveness probe does; an answer slower than 2 s is a miss. */
function probeHealth(nodes: readonly NodeProcess[]) {
  let stopped = false;
  const misses: string[] = [];
  let probes = 0;
  const loops = nodes.map(async (node) => {
    while (!stopped) {
      const started = performance.now();
      try {
        const res = await fetch(`${node.url}/healthz`, { signal: AbortSignal.timeout(2_000) });
        if (res.status !== 200) misses.push(`${node.port}: ${res.status}`);
      } catch (err) {
        misses.push(`${node.port}: ${(err as Error).name} after ${Math.round(performance.now() - started)} ms`);
      }
      probes++;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  });
  return {
    misses,
    probes: () => probes,
    stop: async () => {
      stopped = true;
      await Promise.all(loops);
    },
  };
}

/** Resolves with the reason once /readyz says not ready. */
async function untilNotReady(url: string, timeoutMs: number): Promise<string> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(5_000) }).catch(() => null);
    if (res?.status === 503) return ((await res.json()) as { reason: string }).reason;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} never said it was not ready`);
}

function rssBytes(node: NodeProcess): number {
  const status = readFileSync(`/proc/${node.child.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
}

describe.skipIf(!hasRedisServer)('faults that stall', () => {
  let redis: RedisServer;
  let proxy: BlackHoleProxy | null = null;
  let cluster: Cluster | null = null;

  beforeAll(async () => {
    redis = await startRedisServer({ appendfsync: 'always' });
  });
  afterEach(async () => {
    redis.thaw();
    proxy?.resume();
    await cluster?.stop();
    await proxy?.close();
    cluster = proxy = null;
  });
  afterAll(() => redis?.stop());

  /** Two nodes, a moderator and four participants spread over them, the event started. */
  async function crowd(c: Cluster): Promise<TestClient[]> {
    const clients = [await c.connect(c.nodes[0]!.url, c.moderatorToken)];
    for (let i = 0; i < 4; i++) clients.push(await c.connect(c.nodes[i % 2]!.url, (await c.register(c.nodes[i % 2]!.url)).token));
    await clients[0]!.must('event.start');
    return clients;
  }

  /**
   * Run the load, apply `fault` for STALL_MS, end it, and check: /healthz answered throughout,
   * /readyz said not ready during it, every node ready and taking commands within the budget
   * after it, memory bounded, nothing acked lost or doubled.
   */
  async function survive(c: Cluster, fault: { start(): void; end(): void }, name: string): Promise<void> {
    const clients = await crowd(c);
    const health = probeHealth(c.nodes);
    const load = chatter(clients, 5_000);
    await load.ackedMore(50);
    const rssBefore = Math.max(...c.nodes.map(rssBytes));

    fault.start();
    const faultAt = performance.now();
    const reasons = await Promise.all(c.nodes.map((node) => untilNotReady(node.opsUrl, STALL_MS - 2_000)));
    await new Promise((resolve) => setTimeout(resolve, STALL_MS - (performance.now() - faultAt)));
    const rssDuring = Math.max(...c.nodes.map(rssBytes));
    fault.end();
    const endedAt = performance.now();

    await Promise.all(c.nodes.map((node) => whenReady(node.opsUrl, RECOVERY_BUDGET_MS)));
    await load.ackedMore(20, RECOVERY_BUDGET_MS);
    const recoveredMs = performance.now() - endedAt;
    await load.stop();
    await health.stop();

    console.log(
      `${name}: not ready during it (${reasons[0]}); ready and acking again ${(recoveredMs / 1000).toFixed(1)} s after it ended; ` +
        `/healthz ${health.probes()} probes, ${health.misses.length} missed; RSS ${(rssBefore / 2 ** 20).toFixed(0)} → ${(rssDuring / 2 ** 20).toFixed(0)} MB; ` +
        `${load.acked().length} acked, ${load.sent.filter((s) => s.ack && !s.ack.ok).length} refused`,
    );
    // Before the fix every probe of the stall missed; one slow answer on a busy test machine is not the bug.
    expect(health.misses.length / health.probes(), health.misses.join(', ')).toBeLessThan(0.05);
    expect(recoveredMs).toBeLessThan(RECOVERY_BUDGET_MS);
    // The node that spun on a dead connection grew from 0.1 to 2 GB in seconds.
    expect(rssDuring).toBeLessThan(rssBefore + 150 * 2 ** 20);
    await expectNothingLostOrDoubled(c, clients, load.acked());
  }

  it('FT5: Redis stops answering for 15 s (SIGSTOP): nodes answer /healthz throughout, say not ready, and are back within 10 s of SIGCONT', async () => {
    cluster = await startCluster(redis, 2);
    await survive(cluster, { start: () => redis.freeze(), end: () => redis.thaw() }, 'FT5 Redis SIGSTOP 15 s');
  }, 90_000);

  it('FT6: the link to Redis black-holes for 15 s (nothing closed, nothing forwarded): the same', async () => {
    proxy = await startBlackHoleProxy({ host: '127.0.0.1', port: redis.port });
    cluster = await startCluster(redis, 2, proxy.url);
    const link = proxy;
    await survive(cluster, { start: () => link.blackHole(), end: () => link.resume() }, 'FT6 black hole 15 s');
  }, 90_000);
});
