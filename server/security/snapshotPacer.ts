/**
 * At most one snapshot per socket per interval (S41). A snapshot is the largest thing a
 * node sends; a socket asking for one again and again (`sync` from far back) would make the
 * node send megabytes in a loop. The connection's own snapshot counts. A `sync` that needs a
 * snapshot sooner is answered when the interval has passed, with the state as it is then,
 * so a client that really fell behind still converges; another `sync` meanwhile is refused
 * `rate_limited`.
 */
import type { Verdict } from './rateLimiter.ts';

export class SnapshotPacer {
  private sentAt = Number.NEGATIVE_INFINITY;
  private waiting: NodeJS.Timeout | null = null;

  constructor(
    private readonly intervalMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** A snapshot went to the socket. */
  sent(): void {
    this.sentAt = this.now();
  }

  /** Run `send` now or once the interval has passed; refused while one already waits. */
  request(send: () => void): Verdict {
    const wait = this.sentAt + this.intervalMs - this.now();
    if (this.waiting) return { ok: false, retryAfterMs: Math.max(1, Math.ceil(wait)) };
    if (wait <= 0) {
      this.sent();
      send();
      return { ok: true };
    }
    this.waiting = setTimeout(() => {
      this.waiting = null;
      this.sent();
      send();
    }, wait);
    return { ok: true };
  }

  /** The socket has gone: nothing waits for it any more. */
  stop(): void {
    if (this.waiting) clearTimeout(this.waiting);
    this.waiting = null;
  }
}
