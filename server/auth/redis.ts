/**
 * The auth store in Redis, for several nodes: a participant who registered through one node
 * signs in through any other. Like the other stores it keeps only SHA-256 hashes of tokens.
 * Nothing is cached: a revocation holds on every node from the moment it is written.
 *
 * Keys, under the deployment's prefix:
 *   auth:tokens                          hash    token hash → credential JSON (live tokens only)
 *   auth:hashes:<event>:<person>         set     every token hash the person held, for revoking and erasing
 *   auth:people:<event>                  hash    person id → the credential last issued to them
 *   auth:participants:<event>            list    participant ids in registration order
 *   auth:policy:<event>                  string  registration policy JSON (absent: open)
 *   auth:lobby:<event>                   list    participant ids waiting in the lobby, oldest first (S46)
 *   auth:flagged:<event>                 list    flagged participant ids in registration order (S47)
 *   auth:marks:<event>                   hash    person id → network mark JSON (S44, S47)
 *   auth:markOrder:<event>               zset    person id → when marked, for the order of the list
 * Erasing a person deletes all of their traces at once (a network mark holds a tag, not the
 * person, and stays); with AOF on, Redis's rewrite of the AOF drops the old lines from disk too.
 */
import type { Redis } from 'ioredis';
import { connect, failFastOptions, whenReady } from '../redis/connection.ts';
import { LuaScript } from '../redis/scripts.ts';
import { CredentialSchema, NetworkMarkSchema, parseStoredJson, RegistrationPolicySchema } from './records.ts';
import {
  type AuthStore,
  type Credential,
  type DirectoryPage,
  FLAGS_KEPT,
  hashToken,
  isPlausibleToken,
  type NetworkMark,
  newToken,
  OPEN_REGISTRATION,
  type RegistrationPolicy,
  type RegistrationsPage,
} from './types.ts';

/**
 * KEYS: tokens, person's hashes, people, participants, lobby, flagged. ARGV: token hash, credential
 * JSON, 'participant' | 'waiting' (a participant in the lobby) | 'other', person id, '1' if flagged.
 */
const ISSUE = new LuaScript(
  `
local known = redis.call('HEXISTS', KEYS[3], ARGV[4]) == 1
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('SADD', KEYS[2], ARGV[1])
redis.call('HSET', KEYS[3], ARGV[4], ARGV[2])
if known then return end
if ARGV[3] == 'participant' then redis.call('RPUSH', KEYS[4], ARGV[4]) end
if ARGV[3] == 'waiting' then redis.call('RPUSH', KEYS[5], ARGV[4]) end
if ARGV[5] == '1' then redis.call('RPUSH', KEYS[6], ARGV[4]) end
`,
  6,
);

/** KEYS: tokens, person's hashes, people, participants, lobby, flagged. ARGV: person id. */
const ERASE = new LuaScript(
  `
for _, hash in ipairs(redis.call('SMEMBERS', KEYS[2])) do redis.call('HDEL', KEYS[1], hash) end
redis.call('DEL', KEYS[2])
redis.call('HDEL', KEYS[3], ARGV[1])
redis.call('LREM', KEYS[4], 0, ARGV[1])
redis.call('LREM', KEYS[5], 0, ARGV[1])
redis.call('LREM', KEYS[6], 0, ARGV[1])
`,
  6,
);

/** KEYS: as ERASE. ARGV: person id. Erases only someone still in the lobby (1); else nothing changes (0): atomic with ADMIT. */
const DECLINE = new LuaScript(
  `
if redis.call('LREM', KEYS[5], 0, ARGV[1]) == 0 then return 0 end
for _, hash in ipairs(redis.call('SMEMBERS', KEYS[2])) do redis.call('HDEL', KEYS[1], hash) end
redis.call('DEL', KEYS[2])
redis.call('HDEL', KEYS[3], ARGV[1])
redis.call('LREM', KEYS[4], 0, ARGV[1])
redis.call('LREM', KEYS[6], 0, ARGV[1])
return 1
`,
  6,
);

/**
 * KEYS: tokens, person's hashes, people, participants, lobby. ARGV: person id, the admitted
 * credential JSON. Only someone still in the lobby is admitted (1); else nothing changes (0).
 */
const ADMIT = new LuaScript(
  `
if redis.call('LREM', KEYS[5], 0, ARGV[1]) == 0 then return 0 end
for _, hash in ipairs(redis.call('SMEMBERS', KEYS[2])) do
  if redis.call('HEXISTS', KEYS[1], hash) == 1 then redis.call('HSET', KEYS[1], hash, ARGV[2]) end
end
redis.call('HSET', KEYS[3], ARGV[1], ARGV[2])
redis.call('RPUSH', KEYS[4], ARGV[1])
return 1
`,
  5,
);

/** KEYS: tokens, person's hashes. Returns how many live tokens were revoked; the hashes stay known for an erase. */
const REVOKE = new LuaScript(
  `
local revoked = 0
for _, hash in ipairs(redis.call('SMEMBERS', KEYS[2])) do revoked = revoked + redis.call('HDEL', KEYS[1], hash) end
return revoked
`,
  2,
);

export interface RedisAuthStoreOptions {
  url: string;
  prefix?: string;
  onWarning?: (message: string) => void;
}

export class RedisAuthStore implements AuthStore {
  private constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  static async open(options: RedisAuthStoreOptions): Promise<RedisAuthStore> {
    const redis = connect(options.url, 'gavel-auth', failFastOptions(3_000), { warn: options.onWarning ?? (() => {}) });
    await whenReady(redis, 10_000);
    return new RedisAuthStore(redis, options.prefix ?? 'gavel:');
  }

