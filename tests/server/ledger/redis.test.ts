/** The Redis ledger: the shared contract on a private redis-server, then what only Redis can do to it. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RedisLedger, type RedisLedgerOptions } from '../../../server/ledger/redis.ts';
import { COMMAND_ID_RETENTION_MS, LedgerUnavailableError } from '../../../server/ledger/types.ts';
import { whenReady } from '../../../server/redis/connection.ts';
import { hasRedisServer, type RedisServer, startRedisServer } from '../../support/redisServer.ts';
import { AMA, appendChats, chat, collect, type LedgerFixture, range, runLedgerContract, seqsOf } from './contract.ts';

describe.skipIf(!hasRedisServer)('redis ledger', () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(() => server?.stop());

  async function redisFixture(options: Partial<RedisLedgerOptions> = {}): Promise<LedgerFixture> {
    const prefix = server.freshPrefix();
    let current = await RedisLedger.open({ url: server.url, prefix, ...options });
    return {
      ledger: current,
      reopen: async () => {
        await current.close();
        current = await RedisLedger.open({ url: server.url, prefix, ...options });
        return current;
      },
      cleanup: () => current.close(),
    };
  }

  runLedgerContract('redis', () => redisFixture(), { makeLedgerWithClock: (now) => redisFixture({ now }) });

  describe('on a Redis that fails', () => {
    const open: RedisLedger[] = [];
    afterEach(async () => {
      await Promise.all(open.splice(0).map((l) => l.close()));
      await server.start().catch(() => {}); // a test that killed it leaves it running again
    });
    async function ledger(options: Partial<RedisLedgerOptions> = {}): Promise<RedisLedger> {
      const l = await RedisLedger.open({ url: server.url, prefix: server.freshPrefix(), ...options });
      open.push(l);
      return l;
    }

    it('LR1: two ledgers (two nodes) appending at once share one gapless sequence', async () => {
      const prefix = server.freshPrefix();
      const a = await RedisLedger.open({ url: server.url, prefix });
      const b = await RedisLedger.open({ url: server.url, prefix });
      open.push(a, b);
      const tail = collect(a, 'summit', 0, 400);
      const appended = await Promise.all(range(1, 400).map((i) => (i % 2 ? a : b).append('summit', chat(`m${i}`))));
      expect(seqsOf(appended).sort((x, y) => x - y)).toEqual(range(1, 400));
      expect(seqsOf(await tail.done)).toEqual(range(1, 400));
      tail.stop();
      expect(await b.read('summit', 0)).toEqual(await a.read('summit', 0));
    });

    it('LR6: two ledgers (two nodes) appending the same command id at once store it once; its key expires after a day', async () => {
      const prefix = server.freshPrefix();
      const a = await RedisLedger.open({ url: server.url, prefix });
      const b = await RedisLedger.open({ url: server.url, prefix });
      open.push(a, b);
      const appended = await Promise.all(
        range(1, 40).map((i) => (i % 2 ? a : b).append('summit', { ...chat('sent once, retried'), commandId: 'retried-through-b' })),
      );
      expect(new Set(seqsOf(appended))).toEqual(new Set([1]));
      expect(appended.every((entry) => entry.commandId === 'retried-through-b')).toBe(true);
      expect(await b.head('summit')).toBe(1);
      const ttl = await a.redis.pttl(a.keys.command('summit', AMA.id, 'retried-through-b'));
      expect(ttl).toBeGreaterThan(COMMAND_ID_RETENTION_MS - 60_000);
      expect(ttl).toBeLessThanOrEqual(COMMAND_ID_RETENTION_MS);
      // Once the key has gone (a day later), the id is new again.
      await a.redis.del(a.keys.command('summit', AMA.id, 'retried-through-b'));
      expect(await b.append('summit', { ...chat('a day later'), commandId: 'retried-through-b' })).toMatchObject({ seq: 2 });
    });

    it('LR2: while Redis is down an append is refused as unavailable at once, and nothing is stored', async () => {
      const l = await ledger();
      await appendChats(l, 'summit', 2);
      await server.kill();
      const started = Date.now();
      await expect(l.append('summit', chat('during the outage'))).rejects.toBeInstanceOf(LedgerUnavailableError);
      await expect(l.head('summit')).rejects.toBeInstanceOf(LedgerUnavailableError);
      expect(Date.now() - started).toBeLessThan(1_000);
      await server.start();
      const again = await RedisLedger.open({ url: server.url, prefix: l.keys.prefix });
      open.push(again);
      expect(seqsOf(await again.read('summit', 0))).toEqual([1, 2]);
    });

    it('LR3: a tail survives a Redis restart: nothing lost, nothing repeated, and it carries on after', async () => {
      const l = await ledger();
      const tail = collect(l, 'summit', 0, 6);
      await appendChats(l, 'summit', 3);
      await server.restart(); // AOF with appendfsync always: the 3 acked entries survive a SIGKILL
      const writer = await RedisLedger.open({ url: server.url, prefix: l.keys.prefix });
      open.push(writer);
      await appendChats(writer, 'summit', 3, 'after');
      expect(seqsOf(await tail.done)).toEqual(range(1, 6));
      tail.stop();
      // The first ledger's own connection comes back by itself, and appends go on from there.
      await whenReady(l.redis, 5_000);
      await expect(l.append('summit', chat('seven'))).resolves.toMatchObject({ seq: 7 });
    });

    it('LR4: at comes from the Redis clock, shared by every node', async () => {
      const l = await ledger();
      const [seconds, micros] = await l.redis.time();
      const entry = await l.append('summit', chat('tick'));
      const redisNow = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
      expect(entry.at).toBeGreaterThanOrEqual(redisNow);
      expect(entry.at - redisNow).toBeLessThan(1_000);
    });

    it('LR5: an open with no Redis to reach fails with a clear error', async () => {
      await server.kill();
      await expect(RedisLedger.open({ url: server.url, connectTimeoutMs: 300 })).rejects.toThrow(/cannot reach Redis/);
    });
  });
});
