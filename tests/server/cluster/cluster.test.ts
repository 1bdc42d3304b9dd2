/**
 * Three real nodes on one private redis-server, real clients spread over them: every screen
 * and every node agrees, and simultaneous hands get one order decided once, in the ledger.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stateDigest } from '../../../server/ops/digest.ts';
import type { Ack } from '../../../shared/protocol.ts';
import { replay } from '../../../shared/reducer/index.ts';
import { emptyState } from '../../../shared/state.ts';
import { DEFAULT_TEMPLATE } from '../../../shared/template.ts';
import type { TestClient } from '../../support/client.ts';
import { postEvent } from '../../support/operator.ts';
import { projectedReplay } from '../../support/projected.ts';
import { prng, randomCommand } from '../../support/randomCommands.ts';
import { hasRedisServer, type RedisServer, startRedisServer } from '../../support/redisServer.ts';
import { type Cluster, canonicalJson, DEFAULT_EVENT, expectSameBytes, nodeDigests, startCluster } from './cluster.ts';

describe.skipIf(!hasRedisServer)('three nodes, one Redis', () => {
  let redis: RedisServer;
  let cluster: Cluster;
  let urls: string[];

  beforeAll(async () => {
    redis = await startRedisServer();
    cluster = await startCluster(redis, 3);
    urls = cluster.nodes.map((node) => node.url);
  });
  afterAll(async () => {
    await cluster?.stop();
    await redis?.stop();
  });

  it('M1 B6: 2,000 random commands from all roles on three nodes at once: every node ends with the same state and every client with its projection, byte for byte, at the same seq', async () => {
    const { tokens } = cluster;
    const senders: TestClient[] = [
      await cluster.connect(urls[0]!, cluster.moderatorToken),
      await cluster.connect(urls[1]!, tokens.get('speaker: Peter Kwok')!),
      await cluster.connect(urls[2]!, tokens.get('speaker: Niloufar Rahim')!),
    ];
    // Registered through one node, connected through another: the auth store is shared.
    const regions = ['africa', 'asia', 'europe', 'other', 'africa', 'asia'] as const;
    for (const [i, region] of regions.entries()) {
      const { token } = await cluster.register(urls[i % 3]!, { region });
      senders.push(await cluster.connect(urls[(i + 1) % 3]!, token));
    }
    const watchers = await Promise.all(urls.map((url) => cluster.connect(url, tokens.get('stage: Stage display')!)));

    const random = prng(20200403);
    const acks: Ack[] = [];
    while (acks.length < 2_000) {
      // Bursts from every sender at once, so the three nodes' appends interleave in the stream.
      const burst = senders.map((client) => {
        const { type, payload } = randomCommand(random, client.self!.role, client.state);
        return client.send(type, payload);
      });
      acks.push(...(await Promise.all(burst)));
    }
    expect(acks.filter((ack) => (!ack.ok && ack.error.code === 'unavailable') || (!ack.ok && ack.error.code === 'internal'))).toEqual([]);
    const accepted = acks.filter((ack) => ack.ok).length;
    expect(accepted).toBeGreaterThan(600);
    expect(acks.length - accepted).toBeGreaterThan(0); // refusals too, as in life

    const ledger = await cluster.openLedger();
    const head = await ledger.head(DEFAULT_EVENT);
    const clients = [...senders, ...watchers];
    await Promise.all(clients.map((client) => client.caughtUp(head)));
    // Each node as a newcomer sees it: a fresh snapshot from each.
    const newcomers = await Promise.all(urls.map((url) => cluster.connect(url, tokens.get('stage: Stage display')!)));
    await Promise.all(newcomers.map((client) => client.caughtUp(head)));

    // The truth: the stored entries replayed with the reducer. Every node holds exactly its bytes.
    const truth = replay(emptyState(DEFAULT_EVENT), await ledger.read(DEFAULT_EVENT, 0));
    expect(
      await nodeDigests(
        cluster.nodes.map((node) => node.opsUrl),
        DEFAULT_EVENT,
      ),
    ).toEqual(urls.map(() => ({ seq: head, digest: stateDigest(truth) })));
    // Every browser holds the projection of the truth (B6). Clients rebuild objects from the
    // packed snapshot in schema key order, so compare them key-sorted.
    const stored = await ledger.read(DEFAULT_EVENT, 0);
    [...clients, ...newcomers].forEach((client, i) => {
      const projected = projectedReplay(DEFAULT_EVENT, stored, { role: client.self!.role, personId: client.self!.id });
      expectSameBytes(canonicalJson(client.state), canonicalJson(projected), `client ${i}`);
    });
  }, 120_000);

  it('M2: 300 participants on three nodes raise their hands in the same second: 300 distinct hands, one order everywhere, each raiser acked with its place', async () => {
    // A new event created through node 2: nodes 1 and 3 pick it up from Redis.
    const eventId = `hands-${Date.now().toString(36)}`;
    const created = await postEvent(urls[1]!, cluster.operatorToken, { ...DEFAULT_TEMPLATE, id: eventId });
    expect(created.status).toBe(201);
    const moderatorUrl = ((await created.json()) as { links: Array<{ role: string; url: string }> }).links.find((l) => l.role === 'moderator')!.url;
    const moderator = await cluster.connect(urls[0]!, new URL(moderatorUrl).hash.slice('#k='.length));
    await moderator.must('event.start');

    const raisers = await Promise.all(
      Array.from({ length: 300 }, async (_, i) => {
        const { token } = await cluster.register(urls[i % 3]!, {}, eventId);
        return cluster.connect(urls[(i + 1) % 3]!, token);
      }),
    );
    const started = performance.now();
    const acks = await Promise.all(raisers.map((client) => client.send('queue.raise', { topic: '' })));
    const sentWithin = performance.now() - started;

    expect(acks.every((ack) => ack.ok)).toBe(true);
    const positions = acks.map((ack) => (ack.ok ? ack.position : undefined));
    expect([...positions].sort((a, b) => a! - b!)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));

    const head = Math.max(...acks.map((ack) => (ack.ok ? ack.seq : 0)));
    await Promise.all([moderator, ...raisers].map((client) => client.caughtUp(head)));
    const order = moderator.state.queue.hands.map((hand) => hand.person.id);
    expect(new Set(order).size).toBe(300);
    for (const client of raisers) expect(client.state.queue.hands.map((hand) => hand.person.id)).toEqual(order);
    // Each raiser's ack named the place everyone sees it in.
    for (const [i, client] of raisers.entries()) expect(order.indexOf(client.self!.id) + 1).toBe(positions[i]);
    console.log(`M2: 300 simultaneous hands acked in ${sentWithin.toFixed(0)} ms`);
  }, 120_000);

  it('M3: reactions sent through every node reach a screen on any node, each counted exactly once', async () => {
    const screen = await cluster.connect(urls[2]!, cluster.tokens.get('stage: Stage display')!);
    const reactors = await Promise.all(urls.map(async (url) => cluster.connect(url, (await cluster.register(url)).token)));
    const total = (kind: 'applause' | 'heart') => screen.reactions.reduce((n, counts) => n + (counts[kind] ?? 0), 0);
    for (const client of reactors)
      for (let i = 0; i < 3; i++) expect(await client.socket.timeout(5_000).emitWithAck('reaction', { kind: 'applause' })).toEqual({ ok: true });
    await screen.until(() => total('applause') >= 9);
    // A second wave behind the first: by the time it is in, a repeat of the first would be too.
    for (const client of reactors) expect(await client.socket.timeout(5_000).emitWithAck('reaction', { kind: 'heart' })).toEqual({ ok: true });
    await screen.until(() => total('heart') >= 3);
    expect([total('applause'), total('heart')]).toEqual([9, 3]);
  }, 30_000);
});
