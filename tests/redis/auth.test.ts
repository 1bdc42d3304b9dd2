/** The Redis auth store: what the memory store does, shared by every node, with only hashes stored. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { MemoryAuthStore } from '../../server/auth/memory.ts';
import { RedisAuthStore } from '../../server/auth/redis.ts';
import type { AuthStore, Credential } from '../../server/auth/types.ts';
import { hasRedisServer, startRedisServer, type RedisServer } from '../support/redisServer.ts';

function participant(n: number, eventId = 'summit'): Credential {
  const personId = `p_${n}`;
  return {
    eventId,
    personId,
    role: 'participant',
    profile: { id: personId, name: `Person ${n}`, community: 'Ghanaian diaspora', region: 'africa', country: 'Germany', organisation: '', consentToBeNamed: true },
    issuedAt: 1_000 + n,
  };
}

const moderator: Credential = { ...participant(0), personId: 'kemo-camara', role: 'moderator', profile: { ...participant(0).profile, id: 'kemo-camara', name: 'Kemo' } };

/** What every auth store does; run here on memory (the reference) and on Redis. */
function authBehaviour(name: string, open: () => Promise<AuthStore>) {
  describe(`${name} auth store`, () => {
    let store: AuthStore;
    beforeAll(async () => {
      store = await open();
    });
    afterAll(() => store.close());

    it('AU1: a token resolves to its credential; an unknown or malformed one to null', async () => {
      const token = await store.issue(participant(1));
      expect(await store.resolve(token)).toEqual(participant(1));
      expect(await store.resolve('not-a-token')).toBeNull();
      expect(await store.resolve('x'.repeat(5000))).toBeNull();
    });

    it('AU2: revoking a person kills all of their tokens and no one else’s', async () => {
      const first = await store.issue(participant(2));
      const second = await store.issue(participant(2));
      const other = await store.issue(participant(3));
      expect(await store.revokePerson('summit', 'p_2')).toBe(2);
      expect(await store.resolve(first)).toBeNull();
      expect(await store.resolve(second)).toBeNull();
      expect(await store.resolve(other)).toEqual(participant(3));
      expect(await store.revokePerson('summit', 'p_2')).toBe(0);
    });

    it('AU3: the directory lists participants once each, in registration order, paged', async () => {
      for (const n of [10, 11, 12]) await store.issue(participant(n, 'plenary'));
      await store.issue(participant(11, 'plenary')); // a second token for the same person
      await store.issue({ ...moderator, eventId: 'plenary' }); // not a participant
      const page = await store.directory('plenary', 1, 5);
      expect(page.total).toBe(3);
      expect(page.people.map((p) => p.personId)).toEqual(['p_11', 'p_12']);
      expect(await store.directory('plenary', 0, 0)).toEqual({ total: 3, people: [] });
      expect(await store.directory('nowhere', 0, 10)).toEqual({ total: 0, people: [] });
    });

    it('AU6: a person is known after revocation, and gone for good once erased: tokens, profile, directory line', async () => {
      const token = await store.issue(participant(20, 'erasure'));
      await store.issue(participant(21, 'erasure'));
      await store.revokePerson('erasure', 'p_20');
      expect(await store.person('erasure', 'p_20')).toEqual(participant(20, 'erasure'));
      await store.erasePerson('erasure', 'p_20');
      expect(await store.person('erasure', 'p_20')).toBeNull();
      expect(await store.resolve(token)).toBeNull();
      expect((await store.directory('erasure', 0, 10)).people.map((p) => p.personId)).toEqual(['p_21']);
    });

    it('AU7: registration is open until a policy says otherwise', async () => {
      expect(await store.registrationPolicy('policy-event')).toEqual({ open: true, passcodeHash: null });
      await store.setRegistrationPolicy('policy-event', { open: false, passcodeHash: 'scrypt$salt$hash' });
      expect(await store.registrationPolicy('policy-event')).toEqual({ open: false, passcodeHash: 'scrypt$salt$hash' });
    });
  });
}

authBehaviour('memory', async () => new MemoryAuthStore());

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

  authBehaviour('redis', () => RedisAuthStore.open({ url: server.url, prefix: server.freshPrefix() }));

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
});
