/**
 * S44: a removed person scripts their client to register again the moment the "removed" notice
 * arrives. The block must already hold then; the hook sends the notice (eject) before it writes the
 * mark, so with the file store (an fsync) the new registration often lands first.
 */
import { rmSync } from 'node:fs';
import { io } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryAuthStore } from '../../server/auth/memory.ts';
import { RedisAuthStore } from '../../server/auth/redis.ts';
import type { AuthStore } from '../../server/auth/types.ts';
import { cleanUpAfterEach, fileStore, type Node, startNode, tmpDirs } from '../support/lobbyNode.ts';
import { hasRedisServer, type RedisServer, startRedisServer } from '../support/redisServer.ts';

let redis: RedisServer | null = null;
let node: Node | undefined;
cleanUpAfterEach(() => node);
afterAll(async () => {
  await redis?.stop();
  for (const dir of tmpDirs) rmSync(dir, { recursive: true, force: true });
});

const stores: Array<{ name: string; open: () => Promise<AuthStore> }> = [
  { name: 'memory', open: async () => new MemoryAuthStore() },
  { name: 'file', open: fileStore },
  // Without redis-server the Redis case is left out; under CI it runs, and fails if the binary is missing.
  ...(hasRedisServer || process.env.CI === 'true'
    ? [
        {
          name: 'Redis',
          open: async () => {
            redis ??= await startRedisServer();
            return RedisAuthStore.open({ url: redis.url, prefix: redis.freshPrefix() });
          },
        },
      ]
    : []),
];

describe.each(stores)('re-registering on the removal notice ($name store)', ({ open }) => {
  it('is blocked (S44)', async () => {
    const current = await open().then((auth) => startNode(auth, 'block-race'));
    node = current;
    const results: number[] = [];
    for (let i = 0; i < 30; i++) {
      const address = `203.0.113.${i + 10}`;
      const troll = await current.registeredFrom(address, { name: `Troll ${i}` });
      const socket = io(current.server.url, { auth: { token: troll.token }, transports: ['websocket'], reconnection: false, forceNew: true });
      await new Promise<void>((resolve) => socket.once('snapshot', () => resolve()));
      const again = new Promise<number>((resolve) => {
        socket.on('notice', (n: { code: string }) => {
          if (n.code === 'removed') void current.registerFrom(address, { name: `Troll ${i} again` }).then((r) => resolve(r.status));
        });
      });
      await current.moderator.must('people.remove', { personId: troll.personId, reason: 'spam' });
      results.push(await again);
      socket.close();
    }
    expect(
      results.filter((s) => s !== 403),
      `statuses: ${results.join(',')}`,
    ).toEqual([]);
  });
});
