/** The Redis link book: the shared contract on a private redis-server, then what only Redis can do to it. */

import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { linkKeys, RedisLinkBook } from '../../../server/links/redis.ts';
import { connect, whenReady } from '../../../server/redis/connection.ts';
import { hasRedisServer, type RedisServer, startRedisServer } from '../../support/redisServer.ts';
import { link, runLinkBookContract } from './contract.ts';

describe.skipIf(!hasRedisServer)('redis link book', () => {
  let server: RedisServer;
  const connections: Redis[] = [];
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterEach(() => {
    for (const connection of connections.splice(0)) connection.disconnect();
  });
  afterAll(() => server?.stop());

  async function connection(): Promise<Redis> {
    const client = connect(server.url, 'gavel-links-test', { lazyConnect: true });
    connections.push(client);
    await whenReady(client, 5_000);
    return client;
  }

  runLinkBookContract('redis', async () => {
    const [redis, prefix] = [await connection(), server.freshPrefix()];
    const book = await RedisLinkBook.open(redis, prefix);
    return {
      book,
      reopen: async () => {
        await book.flushed();
        return RedisLinkBook.open(await connection(), prefix);
      },
      cleanup: () => book.flushed(),
    };
  });

  it('LR-L1: a link put through one node is in every other node’s book after a reload', async () => {
    const prefix = server.freshPrefix();
    const [nodeA, nodeB] = [await RedisLinkBook.open(await connection(), prefix), await RedisLinkBook.open(await connection(), prefix)];
    nodeA.put(link('amara'));
    await nodeA.flushed();
    await nodeB.reload();
    expect(nodeB.get('summit')).toEqual([link('amara')]);
  });

  it('LR-L2: a damaged record stops the open with its key and field named', async () => {
    const prefix = server.freshPrefix();
    const redis = await connection();
    await redis.hset(linkKeys(prefix).links, 'summit/amara', JSON.stringify({ eventId: 'summit', personId: 'amara' }), 'summit/bilal', '{"eventId":');
    await expect(RedisLinkBook.open(redis, prefix)).rejects.toThrow(
      new RegExp(`Redis ${prefix}links summit/(amara: not an invite link|bilal: unreadable JSON)`),
    );
  });
});
