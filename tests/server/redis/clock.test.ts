/**
 * LR4, T5 with several nodes: entries are stamped with Redis's clock, and clock pings answer
 * with that same clock, so a node whose system clock is 90 s ahead shows the same timers as
 * the others, and a client moved from one node to the other sees no jump.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shiftedClockEnv } from '../../support/nodeProcess.ts';
import { serverClockOffset } from '../../support/ping.ts';
import { hasRedisServer, type RedisServer, startRedisServer } from '../../support/redisServer.ts';
import { type Cluster, startCluster } from '../cluster/cluster.ts';

describe.skipIf(!hasRedisServer)('one clock on many nodes', () => {
  let redis: RedisServer;
  let cluster: Cluster;
  beforeAll(async () => {
    redis = await startRedisServer();
    cluster = await startCluster(redis, 1);
  });
  afterAll(async () => {
    await cluster?.stop();
    await redis?.stop();
  });

  it('LR4: a node with its system clock 90 s ahead answers pings with Redis’s clock, as the other node does, and its entries agree', async () => {
    const skewed = await cluster.addNode(shiftedClockEnv(90_000).env);
    const onA = await cluster.connect(cluster.nodes[0]!.url, cluster.moderatorToken);
    const onB = await cluster.connect(skewed.url, cluster.moderatorToken);
    const [offsetA, offsetB] = [await serverClockOffset(onA), await serverClockOffset(onB)];
    const sentAt = Date.now();
    const seq = await onB.must('event.start');
    await onA.caughtUp(seq);
    const [entry] = await (await cluster.openLedger()).read('diaspora-covid19', seq - 1, 1);

    // Redis runs on this machine: its clock is this process's; the skewed node must not show through.
    expect(Math.abs(offsetA)).toBeLessThan(1_000);
    expect(Math.abs(offsetB - offsetA)).toBeLessThan(1_000);
    expect(Math.abs(entry!.at - sentAt)).toBeLessThan(2_000);
  }, 60_000);
});
