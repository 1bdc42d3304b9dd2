import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../shared/backoff.ts';

const policy = { baseMs: 200, maxMs: 5_000 };

describe('backoffDelay', () => {
  it('doubles its ceiling each attempt up to the maximum, and draws between half the ceiling and the ceiling', () => {
    expect([0, 1, 2, 3, 4, 5, 10].map((n) => backoffDelay(n, policy, 1))).toEqual([200, 400, 800, 1_600, 3_200, 5_000, 5_000]);
    expect([0, 1, 2, 5].map((n) => backoffDelay(n, policy, 0))).toEqual([100, 200, 400, 2_500]);
  });

  it('never waits nothing (a retry loop never spins) and never more than the maximum, whatever the draw or the attempt', () => {
    for (const attempt of [-1, 0, 3, 60, 1e9]) {
      for (const random of [-1, 0, 0.37, 0.999, 1, 2]) {
        const delay = backoffDelay(attempt, policy, random);
        expect(delay).toBeGreaterThanOrEqual(policy.baseMs / 2);
        expect(delay).toBeLessThanOrEqual(policy.maxMs);
      }
    }
  });

  it('spreads retries that failed together', () => {
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(4, policy)));
    expect(delays.size).toBeGreaterThan(25);
  });
});
