import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../../shared/constants.ts';
import { CommandSchema } from '../../../shared/protocol.ts';
import { turnClock } from '../../../shared/time.ts';
import { EventDriver, MINUTE } from '../../support/eventDriver.ts';

/** Live, in the plenary (2 min turns). */
function plenary() {
  const driver = EventDriver.live();
  driver.must('mod', 'agenda.goto', { segmentId: 's3' });
  return driver;
}

describe('giving the floor', () => {
  it('F1: give next gives the floor to the first of the queue', () => {
    const driver = plenary();
    driver.refuse('mod', 'floor.giveNext', {}, 'not_in_queue');
    driver.must('amara', 'queue.raise', { topic: 'funding' });
    driver.must('ravi', 'queue.raise', {});
    driver.must('mod', 'floor.giveNext', {});
    expect(driver.state.floor.current).toMatchObject({
      person: { id: 'amara', region: 'africa' },
      kind: 'hand',
      topic: 'funding',
      segmentId: 's3',
      startedAt: driver.now,
      allottedMs: 2 * MINUTE,
      pausedAt: null,
      pausedMs: 0,
    });
    expect(driver.queue()).toEqual(['ravi']);
  });

  it('F2: give chosen takes their point of order first, or the kind asked for', () => {
    const driver = plenary();
    driver.must('ravi', 'queue.raise', {});
    driver.must('amara', 'queue.raise', {});
    driver.must('amara', 'queue.pointOfOrder', { note: 'the mic' });
    driver.must('mod', 'floor.give', { personId: 'amara' });
    expect(driver.state.floor.current).toMatchObject({ person: { id: 'amara' }, kind: 'pointOfOrder', topic: 'the mic' });
    driver.must('mod', 'floor.give', { personId: 'amara', kind: 'hand' });
    expect(driver.state.floor.current).toMatchObject({ person: { id: 'amara' }, kind: 'hand' });
    expect(driver.queue()).toEqual(['ravi']);
    driver.refuse('mod', 'floor.give', { personId: 'ravi', kind: 'pointOfOrder' }, 'not_in_queue');
  });

  it('F3: a roster member without a hand is invited; a panelist in their panel gets a panel turn', () => {
    const driver = EventDriver.inPanel();
    driver.must('mod', 'floor.give', { personId: 'ana' });
    expect(driver.state.floor.current).toMatchObject({ person: { id: 'ana' }, kind: 'panel', allottedMs: 6 * MINUTE, topic: '' });
    driver.refuse('mod', 'floor.give', { personId: 'ana' }, 'floor_taken');
    driver.must('mod', 'floor.give', { personId: 'cam' });
    expect(driver.state.floor.current).toMatchObject({ person: { id: 'cam', region: 'other' }, kind: 'invited', allottedMs: 3 * MINUTE });
    driver.refuse('mod', 'floor.give', { personId: 'amara' }, 'not_in_queue');
    driver.refuse('mod', 'floor.give', { personId: 'ghost' }, 'not_in_queue');
    driver.refuse('mod', 'floor.give', { personId: 'bo', kind: 'hand' }, 'not_in_queue');
    driver.must('mod', 'agenda.next', {});
    driver.must('mod', 'floor.give', { personId: 'bo' });
    expect(driver.state.floor.current).toMatchObject({ person: { id: 'bo' }, kind: 'invited', allottedMs: 2 * MINUTE });
  });

  it('F4: a panel turn is allotted the allocation minus what was spoken', () => {
    const driver = EventDriver.inPanel();
    driver.must('mod', 'floor.give', { personId: 'ana' });
    driver.tick(4 * MINUTE).must('mod', 'floor.end', {});
    driver.must('mod', 'floor.give', { personId: 'ana' });
    expect(driver.state.floor.current?.allottedMs).toBe(2 * MINUTE);
    driver.tick(3 * MINUTE).must('mod', 'floor.end', {});
    driver.must('mod', 'floor.give', { personId: 'ana' });
    expect(driver.state.floor.current?.allottedMs).toBe(0);
  });

  it('F4: a point of order is allotted one minute', () => {
    const driver = EventDriver.inPanel();
    driver.must('amara', 'queue.pointOfOrder', { note: 'x' });
    driver.must('mod', 'floor.giveNext', {});
    expect(driver.state.floor.current).toMatchObject({ kind: 'pointOfOrder', allottedMs: DEFAULTS.pointOfOrderMs });
  });

  it('F5: giving the floor ends the turn in progress', () => {
    const driver = plenary();
    driver.must('amara', 'queue.raise', {});
    driver.must('ravi', 'queue.raise', {});
    driver.must('mod', 'floor.giveNext', {});
    driver.tick(90_000).must('mod', 'floor.giveNext', {});
    expect(driver.speaker()).toBe('ravi');
    expect(driver.state.floor.history).toEqual([
      {
        person: expect.objectContaining({ id: 'amara' }),
        kind: 'hand',
        segmentId: 's3',
        startedAt: driver.now - 90_000,
        spokenMs: 90_000,
        allottedMs: 2 * MINUTE,
      },
    ]);
  });

  it('F6: a point of order never counts against the person, the region or the panel allocation', () => {
    const driver = EventDriver.inPanel();
    driver.must('ana', 'queue.pointOfOrder', { note: 'order' });
    driver.must('mod', 'floor.giveNext', {});
    driver.tick(45_000).must('mod', 'floor.end', {});
    const { floor } = driver.state;
    expect(floor.last).toMatchObject({ person: { id: 'ana' }, kind: 'pointOfOrder', spokenMs: 45_000 });
    expect(floor.history).toHaveLength(1);
    expect(floor.speakers).toEqual({});
    expect(floor.regions).toEqual({ africa: 0, asia: 0, europe: 0, other: 0 });
    expect(driver.segment('s2').panel[0]).toMatchObject({ personId: 'ana', spokenMs: 0, turns: 0 });
    driver.must('mod', 'floor.give', { personId: 'ana' });
    expect(driver.state.floor.current).toMatchObject({ kind: 'panel', allottedMs: 6 * MINUTE });
  });

  it('F7: moving to another segment ends the turn', () => {
    const driver = EventDriver.inPanel();
    driver.must('mod', 'floor.give', { personId: 'bo' });
    driver.tick(2 * MINUTE).must('mod', 'agenda.next', {});
    expect(driver.state.floor.current).toBeNull();
    expect(driver.state.floor.last).toMatchObject({ person: { id: 'bo' }, segmentId: 's2', spokenMs: 2 * MINUTE });
    expect(driver.segment('s2').panel[1]).toMatchObject({ personId: 'bo', spokenMs: 2 * MINUTE, turns: 1 });
  });

  it('F8: the speaker or a moderator ends a turn, which is recorded and counted', () => {
    const driver = plenary();
    driver.refuse('mod', 'floor.end', {}, 'no_floor');
    driver.must('amara', 'queue.raise', {});
    driver.must('mod', 'floor.giveNext', {});
    driver.tick(30_000);
    driver.refuse('ravi', 'floor.end', {}, 'forbidden');
    driver.refuse('ana', 'floor.end', {}, 'forbidden');
    driver.must('amara', 'floor.end', {});
    driver.must('amara', 'queue.raise', {});
    driver.must('mod', 'floor.giveNext', {});
    driver.tick(MINUTE).must('cohost', 'floor.end', {});
    const { floor } = driver.state;
    expect(floor.current).toBeNull();
    expect(floor.history.map((r) => r.spokenMs)).toEqual([30_000, MINUTE]);
    expect(floor.speakers).toEqual({ amara: { turns: 2, spokenMs: 90_000 } });
    expect(floor.regions.africa).toBe(90_000);
  });

  it("F8: a panel turn adds to the panelist's slot of its segment", () => {
    const driver = EventDriver.inPanel();
    driver.must('mod', 'floor.give', { personId: 'ana' });
    driver.tick(2 * MINUTE).must('ana', 'floor.end', {});
    driver.must('mod', 'floor.give', { personId: 'ana' });
    driver.tick(MINUTE).must('mod', 'floor.end', {});
    expect(driver.segment('s2').panel[0]).toEqual({ personId: 'ana', allocationMs: 6 * MINUTE, spokenMs: 3 * MINUTE, turns: 2 });
    expect(driver.state.floor.speakers.ana).toEqual({ turns: 2, spokenMs: 3 * MINUTE });
    expect(driver.state.floor.regions.europe).toBe(3 * MINUTE);
  });

  it('F12: the moderator gives the speaker now more time (+30 s, +1 min); nobody speaking, or a turn without a limit, has none to give', () => {
    const driver = plenary();
    driver.refuse('mod', 'floor.extend', { deltaMs: 30_000 }, 'no_floor');
    driver.must('amara', 'queue.raise', {});
    driver.must('mod', 'floor.giveNext', {});
    const allotted = driver.state.floor.current!.allottedMs;
    driver.tick(allotted - 5_000).must('mod', 'floor.extend', { deltaMs: 30_000 });
    driver.must('mod', 'floor.extend', { deltaMs: MINUTE });
    expect(driver.state.floor.current!.allottedMs).toBe(allotted + 90_000);
    expect(turnClock(driver.state.floor.current!, driver.now)).toMatchObject({ remainingMs: 95_000 });
    driver.refuse('amara', 'floor.extend', { deltaMs: 30_000 }, 'forbidden');
    expect(CommandSchema.safeParse({ type: 'floor.extend', payload: { deltaMs: 5_000 } }).success).toBe(false);
    expect(CommandSchema.safeParse({ type: 'floor.extend', payload: { deltaMs: 11 * MINUTE } }).success).toBe(false);
    driver.must('mod', 'floor.end', {});
    expect(driver.state.floor.last?.allottedMs).toBe(allotted + 90_000);
  });

  it('F9: the speaker clock pauses and resumes; paused time is not spoken time', () => {
    const driver = plenary();
    driver.refuse('mod', 'floor.pause', {}, 'no_floor');
    driver.refuse('mod', 'floor.resume', {}, 'no_floor');
    driver.must('amara', 'queue.raise', {});
    driver.must('mod', 'floor.giveNext', {});
    driver.refuse('mod', 'floor.resume', {}, 'conflict');
    driver.tick(30_000).must('mod', 'floor.pause', {});
    driver.refuse('mod', 'floor.pause', {}, 'conflict');
    driver.tick(MINUTE);
    expect(turnClock(driver.state.floor.current!, driver.now)).toMatchObject({ elapsedMs: 30_000, remainingMs: 90_000, paused: true });
    driver.must('mod', 'floor.resume', {});
    driver.tick(30_000).must('mod', 'floor.end', {});
    expect(driver.state.floor.last?.spokenMs).toBe(MINUTE);
  });

  it('F10: restore last puts the last speaker back ahead of ordinary hands', () => {
    const driver = plenary();
    driver.refuse('mod', 'floor.restoreLast', {}, 'not_found');
    driver.must('amara', 'queue.raise', {});
    driver.must('ravi', 'queue.raise', {});
    driver.must('mod', 'floor.giveNext', {});
    driver.tick(MINUTE).must('mod', 'floor.giveNext', {});
    driver.must('mod', 'floor.restoreLast', {});
    expect(driver.queue()).toEqual(['amara:restored']);
    expect(driver.state.queue.hands[0]).toMatchObject({ topic: '', raisedAt: driver.now, raisedSeq: driver.state.seq });
    driver.refuse('mod', 'floor.restoreLast', {}, 'already_in_queue');
    driver.must('mod', 'floor.giveNext', {});
    expect(driver.state.floor.current).toMatchObject({ person: { id: 'amara' }, kind: 'hand' });
  });

  it('F10: the last speaker cannot be restored while holding the floor', () => {
    const driver = plenary();
    driver.must('amara', 'queue.pointOfOrder', { note: 'x' });
    driver.must('amara', 'queue.raise', {});
    driver.must('mod', 'floor.giveNext', {});
    driver.tick(MINUTE).must('mod', 'floor.giveNext', {});
    expect(driver.state.floor.last?.person.id).toBe('amara');
    driver.refuse('mod', 'floor.restoreLast', {}, 'floor_taken');
  });

  it('F11: a new speaking limit applies to turns given afterwards', () => {
    const driver = plenary();
    driver.must('amara', 'queue.raise', {});
    driver.must('ravi', 'queue.raise', {});
    driver.must('mod', 'floor.giveNext', {});
    driver.must('mod', 'floor.setLimit', { limitMs: 90_000 });
    expect(driver.segment('s3').speakingLimitMs).toBe(90_000);
    expect(driver.state.floor.current?.allottedMs).toBe(2 * MINUTE);
    driver.must('mod', 'floor.giveNext', {});
    expect(driver.state.floor.current?.allottedMs).toBe(90_000);
    driver.must('mod', 'floor.setLimit', { limitMs: 4 * MINUTE, segmentId: 's4' });
    expect(driver.segment('s4').speakingLimitMs).toBe(4 * MINUTE);
    driver.refuse('mod', 'floor.setLimit', { limitMs: MINUTE, segmentId: 'nope' }, 'not_found');
    EventDriver.created().refuse('mod', 'floor.setLimit', { limitMs: MINUTE }, 'not_found');
  });
});

