/**
 * The ledger for several nodes: one Redis Stream per event. A Lua script assigns `seq` and
 * `at` and appends in one atomic step, so nodes appending at once can never leave a gap or
 * a duplicate; the stream id is `<seq>-0`, so "everything after seq n" is simply XREAD
 * after `n-0`, and a tail that reconnects resumes exactly where it stopped.
 *
 * Keys, under a configurable prefix (default `gavel:`):
 *   events               set of event ids with at least one entry
 *   event:<id>:log       the stream; field `entry` holds the entry's JSON
 *   event:<id>:head      hash { seq, at } of the last entry
 *   event:<id>:snapshot  hash { seq, state }, written by server/snapshots/redis.ts, not here
 *   event:<id>:command:<personId>:<commandId>
 *                        the seq of the entry of that person's command with that id, for
 *                        COMMAND_ID_RETENTION_MS (L13)
 *   events:new           channel: an event's first entry was appended
 *
 * Durability is Redis's: with `appendonly yes` and `appendfsync always`, an append resolves
 * only once its entry is fsynced in the AOF (see the README, "Running in production").
 */
import type { Redis } from 'ioredis';
import { type BackoffPolicy, backoffDelay } from '../../shared/backoff.ts';
import { describeZodError, type Entry, EntrySchema } from '../../shared/protocol.ts';
import { connect, dropConnection, failFastOptions, pause, whenReady } from '../redis/connection.ts';
import { LuaScript } from '../redis/scripts.ts';
import { assertEventId, COMMAND_ID_RETENTION_MS, type EntryDraft, entryOf, type Ledger, LedgerUnavailableError, type Unsubscribe } from './types.ts';

export interface RedisLedgerOptions {
  url: string;
  /** Prepended to every key and channel, so several deployments (or tests) can share one Redis. */
  prefix?: string;
  /** Replaces Redis's clock for `at` (tests); by default every node shares the Redis server's clock. */
  now?: () => number;
  /** An append not answered within this is refused as unavailable. */
  commandTimeoutMs?: number;
  /** How long `open` waits for Redis before giving up. */
  connectTimeoutMs?: number;
  /** Told about lost connections, undeliverable entries and a ledger that went back. */
  onWarning?: (message: string) => void;
}

/** How many entries one XREAD hands a tail at most. */
const READ_BATCH = 1_000;
/** A blocked XREAD returns empty after this, so a tail notices a silently dead connection. */
const BLOCK_MS = 5_000;
/** A tail that failed waits before it asks again: never a loop that spins on a dead connection. */
const TAIL_RETRY: BackoffPolicy = { baseMs: 200, maxMs: 5_000 };

/**
 * KEYS: log, head, events set, new-event channel. ARGV: event id, `{"actor":…,"command":…}`,
 * clock override in ms or ''. The entry's JSON is assembled here so that its seq and at are the
 * ones this script assigned; Redis's TIME is the one clock all nodes share.
 */
const APPEND_SOURCE = `
local now
if ARGV[3] ~= '' then
  now = tonumber(ARGV[3])
else
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local head = redis.call('HMGET', KEYS[2], 'seq', 'at')
local seq = (tonumber(head[1]) or 0) + 1
local at = math.max(now, tonumber(head[2]) or 0)
local s, a = string.format('%d', seq), string.format('%d', at)
redis.call('XADD', KEYS[1], s .. '-0', 'entry', '{"seq":' .. s .. ',"at":' .. a .. ',' .. string.sub(ARGV[2], 2))
redis.call('HSET', KEYS[2], 'seq', s, 'at', a)
if redis.call('SADD', KEYS[3], ARGV[1]) == 1 then redis.call('PUBLISH', KEYS[4], ARGV[1]) end
`;

const APPEND = new LuaScript(`${APPEND_SOURCE}return {s, a}`, 4);

/**
 * APPEND for a command with an id (L13, LR6). KEYS: those of APPEND, then the command's key;
 * ARGV: those of APPEND, then how long the key lives, in ms. The check and the append are one
 * script, so two nodes appending the same command at once store it once. A repeat returns the
 * first entry's seq, at and JSON, and appends nothing.
 */
const APPEND_ONCE = new LuaScript(
  `
local first = redis.call('GET', KEYS[5])
if first then
  local stored = redis.call('XRANGE', KEYS[1], first .. '-0', first .. '-0')
  if stored[1] then return {first, '', stored[1][2][2]} end
end
${APPEND_SOURCE}redis.call('SET', KEYS[5], s, 'PX', ARGV[4])
return {s, a}
`,
  5,
);