  /** Not ready while its connection is down: sign-ins and registrations would fail (the node says so on /readyz). */
  writeProblem(): string | null {
    return this.redis.status === 'ready' ? null : 'the auth store is unreachable';
  }

  async issue(credential: Credential): Promise<string> {
    const token = newToken();
    const { eventId, personId } = credential;
    const kind = credential.role !== 'participant' ? 'other' : credential.waiting ? 'waiting' : 'participant';
    await ISSUE.run(this.redis, this.personKeys(eventId, personId), [
      hashToken(token),
      JSON.stringify(credential),
      kind,
      personId,
      credential.flag ? '1' : '0',
    ]);
    return token;
  }

  async resolve(token: string): Promise<Credential | null> {
    if (!isPlausibleToken(token)) return null;
    const [key, hash] = [this.key('tokens'), hashToken(token)];
    const json = await this.redis.hget(key, hash);
    return json === null ? null : parseStoredJson(CredentialSchema, json, `Redis ${key} ${hash}`);
  }

  async revokePerson(eventId: string, personId: string): Promise<number> {
    return Number(await REVOKE.run(this.redis, this.personKeys(eventId, personId).slice(0, 2), []));
  }

  async person(eventId: string, personId: string): Promise<Credential | null> {
    const key = this.key(`people:${eventId}`);
    const json = await this.redis.hget(key, personId);
    return json === null ? null : parseStoredJson(CredentialSchema, json, `Redis ${key} ${personId}`);
  }

  async erasePerson(eventId: string, personId: string): Promise<void> {
    await ERASE.run(this.redis, this.personKeys(eventId, personId), [personId]);
  }

  async registrationPolicy(eventId: string): Promise<RegistrationPolicy> {
    const key = this.key(`policy:${eventId}`);
    const json = await this.redis.get(key);
    return json === null ? OPEN_REGISTRATION : parseStoredJson(RegistrationPolicySchema, json, `Redis ${key}`);
  }

  async setRegistrationPolicy(eventId: string, policy: RegistrationPolicy): Promise<void> {
    await this.redis.set(this.key(`policy:${eventId}`), JSON.stringify(policy));
  }

  async directory(eventId: string, offset: number, limit: number): Promise<DirectoryPage> {
    const { total, people } = await this.listed(`participants:${eventId}`, eventId, offset, offset + limit - 1, limit > 0);
    return { total, people: people.map((c) => ({ personId: c.personId, role: c.role, profile: c.profile })) };
  }

  async admit(eventId: string, personId: string): Promise<boolean> {
    const credential = await this.person(eventId, personId);
    if (!credential?.waiting) return false;
    const { waiting: _, ...admitted } = credential;
    return (await ADMIT.run(this.redis, this.personKeys(eventId, personId).slice(0, 5), [personId, JSON.stringify(admitted)])) === 1;
  }

  async decline(eventId: string, personId: string): Promise<boolean> {
    return (await DECLINE.run(this.redis, this.personKeys(eventId, personId), [personId])) === 1;
  }

  async waiting(eventId: string, offset: number, limit: number): Promise<RegistrationsPage> {
    return this.listed(`lobby:${eventId}`, eventId, offset, offset + limit - 1, limit > 0);
  }

  async flagged(eventId: string, limit: number): Promise<RegistrationsPage> {
    const { total, people } = await this.listed(`flagged:${eventId}`, eventId, -Math.min(limit, FLAGS_KEPT), -1, limit > 0);
    return { total, people: people.reverse() };
  }

  async setMark(eventId: string, personId: string, mark: NetworkMark | null): Promise<void> {
    const [marks, order] = [this.key(`marks:${eventId}`), this.key(`markOrder:${eventId}`)];
    if (mark) await this.redis.multi().hset(marks, personId, JSON.stringify(mark)).zadd(order, mark.at, personId).exec();
    else await this.redis.multi().hdel(marks, personId).zrem(order, personId).exec();
  }

  async marks(eventId: string): Promise<NetworkMark[]> {
    const key = this.key(`marks:${eventId}`);
    const ids = await this.redis.zrevrange(this.key(`markOrder:${eventId}`), 0, -1);
    const marks = ids.length ? await this.redis.hmget(key, ...ids) : [];
    return marks.flatMap((json, i) => (json === null ? [] : [parseStoredJson(NetworkMarkSchema, json, `Redis ${key} ${ids[i]}`)]));
  }

  /** A range of one of the event's lists of person ids, as the credentials last issued to them, and the list's length. */
  private async listed(list: string, eventId: string, start: number, stop: number, read: boolean): Promise<RegistrationsPage> {
    const [total, ids] = await Promise.all([this.redis.llen(this.key(list)), read ? this.redis.lrange(this.key(list), start, stop) : Promise.resolve([])]);
    const key = this.key(`people:${eventId}`);
    const credentials = ids.length ? await this.redis.hmget(key, ...ids) : [];
    return { total, people: credentials.flatMap((json, i) => (json === null ? [] : [parseStoredJson(CredentialSchema, json, `Redis ${key} ${ids[i]}`)])) };
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  /** tokens, the person's hashes, people, participants, lobby, flagged: the keys ISSUE and ERASE touch. */
  private personKeys(eventId: string, personId: string): string[] {
    return [
      this.key('tokens'),
      this.key(`hashes:${eventId}:${personId}`),
      this.key(`people:${eventId}`),
      this.key(`participants:${eventId}`),
      this.key(`lobby:${eventId}`),
      this.key(`flagged:${eventId}`),
    ];
  }

  private key(name: string): string {
    return `${this.prefix}auth:${name}`;
  }
}