describe('panels', () => {
  it('P2: setting an allocation applies to the next turn and keeps what was spoken', () => {
    const driver = EventDriver.inPanel();
    driver.must('mod', 'floor.give', { personId: 'ana' });
    driver.tick(2 * MINUTE).must('mod', 'panel.setAllocation', { segmentId: 's2', personId: 'ana', allocationMs: 10 * MINUTE });
    expect(driver.state.floor.current?.allottedMs).toBe(6 * MINUTE);
    driver.must('mod', 'floor.end', {});
    driver.must('mod', 'floor.give', { personId: 'ana' });
    expect(driver.state.floor.current?.allottedMs).toBe(8 * MINUTE);
    driver.must('mod', 'panel.setAllocation', { segmentId: 's2', personId: 'cam', allocationMs: 5 * MINUTE });
    expect(driver.segment('s2').panel.map((p) => p.personId)).toEqual(['ana', 'bo', 'cam']);
    expect(driver.segment('s2').panel[0]).toMatchObject({ allocationMs: 10 * MINUTE, spokenMs: 2 * MINUTE });
  });

  it('P2: allocations exist only in panels and only for roster members', () => {
    const driver = EventDriver.inPanel();
    driver.refuse('mod', 'panel.setAllocation', { segmentId: 's3', personId: 'ana', allocationMs: MINUTE }, 'conflict');
    driver.refuse('mod', 'panel.setAllocation', { segmentId: 's2', personId: 'amara', allocationMs: MINUTE }, 'not_found');
    driver.refuse('mod', 'panel.setAllocation', { segmentId: 'nope', personId: 'ana', allocationMs: MINUTE }, 'not_found');
  });

  it('P3: the panel order must name every panelist once', () => {
    const driver = EventDriver.created();
    driver.must('mod', 'panel.setOrder', { segmentId: 's2', personIds: ['bo', 'ana'] });
    expect(driver.segment('s2').panel.map((p) => p.personId)).toEqual(['bo', 'ana']);
    driver.refuse('mod', 'panel.setOrder', { segmentId: 's2', personIds: ['bo'] }, 'bad_request');
    driver.refuse('mod', 'panel.setOrder', { segmentId: 's2', personIds: ['bo', 'bo'] }, 'bad_request');
    driver.refuse('mod', 'panel.setOrder', { segmentId: 's2', personIds: ['bo', 'cam'] }, 'bad_request');
    driver.refuse('mod', 'panel.setOrder', { segmentId: 's3', personIds: [] }, 'conflict');
    driver.refuse('mod', 'panel.setOrder', { segmentId: 'nope', personIds: [] }, 'not_found');
  });
});

describe('odd person ids', () => {
  it('F8: a person whose id names an Object property ("constructor") is counted like anyone', () => {
    const driver = plenary();
    const person = { ...driver.state.roster[0]!, id: 'constructor', role: 'participant' as const };
    driver.must(person, 'queue.raise', {});
    driver.must('mod', 'floor.giveNext', {});
    driver.tick(MINUTE).must('mod', 'floor.end', {});
    // biome-ignore lint/complexity/useLiteralKeys: the odd id, spelled as the key it is
    expect(driver.state.floor.speakers['constructor']).toEqual({ turns: 1, spokenMs: MINUTE });
  });
});
