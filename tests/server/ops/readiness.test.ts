/** What the load balancer and the operator see: /readyz through a Redis outage and a drain, and /metrics. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type GavelApp } from '../../../server/app.ts';
import { openRedisStores, type RedisStores } from '../../../server/cluster/index.ts';
import { silentLogger } from '../../../server/logger.ts';
import { DEFAULT_TEMPLATE } from '../../../shared/template.ts';
import { TestClient } from '../../support/client.ts';
import { hasRedisServer, type RedisServer, startRedisServer } from '../../support/redisServer.ts';
import { whenReady } from '../cluster/cluster.ts';

describe.skipIf(!hasRedisServer)('operations', () => {
  let redis: RedisServer;
  let stores: RedisStores;
  let app: GavelApp;
  let url: string;
  /** The ops listener (S60): readiness and metrics are served there only. */
  let opsUrl: string;
  let moderatorToken: string;

  beforeAll(async () => {
    redis = await startRedisServer();
    stores = await openRedisStores({ url: redis.url, prefix: redis.freshPrefix(), logger: silentLogger });
    app = await createApp({ ledger: stores.ledger, auth: stores.auth, links: stores.links, cluster: stores.cluster });
    url = `http://127.0.0.1:${await app.listen(0, '127.0.0.1')}`;
    opsUrl = `http://127.0.0.1:${await app.listenOps(0)}`;
    const { links } = await app.registry.create(DEFAULT_TEMPLATE);
    moderatorToken = links.find((l) => l.role === 'moderator')!.token;
  });
  afterAll(async () => {
    await app?.close();
    await stores?.close();
    await redis?.stop();
  });

  it('OP1: /metrics counts sockets per role, commands by outcome, ack latency and ledger lag', async () => {
    const moderator = await TestClient.connect(url, moderatorToken);
    await moderator.must('chat.send', { text: 'counted' });
    expect((await moderator.send('agenda.next')).ok).toBe(false); // not started: refused, and counted so
    const res = await fetch(`${opsUrl}/metrics`);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toMatch(/^gavel_sockets\{role="moderator"\} 1$/m);
    expect(text).toMatch(/^gavel_commands_total\{outcome="ok"\} 1$/m);
    expect(text).toMatch(/^gavel_commands_total\{outcome="not_started"\} 1$/m);
    expect(text).toMatch(/^gavel_command_ack_seconds_count 2$/m);
    expect(text).toMatch(/^gavel_ledger_lag_entries\{event="diaspora-covid19"\} 0$/m);
    expect(text).toMatch(/^gavel_ledger_up 1$/m);
    expect(text).toMatch(/^process_cpu_seconds_total /m);
    moderator.close();
  });

  it('OP2: /readyz is 503 while Redis is unreachable, and 200 again once it is back', async () => {
    expect((await fetch(`${opsUrl}/readyz`)).status).toBe(200);
    await redis.kill();
    const down = await fetch(`${opsUrl}/readyz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ ready: false, reason: 'the ledger is unreachable' });
    expect(await (await fetch(`${opsUrl}/metrics`)).text()).toMatch(/^gavel_ledger_up 0$/m);
    expect((await fetch(`${url}/healthz`)).status).toBe(200); // alive all the same
    // The auth store has a connection of its own, and says so too: /readyz asks it after the ledger.
    await expect.poll(() => stores.auth.writeProblem?.() ?? null).toBe('the auth store is unreachable');
    await redis.start();
    await whenReady(opsUrl);
    expect(stores.auth.writeProblem?.() ?? null).toBeNull();
    // Ready means every store is back: a participant signs in at once (the auth store has its own connection).
    const moderator = await TestClient.connect(url, moderatorToken);
    moderator.close();
  });

  it('OP3: a draining node tells its clients, closes their connections under them (so they reconnect elsewhere), and is not ready', async () => {
    const moderator = await TestClient.connect(url, moderatorToken);
    moderator.socket.io.opts.reconnection = false; // there is no elsewhere in this test
    const disconnected = new Promise<string>((resolve) => moderator.socket.once('disconnect', resolve));
    await app.drain(2_000);
    expect(await disconnected).toBe('transport close'); // what socket.io-client reconnects after by itself
    expect(moderator.notices).toEqual([expect.objectContaining({ code: 'shutdown' })]);
    const res = await fetch(`${opsUrl}/readyz`).catch(() => null); // it may have stopped listening already
    if (res) expect(res.status).toBe(503);
  });
});
