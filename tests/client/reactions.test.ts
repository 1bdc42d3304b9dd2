/** Reactions are decoration: a bounded burst however many arrive, counts over a short window. */
import { describe, expect, it } from 'vitest';
import { COUNT_WINDOW_MS, particlesFor, REACTIONS, sumWindow } from '../../client/src/reactions.ts';

describe('reactions', () => {
  it('offers applause, heart, +1 and laugh', () => {
    expect(REACTIONS.map((r) => r.kind)).toEqual(['applause', 'heart', 'plusOne', 'laugh']);
  });

  it('shows one particle per reaction up to three, then grows slowly to at most six', () => {
    expect([0, 1, 2, 3, 4, 6, 10, 34, 1000].map(particlesFor)).toEqual([0, 1, 2, 3, 4, 5, 6, 6, 6]);
  });

  it('adds up the batches of every node inside the window and forgets older ones', () => {
    const now = 100_000;
    const batches = [
      { at: now - COUNT_WINDOW_MS - 1, counts: { applause: 50 } },
      { at: now - 2000, counts: { applause: 3, heart: 0 } },
      { at: now - 1000, counts: { applause: 2, laugh: 1 } },
    ];
    expect(sumWindow(batches, now)).toEqual({ applause: 5, laugh: 1 });
  });
});