/** The keys of one deployment. */
export class LedgerKeys {
  constructor(readonly prefix: string) {}
  get events(): string {
    return `${this.prefix}events`;
  }
  get newEvents(): string {
    return `${this.prefix}events:new`;
  }
  log(eventId: string): string {
    return `${this.prefix}event:${eventId}:log`;
  }
  head(eventId: string): string {
    return `${this.prefix}event:${eventId}:head`;
  }
  /** Command ids match `COMMAND_ID_PATTERN` (no ':'), so the key is unambiguous. */
  command(eventId: string, actorId: string, commandId: string): string {
    return `${this.prefix}event:${eventId}:command:${actorId}:${commandId}`;
  }
}

type StreamRecord = [id: string, fields: string[]];

export class RedisLedger implements Ledger {
  readonly keys: LedgerKeys;
  private readonly tails = new Set<AbortController>();
  private closed = false;

  private constructor(
    /** Commands that must fail fast: appends, reads, heads. Tails block on connections of their own. */
    readonly redis: Redis,
    private readonly options: RedisLedgerOptions,
  ) {
    this.keys = new LedgerKeys(options.prefix ?? 'gavel:');
  }

  /** Connect, waiting up to `connectTimeoutMs` (10 s) for Redis to answer. */
  static async open(options: RedisLedgerOptions): Promise<RedisLedger> {
    const warn = options.onWarning ?? (() => {});
    const redis = connect(options.url, 'gavel-ledger', failFastOptions(options.commandTimeoutMs ?? 3_000), { warn });
    try {
      await whenReady(redis, options.connectTimeoutMs ?? 10_000);
    } catch {
      redis.disconnect();
      throw new Error(`cannot reach Redis at ${redactUrl(options.url)}`);
    }
    return new RedisLedger(redis, options);
  }

