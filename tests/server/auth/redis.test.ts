/** The Redis auth store: the shared contract on a private redis-server, then what only Redis can do (AU4, AU5). */

import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RedisAuthStore } from '../../../server/auth/redis.ts';
import { hashToken } from '../../../server/auth/types.ts';
import { hasRedisServer, type RedisServer, startRedisServer } from '../../support/redisServer.ts';
import { participant, runAuthStoreContract } from './contract.ts';

describe.skipIf(!hasRedisServer)('redis auth', () => {
  let server: RedisServer;
  const stores: RedisAuthStore[] = [];
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
  });
  afterAll(() => server?.stop());

  async function open(prefix: string): Promise<RedisAuthStore> {
    const store = await RedisAuthStore.open({ url: server.url, prefix });
    stores.push(store);
    return store;
  }

  runAuthStoreContract('redis', () => RedisAuthStore.open({ url: server.url, prefix: server.freshPrefix() }));

  it('AU4: registered through one node, signed in through another, revoked everywhere at once', async () => {
    const prefix = server.freshPrefix();
    const [nodeA, nodeB] = [await open(prefix), await open(prefix)];
    const token = await nodeA.issue(participant(7));
    expect(await nodeB.resolve(token)).toEqual(participant(7));
    expect((await nodeB.directory('summit', 0, 10)).people.map((p) => p.personId)).toEqual(['p_7']);
    await nodeB.revokePerson('summit', 'p_7');
    expect(await nodeA.resolve(token)).toBeNull();
  });

  it('AU5: Redis holds only the hash of a token, never the token; an erased person leaves no key behind', async () => {
    const prefix = server.freshPrefix();
    const store = await open(prefix);
    const token = await store.issue(participant(8));
    await store.issue(participant(9));
    await store.erasePerson('summit', 'p_9');
    const redis = new Redis(server.url);
    try {
      const keys = await redis.keys(`${prefix}*`);
      const dump: string[] = [...keys];
      for (const key of keys) {
        const type = await redis.type(key);
        if (type === 'hash') dump.push(...Object.entries(await redis.hgetall(key)).flat());
        else if (type === 'set') dump.push(...(await redis.smembers(key)));
        else if (type === 'list') dump.push(...(await redis.lrange(key, 0, -1)));
      }
      expect(dump.length).toBeGreaterThan(0);
      expect(dump.some((value) => value.includes(token))).toBe(false);
      expect(dump.some((value) => value.includes('p_9'))).toBe(false);
    } finally {
      redis.disconnect();
    }
  });

  it('a damaged record is refused with its key and field named, not handed on', async () => {
    const prefix = server.freshPrefix();
    const store = await open(prefix);
    const token = await store.issue(participant(10));
    const redis = new Redis(server.url);
    try {
      await redis.hset(`${prefix}auth:tokens`, hashToken(token), JSON.stringify({ ...participant(10), role: 'emperor' }));
      await redis.hset(`${prefix}auth:people:summit`, 'p_10', '{"eventId":');
    } finally {
      redis.disconnect();
    }
    await expect(store.resolve(token)).rejects.toThrow(new RegExp(`Redis ${prefix}auth:tokens ${hashToken(token)}: invalid record \\(role: `));
    await expect(store.person('summit', 'p_10')).rejects.toThrow(`Redis ${prefix}auth:people:summit p_10: unreadable JSON`);
    await expect(store.directory('summit', 0, 10)).rejects.toThrow(`Redis ${prefix}auth:people:summit p_10: unreadable JSON`);
  });
});
