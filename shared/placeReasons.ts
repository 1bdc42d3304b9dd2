/** Why balanced order put each hand where it is (Q11); apart from the reducer, so only a balanced queue's explanation downloads it. */
import type { EventState, Hand } from './state.ts';

/**
 * Why balanced order placed a hand where it is (Q11): `ahead`/`behind` of hands raised before or
 * after it, because of who has not spoken yet (`notSpoken`) or of the regions least heard
 * (`region`). Null where first come would put it too, and always in first come.
 */
export interface PlaceReason {
  moved: 'ahead' | 'behind';
  because: 'notSpoken' | 'region';
}

/**
 * The reason of each hand's place, by index in the queue (Q11). Balanced order sorts by tier (not
 * spoken yet, then spoken) and region only, so a hand behind one raised later moved back, one
 * ahead of a hand raised earlier moved up; O(n) with a prefix maximum and a suffix minimum.
 */
export function placeReasons(state: EventState): Array<PlaceReason | null> {
  const { hands, order } = state.queue;
  if (order !== 'balanced') return hands.map(() => null);
  const { speakers } = state.floor;
  const spoke = (h: Hand) => (speakers[h.person.id]?.turns ?? 0) > 0;
  // Points of order and restored hands keep their blocks ahead (Q2, Q3): only ordinary hands are sorted.
  const ordinary = (h: Hand) => h.kind === 'hand' && !h.restored;
  let latestNewcomer = 0;
  for (const h of hands) if (ordinary(h) && !spoke(h)) latestNewcomer = Math.max(latestNewcomer, h.raisedSeq);
  const earliestAfter: number[] = new Array(hands.length);
  let earliest = Number.POSITIVE_INFINITY;
  for (let i = hands.length - 1; i >= 0; i--) {
    earliestAfter[i] = earliest;
    if (ordinary(hands[i]!)) earliest = Math.min(earliest, hands[i]!.raisedSeq);
  }
  let latestBefore = 0;
  return hands.map((h, i) => {
    if (!ordinary(h)) return null;
    const behindLater = latestBefore > h.raisedSeq;
    latestBefore = Math.max(latestBefore, h.raisedSeq);
    if (behindLater) return { moved: 'behind', because: spoke(h) && latestNewcomer > h.raisedSeq ? 'notSpoken' : 'region' };
    if (earliestAfter[i]! < h.raisedSeq) return { moved: 'ahead', because: spoke(h) ? 'region' : 'notSpoken' };
    return null;
  });
}
