/**
 * Token buckets keyed by whoever is limited (a person, an IP, a socket). A key holds up to
 * `burst` tokens and earns `perSecond` back; each request takes one. There are no timers: a
 * bucket is refilled when it is used, and buckets that have refilled completely are swept
 * now and then, so memory follows recent activity, not every key ever seen.
 */
import type { GavelError } from '../../shared/protocol.ts';

export interface Rate {
  /** Requests allowed at once after a quiet spell. */
  burst: number;
  /** Requests allowed per second, sustained. */
  perSecond: number;
}

export type Verdict = { ok: true } | { ok: false; retryAfterMs: number };

/** What a refused request is told: a 'slow down' a person can read, why, and when to try again. */
export function slowDown(retryAfterMs: number, why = 'too many requests'): GavelError {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return { code: 'rate_limited', message: `slow down: ${why}, try again in ${seconds} s`, retryAfterMs };
}

/**
 * How long a refused request or handshake waits for its answer (S62). Its connection is held
 * meanwhile, so a script that sends again as soon as it is answered is slowed to one request a
 * second per connection it may hold (S34), instead of costing the node thousands of answers.
 */
export const REFUSAL_DELAY_MS = 1000;

/** Run `answer` once the refusal delay has passed, unless the connection closed first. */
export function answerLater(res: { once(event: 'close', listener: () => void): unknown }, answer: () => void): void {
  const timer = setTimeout(answer, REFUSAL_DELAY_MS);
  timer.unref();
  res.once('close', () => clearTimeout(timer));
}

const ALLOWED: Verdict = { ok: true };
const SWEEP_EVERY_MS = 60_000;

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private sweptAt: number;

  constructor(
    readonly rate: Rate,
    /** Monotonic milliseconds: limits must not depend on a wall clock that jumps (or a test's fake one). */
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!(rate.burst >= 1) || !(rate.perSecond > 0)) throw new Error(`a rate needs burst >= 1 and perSecond > 0, got ${JSON.stringify(rate)}`);
    this.sweptAt = now();
  }

  /** Take one token for `key`, or say how long until one is available. */
  take(key: string): Verdict {
    const now = this.now();
    this.sweepIfDue(now);
    const tokens = this.tokens(this.buckets.get(key), now);
    if (tokens >= 1) {
      this.buckets.set(key, { tokens: tokens - 1, at: now });
      return ALLOWED;
    }
    this.buckets.set(key, { tokens, at: now });
    return this.refusal(tokens);
  }

  /** What `take` would answer, without taking: for limits that count only failures, known after the fact. */
  peek(key: string): Verdict {
    const tokens = this.tokens(this.buckets.get(key), this.now());
    return tokens >= 1 ? ALLOWED : this.refusal(tokens);
  }

  /** Forget a key at once (a socket that has gone). */
  delete(key: string): void {
    this.buckets.delete(key);
  }

  /** Keys currently tracked: for tests that check memory stays bounded. */
  get size(): number {
    return this.buckets.size;
  }

  private refusal(tokens: number): Verdict {
    return { ok: false, retryAfterMs: Math.ceil(((1 - tokens) / this.rate.perSecond) * 1000) };
  }

  private tokens(bucket: Bucket | undefined, now: number): number {
    if (!bucket) return this.rate.burst;
    return Math.min(this.rate.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.rate.perSecond);
  }

  private sweepIfDue(now: number): void {
    if (now - this.sweptAt < SWEEP_EVERY_MS) return;
    this.sweptAt = now;
    for (const [key, bucket] of this.buckets) if (this.tokens(bucket, now) >= this.rate.burst) this.buckets.delete(key);
  }
}
