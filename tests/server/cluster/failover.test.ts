/**
 * Faults on a running cluster: a node killed with kill -9, a node stopped with SIGTERM, and
 * redis-server itself killed and restarted (AOF, appendfsync always). Clients keep talking
 * throughout; afterwards every acknowledged command is in the ledger, once, and every screen
 * agrees with it.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../../support/client.ts';
import { hasRedisServer, type RedisServer, startRedisServer } from '../../support/redisServer.ts';
import { type Balancer, startBalancer } from './balancer.ts';
import { chatter, expectNothingLostOrDoubled } from './chatter.ts';
import { type Cluster, DEFAULT_EVENT, startCluster } from './cluster.ts';

describe.skipIf(!hasRedisServer)('faults', () => {
  let redis: RedisServer;
  let cluster: Cluster | null = null;
  let balancer: Balancer | null = null;

  beforeAll(async () => {
    redis = await startRedisServer({ appendfsync: 'always' });
  });
  afterEach(async () => {
    await balancer?.close();
    await cluster?.stop();
    balancer = cluster = null;
  });
  afterAll(() => redis?.stop());

  /**
   * A moderator and `participants` participants, connected through the balancer (spread
   * round-robin: client i went to `balancer.routed[i]`); they register with a node directly.
   */
  async function crowd(participants: number): Promise<TestClient[]> {
    const url = balancer!.url;
    const clients = [await cluster!.connect(url, cluster!.moderatorToken)];
    for (let i = 0; i < participants; i++) clients.push(await cluster!.connect(url, (await cluster!.register(cluster!.nodes[0]!.url)).token));
    await clients[0]!.must('event.start');
    return clients;
  }

  it('FT1: kill -9 one of three nodes mid-run: no acked command is lost, and its clients are back, caught up, through the others within 5 s', async () => {
    cluster = await startCluster(redis, 3);
    balancer = await startBalancer(cluster.nodes.map((node) => node.port));
    const clients = await crowd(8);
    const victim = cluster.nodes[1]!;
    const orphans = clients.filter((_, i) => balancer!.routed[i] === victim.port);
    expect(orphans.length).toBeGreaterThanOrEqual(2);

    const load = chatter(clients, 3_000); // what was in flight on the dead node goes unanswered: don't wait long for it
    await load.ackedMore(100);
    const reconnected = orphans.map((client) => new Promise((resolve) => client.socket.io.once('reconnect', resolve)));
    await victim.kill9();
    const killedAt = performance.now();
    const headAtKill = Math.max(...load.acked().map((s) => (s.ack!.ok ? s.ack!.seq : 0)));
    await Promise.all(reconnected);
    await Promise.all(orphans.map((client) => client.caughtUp(headAtKill)));
    const convergedMs = performance.now() - killedAt;
    await load.ackedMore(100);
    await load.stop();

    expect(balancer.routed.slice(clients.length)).not.toContain(victim.port);
    await expectNothingLostOrDoubled(cluster, clients, load.acked());
    expect(convergedMs).toBeLessThan(5_000);
    console.log(
      `FT1: ${orphans.length} clients of the killed node back and caught up after ${convergedMs.toFixed(0)} ms; ${load.acked().length} commands acked, ${load.sent.filter((s) => !s.ack).length} unanswered (in flight on the dead node)`,
    );
  }, 60_000);

  it('FT2: a node killed without goodbye stops counting in presence within seconds', async () => {
    cluster = await startCluster(redis, 3);
    const [a, , c] = cluster.nodes;
    const watcher = await cluster.connect(a!.url, cluster.moderatorToken);
    const onC = await Promise.all(Array.from({ length: 4 }, async () => cluster!.connect(c!.url, (await cluster!.register(c!.url)).token)));
    await watcher.until(() => watcher.presence?.counts.participant === 4 && watcher.presence.total === 5);
    for (const client of onC) client.socket.io.opts.reconnection = false; // they stay gone
    await c!.kill9();
    const killedAt = performance.now();
    await watcher.until(() => watcher.presence?.counts.participant === 0 && watcher.presence.total === 1, 8_000);
    const goneMs = performance.now() - killedAt;
    expect(goneMs).toBeLessThan(5_000);
    console.log(`FT2: the dead node's 4 sockets stopped counting after ${goneMs.toFixed(0)} ms`);
  }, 60_000);

  it('FT3: SIGTERM drains a node: in-flight commands are acked, its clients are told and reconnect elsewhere, nothing is lost', async () => {
    cluster = await startCluster(redis, 3);
    balancer = await startBalancer(cluster.nodes.map((node) => node.port));
    const clients = await crowd(8);
    const leaving = cluster.nodes[2]!;
    const movers = clients.filter((_, i) => balancer!.routed[i] === leaving.port);
    const load = chatter(clients);
    await load.ackedMore(100);
    await leaving.stop(); // SIGTERM, resolves once the process has exited
    expect(movers.length).toBeGreaterThanOrEqual(2);
    await Promise.all(movers.map((client) => client.until(() => client.socket.connected && client.notices.some((n) => n.code === 'shutdown'), 5_000)));
    await load.ackedMore(100);
    await load.stop();

    // Answered: acked, or refused as unavailable while draining (nothing stored, safe to retry).
    expect(load.sent.filter((s) => s.ack && !s.ack.ok && s.ack.error.code !== 'unavailable')).toEqual([]);
    // A command written to the socket while it was being closed is never read: it goes
    // unanswered, and it was not stored either.
    const stored = new Set(
      (await (await cluster.openLedger()).read(DEFAULT_EVENT, 0)).map((e) => (e.command.type === 'chat.send' ? e.command.payload.text : '')),
    );
    for (const s of load.sent.filter((s) => !s.ack)) expect(stored.has(s.text)).toBe(false);
    await expectNothingLostOrDoubled(cluster, clients, load.acked());
  }, 60_000);

  it('FT4: redis-server killed and restarted mid-run: sockets stay up, commands sent meanwhile get a clear "unavailable", no acked command is lost', async () => {
    cluster = await startCluster(redis, 3);
    const clients = [await cluster.connect(cluster.nodes[0]!.url, cluster.moderatorToken)];
    for (let i = 0; i < 6; i++) clients.push(await cluster.connect(cluster.nodes[i % 3]!.url, (await cluster.register(cluster.nodes[i % 3]!.url)).token));
    await clients[0]!.must('event.start');
    let disconnects = 0;
    for (const client of clients) client.socket.on('disconnect', () => disconnects++);

    const load = chatter(clients);
    await load.ackedMore(100);
    await redis.kill();
    const downAt = performance.now();
    // Long enough for every client to try during the outage.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const upAt = performance.now();
    await redis.start();
    await load.ackedMore(100);
    await load.stop();

    const duringOutage = load.sent.filter((s) => s.sentAt > downAt && s.answeredAt < upAt);
    expect(duringOutage.length).toBeGreaterThan(clients.length);
    for (const s of duringOutage) expect(s.ack).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(load.sent.filter((s) => !s.ack)).toEqual([]); // every command got an answer
    expect(disconnects).toBe(0);
    await expectNothingLostOrDoubled(cluster, clients, load.acked());
  }, 60_000);
});
