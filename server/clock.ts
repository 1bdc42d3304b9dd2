/**
 * The server's one clock (T1, T5): what stamps entries and what answers clock pings.
 *
 * A wall clock steps: NTP corrects it, an operator sets it, a VM resumes, a node restarts
 * with its clock an hour behind. Event time must not: a turn that lasted 20 s must read 20 s,
 * and `at` must never go back. So event time is the wall clock read once at start, advanced
 * by the monotonic clock after that, and never behind the ledger's last `at` (a restart on a
 * clock that went back continues from the ledger, it does not freeze until the wall catches
 * up). A wall clock that steps is logged, not followed.
 */
export interface SteadyClockOptions {
  /** Wall time in ms (Date.now); injected by tests. */
  wall?: () => number;
  /** Monotonic ms (performance.now); injected by tests. */
  monotonic?: () => number;
  /** Told when the wall clock steps away from event time, once per step. */
  onWarning?: (message: string) => void;
}

/** How far the wall clock may wander from event time before it is worth a log line. */
const STEP_WORTH_LOGGING_MS = 2_000;

export class SteadyClock {
  private readonly wall: () => number;
  private readonly monotonic: () => number;
  private readonly warn: (message: string) => void;
  /** Event time = monotonic + offset. */
  private offset: number;
  /** wall − event time when last logged (0 at start). */
  private loggedDrift = 0;

  constructor(options: SteadyClockOptions = {}) {
    this.wall = options.wall ?? Date.now;
    this.monotonic = options.monotonic ?? (() => performance.now());
    this.warn = options.onWarning ?? (() => {});
    this.offset = this.wall() - this.monotonic();
  }

  /** Event time now, in ms since the epoch. Bound: pass it around as a plain `() => number`. */
  readonly now = (): number => {
    const now = Math.floor(this.monotonic() + this.offset);
    const drift = this.wall() - now;
    if (Math.abs(drift - this.loggedDrift) > STEP_WORTH_LOGGING_MS) {
      this.loggedDrift = drift;
      this.warn(`the system clock stepped: it is ${describeDrift(drift)} event time, which keeps its steady pace (a restart adopts the system clock)`);
    }
    return now;
  };

  /**
   * Never read earlier than `floor` (the ledger's last `at`, at start): a node restarted with
   * its clock behind continues event time from there.
   */
  atLeast(floor: number): void {
    const now = this.now();
    if (floor <= now) return;
    this.offset += floor - now;
    this.loggedDrift = this.wall() - floor;
    this.warn(`the system clock is ${describeDrift(now - floor)} the ledger's last entry: event time continues from the ledger`);
  }
}

function describeDrift(ms: number): string {
  return `${Math.abs(ms / 1000).toFixed(1)} s ${ms >= 0 ? 'ahead of' : 'behind'}`;
}
