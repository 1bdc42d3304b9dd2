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
 * Erasing a person deletes all of these traces at once; with AOF on, Redis's rewrite of the
 * AOF drops the old lines from disk too.
 */
import type { Redis } from 'ioredis';
import { connect, failFastOptions, whenReady } from '../redis/connection.ts';
import { LuaScript } from '../redis/scripts.ts';
import { CredentialSchema, parseStoredJson, RegistrationPolicySchema } from './records.ts';
import {
  type AuthStore,
  type Credential,
  type DirectoryPage,
  hashToken,
  isPlausibleToken,
  newToken,
  OPEN_REGISTRATION,
  type RegistrationPolicy,
} from './types.ts';

/** KEYS: tokens, person's hashes, people, participants. ARGV: token hash, credential JSON, '1' for a participant, person id. */
const ISSUE = new LuaScript(
  `
local known = redis.call('HEXISTS', KEYS[3], ARGV[4]) == 1
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('SADD', KEYS[2], ARGV[1])
redis.call('HSET', KEYS[3], ARGV[4], ARGV[2])
if ARGV[3] == '1' and not known then redis.call('RPUSH', KEYS[4], ARGV[4]) end
`,
  4,
);

/** KEYS: tokens, person's hashes, people, participants. ARGV: person id. */
const ERASE = new LuaScript(
  `
for _, hash in ipairs(redis.call('SMEMBERS', KEYS[2])) do redis.call('HDEL', KEYS[1], hash) end
redis.call('DEL', KEYS[2])
redis.call('HDEL', KEYS[3], ARGV[1])
redis.call('LREM', KEYS[4], 0, ARGV[1])
`,
  4,
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
    await ISSUE.run(this.redis, this.personKeys(eventId, personId), [
      hashToken(token),
      JSON.stringify(credential),
      credential.role === 'participant' ? '1' : '0',
      personId,
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
    const [total, ids] = await Promise.all([
      this.redis.llen(this.key(`participants:${eventId}`)),
      limit > 0 ? this.redis.lrange(this.key(`participants:${eventId}`), offset, offset + limit - 1) : Promise.resolve([]),
    ]);
    const key = this.key(`people:${eventId}`);
    const profiles = ids.length ? await this.redis.hmget(key, ...ids) : [];
    const people = profiles
      .flatMap((json, i) => (json === null ? [] : [parseStoredJson(CredentialSchema, json, `Redis ${key} ${ids[i]}`)]))
      .map((c) => ({ personId: c.personId, role: c.role, profile: c.profile }));
    return { total, people };
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  /** tokens, the person's hashes, people, participants: the keys ISSUE and ERASE touch. */
  private personKeys(eventId: string, personId: string): string[] {
    return [this.key('tokens'), this.key(`hashes:${eventId}:${personId}`), this.key(`people:${eventId}`), this.key(`participants:${eventId}`)];
  }

  private key(name: string): string {
    return `${this.prefix}auth:${name}`;
  }
}
