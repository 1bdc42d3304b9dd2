/**
 * Snapshots of an event's state in Redis, one hash per event:
 *   event:<id>:snapshot  hash { seq, state }, under the deployment's prefix
 * Every node writes them (the reducer is deterministic, so all write the same bytes) and a
 * compare-and-set keeps only the newest, whoever wins.
 */
import type { Redis } from 'ioredis';
import { type EventState, EventStateSchema } from '../../shared/state.ts';
import type { EventHost } from '../eventHost.ts';
import type { Ledger } from '../ledger/types.ts';
import { LuaScript } from '../redis/scripts.ts';
import type { SnapshotStore } from './types.ts';

/** The key of an event's snapshot, beside the ledger's keys of that event. */
export function snapshotKey(prefix: string, eventId: string): string {
  return `${prefix}event:${eventId}:snapshot`;
}

/** KEYS: snapshot hash. ARGV: seq, state JSON. Writes only a newer snapshot than the stored one. */
const SAVE_IF_NEWER = new LuaScript(
  `
local stored = tonumber(redis.call('HGET', KEYS[1], 'seq') or '0')
if stored >= tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'seq', ARGV[1], 'state', ARGV[2])
return 1
`,
  1,
);

export interface RedisSnapshotOptions {
  redis: Redis;
  /** The deployment's key prefix (`snapshotKey`). */
  prefix: string;
  /** The truth a snapshot is checked against: one ahead of the ledger's head is not used. */
  ledger: Pick<Ledger, 'head'>;
  /** Entries between two snapshots (default 1,000). */
  every?: number;
  onWarning?: (message: string) => void;
}

export class RedisSnapshots implements SnapshotStore {
  private readonly redis: Redis;
  private readonly prefix: string;
  private readonly ledger: Pick<Ledger, 'head'>;
  private readonly every: number;
  private readonly warn: (message: string) => void;

  constructor(options: RedisSnapshotOptions) {
    this.redis = options.redis;
    this.prefix = options.prefix;
    this.ledger = options.ledger;
    this.every = options.every ?? 1_000;
    this.warn = options.onWarning ?? (() => {});
  }

  async latest(eventId: string): Promise<EventState | null> {
    const [seq, json] = await this.redis.hmget(snapshotKey(this.prefix, eventId), 'seq', 'state');
    if (!seq || !json) return null;
    let raw: unknown;
    try {
      raw = JSON.parse(json);
    } catch {
      raw = null;
    }
    const checked = EventStateSchema.safeParse(raw);
    if (!checked.success || checked.data.seq !== Number(seq) || checked.data.eventId !== eventId) {
      // Written by an older version whose state had another shape, most likely: replaying is always right.
      this.warn(`snapshot of ${eventId} at seq ${seq} is not a valid state for this version: replaying from the start`);
      return null;
    }
    const head = await this.ledger.head(eventId);
    if (head < checked.data.seq) {
      this.warn(`snapshot of ${eventId} is at seq ${seq} but the ledger ends at ${head}: ignoring it`);
      return null;
    }
    // The parsed JSON, not zod's copy: zod rebuilds objects in schema key order, and every node
    // and client should hold the very same bytes.
    return raw as EventState;
  }

  follow(host: EventHost): void {
    let saved = host.state.seq;
    let saving = false;
    host.onApplied((_entries, state) => {
      if (saving || Math.floor(state.seq / this.every) <= Math.floor(saved / this.every)) return;
      saving = true;
      SAVE_IF_NEWER.run(this.redis, [snapshotKey(this.prefix, host.eventId)], [state.seq, JSON.stringify(state)])
        .then(
          () => (saved = state.seq),
          (err: unknown) => this.warn(`snapshot of ${host.eventId} at seq ${state.seq} not saved: ${err instanceof Error ? err.message : String(err)}`),
        )
        .finally(() => (saving = false));
    });
  }
}
