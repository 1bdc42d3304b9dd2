/**
 * S60: a readiness probe's digest is the SHA-256 of the state's JSON, computed in slices so that
 * a 5 MB state never holds the event loop in one piece.
 */
import { describe, expect, it } from 'vitest';
import { stateDigest, stateDigestInSlices } from '../../../server/ops/digest.ts';
import { emptyState } from '../../../shared/state.ts';
import { prng } from '../../support/randomCommands.ts';

/** A state as large as the (thousands of contributions, a full chat), of made-up records. */
function largeState(items: number) {
  const random = prng(7);
  const state = emptyState('digest-test');
  const text = (n: number) => Array.from({ length: n }, () => 'abcdé "\\\n\u2028🙂'[Math.floor(random() * 12)]).join('');
  return {
    ...state,
    contributions: {
      ...state.contributions,
      items: Array.from({ length: items }, (_, i) => ({
        id: `c${i}`,
        title: text(40),
        text: text(800),
        hidden: i % 7 ? null : { by: 'mod', at: i },
        endorsements: i % 3 ? [] : ['a', 'b'],
        link: undefined,
      })),
    },
  };
}

describe('S60: the sliced digest', () => {
  it('equals the digest of JSON.stringify, for a large state and for what JSON.stringify treats specially', async () => {
    const big = largeState(3000);
    expect(await stateDigestInSlices(big)).toBe(stateDigest(big));
    const odd = {
      a: undefined,
      b: [undefined, () => 1, Symbol('s'), Number.NaN, -0, Number.POSITIVE_INFINITY, null],
      c: { toJSON: () => 'as JSON' },
      d: new Date(0),
      e: { f: { g: { h: { i: Array.from({ length: 40 }, (_, i) => ({ [`k${i}`]: i, skip: undefined })) } } } },
      // A record deep down with many keys is opened too; its undefined members are skipped.
      wide: { deep: { deeper: Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`x${i}`, i % 2 ? i : undefined])) } },
      '"quoted" key': 'ü',
      empty: { list: [], record: {} },
    };
    expect(await stateDigestInSlices(odd)).toBe(stateDigest(odd));
    expect(await stateDigestInSlices(emptyState('e'))).toBe(stateDigest(emptyState('e')));
  });

  it('lets the event loop run while it hashes a large state: timers and I/O callbacks are not held up until it ends', async () => {
    const big = largeState(6000);
    let turns = 0;
    let hashing = true;
    const tick = () => {
      if (!hashing) return;
      turns++;
      setImmediate(tick);
    };
    setImmediate(tick);
    const digest = await stateDigestInSlices(big, 1);
    hashing = false;
    expect(digest).toBe(stateDigest(big));
    // Hashed in one piece, the loop would have turned at most once meanwhile.
    expect(turns).toBeGreaterThan(3);
  });
});
