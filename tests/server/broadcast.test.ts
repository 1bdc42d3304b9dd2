/**
 * Entries go to a room in packets at most one interval apart (server/sockets.ts). What waits
 * on an entry having gone out (the sender's ack, a joiner's snapshot) waits for its packet.
 */
import { describe, expect, it } from 'vitest';
import { broadcastIntervalMs, RoomBroadcaster } from '../../server/sockets.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function recorder(intervalMs: number) {
  const packets: number[][] = [];
  const log: string[] = [];
  const broadcaster = new RoomBroadcaster<number>(
    (entries) => {
      packets.push(entries);
      log.push(`packet ${entries.join(',')}`);
    },
    () => intervalMs,
  );
  return { packets, log, broadcaster };
}

describe('room broadcasts', () => {
  it('sends an entry after a quiet spell at once, and entries within the interval together in one packet', async () => {
    const { packets, broadcaster } = recorder(50);
    broadcaster.add([1]);
    expect(packets).toEqual([[1]]);
    broadcaster.add([2]);
    broadcaster.add([3, 4]);
    expect(packets).toEqual([[1]]);
    await sleep(80);
    expect(packets).toEqual([[1], [2, 3, 4]]);
  });

  it('runs what waits on an entry (an ack, a snapshot) only once its packet is out, in order', async () => {
    const { log, broadcaster } = recorder(50);
    broadcaster.add([1]);
    broadcaster.whenSent(() => log.push('ack 1'));
    broadcaster.add([2]);
    broadcaster.whenSent(() => log.push('ack 2'));
    broadcaster.whenSent(() => log.push('snapshot'));
    expect(log).toEqual(['packet 1', 'ack 1']);
    await sleep(80);
    expect(log).toEqual(['packet 1', 'ack 1', 'packet 2', 'ack 2', 'snapshot']);
  });

  it('flush sends what waits at once (a node shutting down)', () => {
    const { packets, log, broadcaster } = recorder(10_000);
    broadcaster.add([1]);
    broadcaster.add([2]);
    broadcaster.whenSent(() => log.push('ack 2'));
    broadcaster.flush();
    expect(packets).toEqual([[1], [2]]);
    expect(log.at(-1)).toBe('ack 2');
  });

  it('holds packets back only in large rooms, and never more than half a second', () => {
    expect(broadcastIntervalMs(10)).toBeLessThan(1);
    expect(broadcastIntervalMs(5_000)).toBe(200);
    expect(broadcastIntervalMs(100_000)).toBe(500);
  });
});
