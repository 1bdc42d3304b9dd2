import { afterEach, describe, expect, it, vi } from 'vitest';
import { replay } from '../../shared/reducer/index.ts';
import { emptyState, type Segment, type Turn } from '../../shared/state.ts';
import { clockOffset, segmentClock, turnClock } from '../../shared/time.ts';
import { EventDriver, MINUTE, T0 } from '../support/eventDriver.ts';

const turn = (over: Partial<Turn> = {}): Turn => ({
  person: { id: 'amara', name: 'Amara', community: 'c', region: 'africa', country: 'x' },
  kind: 'hand',
  topic: '',
  segmentId: 's1',
  startedAt: T0,
  allottedMs: 2 * MINUTE,
  pausedAt: null,
  pausedMs: 0,
  ...over,
});

describe('clocks', () => {
  afterEach(() => vi.restoreAllMocks());

  it('T1: the reducer reads no clock and draws no random number', () => {
    const driver = EventDriver.live();
    driver.must('amara', 'queue.raise', {});
    driver.tick(MINUTE).must('mod', 'floor.giveNext', {});
    driver.tick(MINUTE).must('eva', 'chat.send', { text: 'hi' });
    const first = replay(emptyState('test-event'), driver.entries);
    vi.spyOn(Date, 'now').mockReturnValue(0);
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const second = replay(emptyState('test-event'), driver.entries);
    expect(second).toEqual(first);
    expect(Date.now).not.toHaveBeenCalled();
    expect(Math.random).not.toHaveBeenCalled();
  });

  it('T2: a turn clock reads elapsed, remaining, overrun and paused from start time and paused time', () => {
    expect(turnClock(turn(), T0 + 30_000)).toEqual({ elapsedMs: 30_000, allottedMs: 2 * MINUTE, remainingMs: 90_000, overrunMs: 0, paused: false });
    expect(turnClock(turn({ pausedMs: 20_000 }), T0 + 30_000).elapsedMs).toBe(10_000);
    expect(turnClock(turn({ pausedAt: T0 + 40_000 }), T0 + 5 * MINUTE)).toMatchObject({ elapsedMs: 40_000, paused: true });
  });

  it('T3: overrun is shown, remaining stops at zero, elapsed never goes negative', () => {
    expect(turnClock(turn(), T0 + 3 * MINUTE)).toMatchObject({ elapsedMs: 3 * MINUTE, remainingMs: 0, overrunMs: MINUTE });
    expect(turnClock(turn(), T0 - 5_000)).toMatchObject({ elapsedMs: 0, remainingMs: 2 * MINUTE, overrunMs: 0 });
    expect(turnClock(turn({ pausedMs: MINUTE }), T0 + 1_000).elapsedMs).toBe(0);
  });

  it('T3: a segment not started reads its full duration', () => {
    const segment = EventDriver.created().segment('s2') satisfies Segment;
    expect(segmentClock(segment, T0 + 99 * MINUTE)).toMatchObject({ elapsedMs: 0, remainingMs: 30 * MINUTE, overrunMs: 0 });
  });

  it('T4: the clock offset comes from the ping with the smallest round trip', () => {
    // The laptop is 5 minutes behind the server; the quick ping took 40 ms, the slow one 900 ms.
    const behind = 5 * MINUTE;
    const samples = [
      { clientSentAt: 1_000, serverAt: 1_000 + behind + 700, clientReceivedAt: 1_900 },
      { clientSentAt: 5_000, serverAt: 5_000 + behind + 20, clientReceivedAt: 5_040 },
      { clientSentAt: 9_000, serverAt: 9_000 + behind + 50, clientReceivedAt: 9_300 },
    ];
    expect(clockOffset(samples)).toBe(behind);
    expect(clockOffset([])).toBe(0);
  });
});
