/** The server clock offset: the fastest recent ping wins, so a wrong laptop clock does not matter. */
import { beforeEach, describe, expect, it } from 'vitest';
import { addPingSample, resetPingSamples } from '../../client/src/clock.ts';
import { clockOffsetMs, serverNow } from '../../client/src/store.ts';

describe('clock offset', () => {
  beforeEach(() => resetPingSamples());

  it('reads a clock five minutes fast as five minutes fast, from the round trip with the least delay', () => {
    const fast = 5 * 60_000;
    // Server time 1_000_000 at the midpoint of each trip; the client clock is `fast` ahead.
    addPingSample({ clientSentAt: 1_000_000 + fast - 400, serverAt: 1_000_000, clientReceivedAt: 1_000_000 + fast + 100 }); // asymmetric, slow
    addPingSample({ clientSentAt: 1_000_000 + fast - 10, serverAt: 1_000_000, clientReceivedAt: 1_000_000 + fast + 10 }); // fast and symmetric
    expect(clockOffsetMs.value).toBe(-fast);
    expect(Math.abs(serverNow.value - (Date.now() - fast))).toBeLessThan(50);
  });

  it('forgets old samples, so a clock corrected mid-event is followed', () => {
    addPingSample({ clientSentAt: 0, serverAt: 60_000, clientReceivedAt: 2 }); // a very fast, old sample
    for (let i = 0; i < 10; i++) addPingSample({ clientSentAt: 1000, serverAt: 1050, clientReceivedAt: 1100 });
    expect(clockOffsetMs.value).toBe(0);
  });
});
