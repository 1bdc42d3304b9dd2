/**
 * Command ids across nodes: a client moved to another node (a failover, a balancer) retries
 * there with the same id, and the command is still applied once and answered as the first time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RedisLedger } from '../../server/ledger/redis.ts';
import type { TestClient } from '../support/client.ts';
import { hasRedisServer, startRedisServer, type RedisServer } from '../support/redisServer.ts';
import { type Cluster, DEFAULT_EVENT, startCluster } from './cluster.ts';

describe.skipIf(!hasRedisServer)('command ids on two nodes', () => {
  let redis: RedisServer;
  let cluster: Cluster;
  let ledger: RedisLedger;
  /** One person connected to both nodes, as a client that failed over from A to B. */
  let throughA: TestClient;
  let throughB: TestClient;
  let watcherOnB: TestClient;

  beforeAll(async () => {
    redis = await startRedisServer();
    cluster = await startCluster(redis, 2);
    const [a, b] = cluster.nodes.map((node) => node.url) as [string, string];
    const { token } = await cluster.register(a, { name: 'Amara' });
    throughA = await cluster.connect(a, token);
    throughB = await cluster.connect(b, token);
    watcherOnB = await cluster.connect(b, cluster.tokens.get('stage: Stage display')!);
    ledger = await cluster.openLedger();
    const moderator = await cluster.connect(a, cluster.moderatorToken);
    await moderator.must('event.start');
  });
  afterAll(async () => {
    await cluster?.stop();
    await redis?.stop();
  });

  const entriesWithId = async (id: string) => (await ledger.read(DEFAULT_EVENT, 0)).filter((e) => e.commandId === id);

  it('ID2, LR6: a chat.send through node A retried through node B with the same id is one entry, answered with the same seq', async () => {
    const first = await throughA.send('chat.send', { text: 'one message, two nodes' }, 'failover-chat-1');
    expect(first).toMatchObject({ ok: true });
    const retry = await throughB.send('chat.send', { text: 'one message, two nodes' }, 'failover-chat-1');
    expect(retry).toEqual(first);
    expect(await entriesWithId('failover-chat-1')).toHaveLength(1);
    if (!first.ok) return;
    await watcherOnB.caughtUp(first.seq);
    expect(watcherOnB.state.chat.messages.filter((m) => m.text === 'one message, two nodes')).toHaveLength(1);
  });

  it('ID2, LR6: the same command sent through both nodes at once is stored once; both answers agree', async () => {
    const acks = await Promise.all([
      throughA.send('chat.send', { text: 'racing through both' }, 'failover-race-1'),
      throughB.send('chat.send', { text: 'racing through both' }, 'failover-race-1'),
    ]);
    expect(acks[0]).toMatchObject({ ok: true });
    expect(acks[1]).toEqual(acks[0]);
    expect(await entriesWithId('failover-race-1')).toHaveLength(1);
  });

  it('ID2: a queue.raise retried through the other node answers the first place, not already_in_queue', async () => {
    const first = await throughA.send('queue.raise', { topic: 'remittances' }, 'failover-hand-1');
    expect(first).toMatchObject({ ok: true, position: 1 });
    expect(await throughB.send('queue.raise', { topic: 'remittances' }, 'failover-hand-1')).toEqual(first);
    expect(await entriesWithId('failover-hand-1')).toHaveLength(1);
  });
});
