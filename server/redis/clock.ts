/**
 * Redis's clock as this node's clock (LR4, T5). Entries are stamped with Redis's TIME by the
 * append script; clock pings must answer with the same clock, or a node whose own clock is
 * off shows timers that disagree with every other node's (and jump when a client moves).
 * Sampled NTP-style, keeping the sample with the smallest round trip, and extrapolated with
 * the monotonic clock in between, so a ping costs no Redis round trip.
 */
import type { Redis } from 'ioredis';
import { pause } from './connection.ts';

export interface RedisTimeOptions {
  /** How often the offset is measured again. */
  everyMs?: number;
  /** Samples per measurement; the one with the smallest round trip is kept. */
  samples?: number;
  onWarning?: (message: string) => void;
}

export class RedisTime {
  /** Redis time = monotonic + offset. */
  private offset: number;
  private last = 0;
  private readonly stopped = new AbortController();

  private constructor(
    private readonly redis: Redis,
    offset: number,
  ) {
    this.offset = offset;
  }

  /** Measure once (Redis must answer), then again every `everyMs` in the background. */
  static async start(redis: Redis, options: RedisTimeOptions = {}): Promise<RedisTime> {
    const first = await measure(redis, options.samples ?? 5);
    if (first === null) throw new Error('cannot read the Redis clock');
    const clock = new RedisTime(redis, first);
    void clock.remeasure(options);
    return clock;
  }

  /** Redis's time now, in ms since the epoch; never earlier than a previous reading. */
  readonly now = (): number => {
    this.last = Math.max(this.last, Math.floor(performance.now() + this.offset));
    return this.last;
  };

  stop(): void {
    this.stopped.abort();
  }

  private async remeasure({ everyMs = 30_000, samples = 5, onWarning }: RedisTimeOptions): Promise<void> {
    const { signal } = this.stopped;
    while (!signal.aborted) {
      await pause(everyMs, signal);
      if (signal.aborted) return;
      const offset = await measure(this.redis, samples);
      if (offset === null) continue; // Redis is away: keep extrapolating
      if (Math.abs(offset - this.offset) > 2_000)
        onWarning?.(`the Redis clock moved by ${((offset - this.offset) / 1000).toFixed(1)} s against this node's monotonic clock`);
      this.offset = offset;
    }
  }
}

/** Redis TIME − monotonic, from the sample with the smallest round trip; null if Redis did not answer. */
async function measure(redis: Redis, samples: number): Promise<number | null> {
  let best: { rtt: number; offset: number } | null = null;
  for (let i = 0; i < samples; i++) {
    const sent = performance.now();
    let reply: [string, string];
    try {
      reply = (await redis.time()) as unknown as [string, string];
    } catch {
      return best?.offset ?? null;
    }
    const received = performance.now();
    const rtt = received - sent;
    const redisAt = Number(reply[0]) * 1000 + Number(reply[1]) / 1000;
    const offset = redisAt + rtt / 2 - received;
    if (!best || rtt < best.rtt) best = { rtt, offset };
  }
  return best?.offset ?? null;
}
