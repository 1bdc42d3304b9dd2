/**
 * How long a retry waits: exponential backoff with full jitter, so that thousands of
 * clients (or a few nodes' connections) that failed together do not retry together.
 * Pure: the random draw is a parameter, so server and client share it and tests pin it.
 */
export interface BackoffPolicy {
  /** The first retry's ceiling, in ms. */
  baseMs: number;
  /** No wait is ever longer than this. */
  maxMs: number;
}

/**
 * The wait before retry number `attempt` (0 for the first): a uniform draw in
 * [ceiling / 2, ceiling], where the ceiling doubles each attempt from `baseMs` up to `maxMs`.
 * Half the ceiling is kept as a floor so that a retry loop never spins, whatever the draw.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: number = Math.random()): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(Math.max(0, attempt), 30));
  return Math.round(ceiling / 2 + (ceiling / 2) * Math.min(Math.max(random, 0), 1));
}
