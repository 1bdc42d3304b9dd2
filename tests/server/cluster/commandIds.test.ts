/**
 * Command ids across nodes: a client moved to another node (a failover, a balancer) retries
 * there with the same id, and the command is still applied once and answered as the first time;
 * and the stall of issue 10 point 6, where `unavailable` answers hid stored commands.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverCommand } from '../../../client/src/delivery.ts';
import type { RedisLedger } from '../../../server/ledger/redis.ts';
import type { Ack } from '../../../shared/protocol.ts';
import type { TestClient } from '../../support/client.ts';
import { hasRedisServer, type RedisServer, startRedisServer } from '../../support/redisServer.ts';
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

/** A stall as long as the one that doubled messages: commands time out, and Redis stores them when it wakes. */
const STALL_MS = 8_000;

describe.skipIf(!hasRedisServer)('command ids through a Redis stall', () => {
  let redis: RedisServer;
  let cluster: Cluster;

  beforeAll(async () => {
    redis = await startRedisServer();
    cluster = await startCluster(redis, 2);
  });
  afterAll(async () => {
    redis?.thaw();
    await cluster?.stop();
    await redis?.stop();
  });

  interface Delivered {
    text: string;
    tries: number;
    ack: Ack;
  }

  /**
   * A participant as the browser sends: each message with its id, sent again with it while the
   * answer is `unavailable` or missing (client/src/delivery.ts, with its real backoff).
   */
  function participant(client: TestClient, name: string, thawed: () => boolean) {
    const delivered: Delivered[] = [];
    let answeredAfterThaw = 0;
    const done = (async () => {
      // Until two messages went through at the first try after the stall: the node is back for this one.
      for (let n = 0; answeredAfterThaw < 2; n++) {
        const sentAfterThaw = thawed();
        const text = `${name} message ${n}`;
        let tries = 0;
        const ack = await deliverCommand(
          { type: 'chat.send', payload: { text } },
          {
            send: (packet) => {
              tries++;
              return client.socket
                .timeout(5_000)
                .emitWithAck('command', packet)
                .catch((): Ack => ({ ok: false, error: { code: 'unavailable', message: 'no answer in time' } }));
            },
            wait: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
            now: () => performance.now(),
            random: Math.random,
            abandoned: () => false,
          },
        );
        delivered.push({ text, tries, ack });
        if (sentAfterThaw && tries === 1) answeredAfterThaw++;
      }
    })();
    return { delivered, done };
  }

  it('ID2, LR2: during an 8 s stall, messages answered unavailable are retried with their ids: each is stored once and answered with its seq', async () => {
    const [a, b] = cluster.nodes.map((node) => node.url) as [string, string];
    const moderator = await cluster.connect(a, cluster.moderatorToken);
    await moderator.must('event.start');
    const clients: TestClient[] = [];
    for (let i = 0; i < 4; i++) clients.push(await cluster.connect(i % 2 ? b : a, (await cluster.register(i % 2 ? b : a)).token));
    let thawed = false;
    const load = clients.map((client, i) => participant(client, `p${i}`, () => thawed));
    // Some traffic first, then the stall with every participant mid-send.
    await moderator.until(() => moderator.state.chat.total >= 20);
    redis.freeze();
    await new Promise((resolve) => setTimeout(resolve, STALL_MS)); // the fault's length, not a wait for an event
    redis.thaw();
    thawed = true;
    await Promise.all(load.map((p) => p.done));

    const delivered = load.flatMap((p) => p.delivered);
    const stored = (await (await cluster.openLedger()).read(DEFAULT_EVENT, 0)).filter((e) => e.command.type === 'chat.send');
    const retried = delivered.filter((d) => d.tries > 1);
    console.log(
      `ID2 stall: ${delivered.length} messages, ${retried.length} sent more than once (${retried.reduce((sum, d) => sum + d.tries, 0)} tries), ${stored.length} stored`,
    );
    expect(retried.length).toBeGreaterThan(0); // the stall was felt
    for (const { text, ack } of delivered) {
      const copies = stored.filter((e) => e.command.type === 'chat.send' && e.command.payload.text === text);
      expect(copies, text).toHaveLength(1);
      expect(ack, text).toEqual({ ok: true, seq: copies[0]!.seq });
    }
    expect(stored).toHaveLength(delivered.length);
  }, 90_000);
});