  async append(eventId: string, draft: EntryDraft): Promise<Entry> {
    assertEventId(eventId);
    if (this.closed) throw new LedgerUnavailableError('the ledger is closed');
    // Only the fields an entry has, in the order the other backends store them.
    const { actor, command, commandId } = draft;
    const body = JSON.stringify(commandId === undefined ? { actor, command } : { actor, command, commandId });
    const clock = this.options.now ? String(this.options.now()) : '';
    const keys = [this.keys.log(eventId), this.keys.head(eventId), this.keys.events, this.keys.newEvents];
    let reply: unknown;
    try {
      reply =
        commandId === undefined
          ? await APPEND.run(this.redis, keys, [eventId, body, clock])
          : await APPEND_ONCE.run(this.redis, [...keys, this.keys.command(eventId, actor.id, commandId)], [eventId, body, clock, COMMAND_ID_RETENTION_MS]);
    } catch (err) {
      // Refused, timed out or cut off: either way the node must not ack. A timeout or a cut
      // connection can hide an append that did land; the tail then delivers it like any other,
      // and a retry with the same command id gets that entry back instead of a second one.
      throw new LedgerUnavailableError(`redis append failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    const [seq, at, stored] = reply as [string, string, string?];
    if (stored !== undefined) return parseRecord(eventId, [`${seq}-0`, ['entry', stored]]);
    return entryOf(draft, Number(seq), Number(at));
  }

  async read(eventId: string, afterSeq: number, limit = Infinity): Promise<Entry[]> {
    if (limit <= 0) return [];
    const start = `${Math.max(0, Math.floor(afterSeq)) + 1}-0`;
    const records = await this.unavailableOnError(() =>
      Number.isFinite(limit)
        ? this.redis.xrange(this.keys.log(eventId), start, '+', 'COUNT', Math.floor(limit))
        : this.redis.xrange(this.keys.log(eventId), start, '+'),
    );
    return records.map((record) => parseRecord(eventId, record));
  }

  tail(eventId: string, afterSeq: number, onEntries: (entries: Entry[]) => void): Unsubscribe {
    const stop = new AbortController();
    this.tails.add(stop);
    void this.follow(eventId, Math.max(0, Math.floor(afterSeq)), onEntries, stop.signal);
    return () => {
      stop.abort();
      this.tails.delete(stop);
    };
  }

  async head(eventId: string): Promise<number> {
    const seq = await this.unavailableOnError(() => this.redis.hget(this.keys.head(eventId), 'seq'));
    return seq === null ? 0 : Number(seq);
  }

  async events(): Promise<string[]> {
    return this.unavailableOnError(() => this.redis.smembers(this.keys.events));
  }

  /** Stops every tail and closes the connection; appends in flight finish first (QUIT is queued behind them). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const stop of this.tails) stop.abort();
    this.tails.clear();
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  /**
   * One tail: XREAD BLOCK on its own connection (a blocked connection can do nothing else),
   * from the last seq it delivered. On any failure it waits for the connection to come back
   * and asks again from that same seq, so a Redis restart costs no entry and repeats none.
   */
  private async follow(eventId: string, afterSeq: number, onEntries: (entries: Entry[]) => void, signal: AbortSignal): Promise<void> {
    const warn = this.options.onWarning ?? (() => {});
    const connection = connect(this.options.url, `gavel-tail-${eventId}`, failFastOptions(BLOCK_MS + 5_000), { warn });
    signal.addEventListener('abort', () => connection.disconnect(), { once: true });
    const key = this.keys.log(eventId);
    let delivered = afterSeq;
    let checkHead = false;
    let failures = 0;
    while (!signal.aborted) {
      if (failures > 0) await pause(backoffDelay(failures - 1, TAIL_RETRY), signal);
      try {
        await whenReady(connection, Infinity, signal);
        if (checkHead) {
          // Back after a loss: a Redis that came back with fewer entries than were delivered lost
          // acknowledged data (AOF off, or everysec and a crash). Say so loudly; never reuse seqs silently.
          const head = Number((await connection.hget(this.keys.head(eventId), 'seq')) ?? 0);
          if (head < delivered)
            warn(
              `ledger ${eventId}: Redis holds ${head} entries but ${delivered} were already delivered: entries were lost (is AOF on with appendfsync always?)`,
            );
          checkHead = false;
        }
        const reply = await connection.xread('COUNT', READ_BATCH, 'BLOCK', BLOCK_MS, 'STREAMS', key, `${delivered}-0`);
        if (signal.aborted) return;
        failures = 0;
        const records = reply?.[0]?.[1];
        if (!records || records.length === 0) continue;
        const entries = records.map((record) => parseRecord(eventId, record));
        entries.forEach((entry, i) => {
          if (entry.seq !== delivered + i + 1) throw new CorruptLedgerError(`ledger ${eventId}: expected seq ${delivered + i + 1}, found ${entry.seq}`);
        });
        delivered = entries[entries.length - 1]!.seq;
        try {
          onEntries(entries);
        } catch (err) {
          warn(`ledger ${eventId}: a tail callback threw: ${err instanceof Error ? err.message : String(err)}`);
        }
      } catch (err) {
        if (signal.aborted) return;
        if (err instanceof CorruptLedgerError) {
          // Retrying cannot fix an unreadable or out-of-order entry. Stop here and say why; the
          // node stays up, and its growing lag keeps it out of the load balancer (/readyz).
          warn(`${err.message}; the tail stopped at seq ${delivered}`);
          return connection.disconnect();
        }
        // A dropped connection reconnects by itself; a timed-out one (a hung Redis, a link that
        // black-holes) is thrown away here so that the next XREAD goes out on a fresh connection.
        dropConnection(connection);
        checkHead = true;
        failures++;
      }
    }
  }

  private async unavailableOnError<T>(command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (err) {
      throw new LedgerUnavailableError(`redis: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
  }
}

/** The stream holds what no retry can fix: the tail stops on it. */
class CorruptLedgerError extends Error {}

/** Entries are written only by `append`, but a stream is still input: check it like the file ledger checks its lines. */
function parseRecord(eventId: string, [id, fields]: StreamRecord): Entry {
  const json = fields[fields.indexOf('entry') + 1];
  let raw: unknown;
  try {
    raw = JSON.parse(json ?? '');
  } catch {
    throw new CorruptLedgerError(`ledger ${eventId}: unreadable entry ${id}`);
  }
  const parsed = EntrySchema.safeParse(raw);
  if (!parsed.success) throw new CorruptLedgerError(`ledger ${eventId}: invalid entry ${id}: ${describeZodError(parsed.error)}`);
  if (`${parsed.data.seq}-0` !== id) throw new CorruptLedgerError(`ledger ${eventId}: entry ${id} carries seq ${parsed.data.seq}`);
  return parsed.data;
}

function redactUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}
