/** Lua scripts as every Redis backend runs them: by hash, sent again after a Redis restart. */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/** A Lua script sent once per server and then run by its SHA1 (EVALSHA), falling back to EVAL after a Redis restart. */
export class LuaScript {
  private readonly sha: string;

  constructor(
    private readonly source: string,
    private readonly keyCount: number,
  ) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  async run(client: Redis, keys: readonly string[], args: ReadonlyArray<string | number>): Promise<unknown> {
    if (keys.length !== this.keyCount) throw new Error(`script expects ${this.keyCount} keys, got ${keys.length}`);
    try {
      return await client.evalsha(this.sha, this.keyCount, ...keys, ...args);
    } catch (err) {
      // NOSCRIPT means the script did not run: the cache is empty (a restarted Redis), so send it.
      if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
      return client.eval(this.source, this.keyCount, ...keys, ...args);
    }
  }
}
