import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../../shared/constants.ts';
import { plannedStarts, scheduleReading, segmentClock } from '../../../shared/time.ts';
import { EventDriver, MINUTE, SETUP, T0 } from '../../support/eventDriver.ts';

const draft = (title: string, kind: 'plenary' | 'other' | 'panel' = 'other', minutes = 5) => ({ title, kind, durationMs: minutes * MINUTE });

describe('moving through the agenda', () => {
  it('A1: next, previous and goto move between segments', () => {
    const driver = EventDriver.live();
    driver.refuse('mod', 'agenda.previous', {}, 'conflict');
    driver.tick(MINUTE).must('mod', 'agenda.next', {});
    expect(driver.currentSegmentId()).toBe('s2');
    driver.must('mod', 'agenda.goto', { segmentId: 's4' });
    expect(driver.currentSegmentId()).toBe('s4');
    driver.refuse('mod', 'agenda.next', {}, 'conflict');
    driver.refuse('mod', 'agenda.goto', { segmentId: 's4' }, 'conflict');
    driver.refuse('mod', 'agenda.goto', { segmentId: 'nope' }, 'not_found');
    driver.must('mod', 'agenda.previous', {});
    expect(driver.currentSegmentId()).toBe('s3');
  });

  it('A2: a segment clock starts on first entry and time away counts as paused', () => {
    const driver = EventDriver.live();
    driver.tick(4 * MINUTE).must('mod', 'agenda.next', {});
    expect(driver.segment('s2').startedAt).toBe(T0 + 4 * MINUTE);
    expect(segmentClock(driver.segment('s1'), driver.now).elapsedMs).toBe(4 * MINUTE);
    driver.tick(3 * MINUTE);
    expect(segmentClock(driver.segment('s1'), driver.now)).toMatchObject({ elapsedMs: 4 * MINUTE, remainingMs: 6 * MINUTE, paused: true });
    expect(segmentClock(driver.segment('s2'), driver.now).elapsedMs).toBe(3 * MINUTE);
    driver.must('mod', 'agenda.previous', {});
    expect(driver.segment('s1')).toMatchObject({ startedAt: T0, leftAt: null, pausedMs: 3 * MINUTE });
    driver.tick(MINUTE);
    expect(segmentClock(driver.segment('s1'), driver.now)).toMatchObject({ elapsedMs: 5 * MINUTE, paused: false });
    expect(segmentClock(driver.segment('s2'), driver.now).elapsedMs).toBe(3 * MINUTE);
  });

  it('A2: a segment paused when left does not count its pause twice', () => {
    const driver = EventDriver.live();
    driver.tick(2 * MINUTE).must('mod', 'agenda.pause', {});
    driver.tick(MINUTE).must('mod', 'agenda.next', {});
    driver.tick(MINUTE).must('mod', 'agenda.previous', {});
    expect(driver.segment('s1')).toMatchObject({ pausedAt: null, pausedMs: 2 * MINUTE });
    expect(segmentClock(driver.segment('s1'), driver.now).elapsedMs).toBe(2 * MINUTE);
  });

  it('A3: pausing and resuming the segment clock', () => {
    const driver = EventDriver.live();
    driver.refuse('mod', 'agenda.resume', {}, 'conflict');
    driver.tick(2 * MINUTE).must('mod', 'agenda.pause', {});
    driver.refuse('mod', 'agenda.pause', {}, 'conflict');
    driver.tick(5 * MINUTE);
    expect(segmentClock(driver.segment('s1'), driver.now)).toMatchObject({ elapsedMs: 2 * MINUTE, paused: true });
    driver.must('mod', 'agenda.resume', {});
    driver.tick(MINUTE);
    expect(driver.segment('s1').pausedMs).toBe(5 * MINUTE);
    expect(segmentClock(driver.segment('s1'), driver.now)).toMatchObject({ elapsedMs: 3 * MINUTE, paused: false });
  });

  it('A4: adjusting extends or cuts the allotted time, never below what has elapsed', () => {
    const driver = EventDriver.live();
    driver.tick(4 * MINUTE).must('mod', 'agenda.adjust', { deltaMs: 2 * MINUTE });
    expect(driver.segment('s1')).toMatchObject({ durationMs: 12 * MINUTE, plannedMs: 10 * MINUTE });
    driver.must('mod', 'agenda.adjust', { deltaMs: -20 * MINUTE });
    expect(driver.segment('s1').durationMs).toBe(4 * MINUTE);
    expect(segmentClock(driver.segment('s1'), driver.now).remainingMs).toBe(0);
    driver.must('mod', 'agenda.adjust', { deltaMs: LIMITS.maxDurationMs });
    expect(driver.segment('s1').durationMs).toBe(LIMITS.maxDurationMs);
  });
});

describe('editing the agenda', () => {
  it('A5: only segments not started can be edited', () => {
    const driver = EventDriver.live();
    driver.refuse('mod', 'agenda.updateSegment', { segmentId: 's1', title: 'Renamed' }, 'segment_started');
    driver.refuse('mod', 'agenda.removeSegment', { segmentId: 's1' }, 'segment_started');
    driver.refuse('mod', 'agenda.moveSegment', { segmentId: 's1', index: 2 }, 'segment_started');
    driver.refuse('mod', 'agenda.updateSegment', { segmentId: 'nope', title: 'x' }, 'not_found');
    driver.refuse('mod', 'agenda.removeSegment', { segmentId: 'nope' }, 'not_found');
    driver.must('mod', 'agenda.updateSegment', { segmentId: 's3', title: 'Open floor', kind: 'other' });
    expect(driver.segment('s3')).toMatchObject({ title: 'Open floor', kind: 'other' });
    driver.must('mod', 'agenda.removeSegment', { segmentId: 's2' });
    expect(driver.state.agenda.segments.map((s) => s.id)).toEqual(['s1', 's3', 's4']);
    expect(driver.currentSegmentId()).toBe('s1');
  });

  it('A5: new and moved segments go after every segment that has started', () => {
    const driver = EventDriver.live();
    driver.tick(MINUTE).must('mod', 'agenda.next', {});
    driver.refuse('mod', 'agenda.addSegment', { segment: draft('Too early'), index: 1 }, 'segment_started');
    driver.refuse('mod', 'agenda.addSegment', { segment: draft('Too far'), index: 5 }, 'segment_started');
    driver.refuse('mod', 'agenda.moveSegment', { segmentId: 's4', index: 1 }, 'segment_started');
    driver.refuse('mod', 'agenda.moveSegment', { segmentId: 's4', index: 4 }, 'segment_started');
    driver.must('mod', 'agenda.addSegment', { segment: draft('Break', 'other'), index: 2 });
    driver.must('mod', 'agenda.moveSegment', { segmentId: 's4', index: 2 });
    expect(driver.state.agenda.segments.map((s) => s.title)).toEqual(['Welcome', 'Panel', 'Closing', 'Break', 'Plenary']);
    expect(driver.currentSegmentId()).toBe('s2');
  });

  it('A5: a segment skipped by goto can move after the running one, which stays current', () => {
    const driver = EventDriver.live();
    driver.tick(MINUTE).must('mod', 'agenda.goto', { segmentId: 's3' });
    driver.refuse('mod', 'agenda.moveSegment', { segmentId: 's2', index: 1 }, 'segment_started');
    driver.must('mod', 'agenda.moveSegment', { segmentId: 's2', index: 3 });
    expect(driver.state.agenda.segments.map((s) => s.id)).toEqual(['s1', 's3', 's4', 's2']);
    expect(driver.currentSegmentId()).toBe('s3');
    driver.tick(MINUTE).must('mod', 'agenda.next', {});
    expect(driver.currentSegmentId()).toBe('s4');
    expect(driver.segment('s3').leftAt).toBe(driver.now);
  });

  it('A5: the agenda keeps between 1 and 50 segments', () => {
    const one = EventDriver.created({ ...SETUP, segments: SETUP.segments.slice(0, 1) });
    one.refuse('mod', 'agenda.removeSegment', { segmentId: 's1' }, 'conflict');
    const full = EventDriver.created();
    for (let i = SETUP.segments.length; i < LIMITS.segments; i++) full.must('mod', 'agenda.addSegment', { segment: draft(`Extra ${i}`) });
    expect(full.state.agenda.segments).toHaveLength(LIMITS.segments);
    full.refuse('mod', 'agenda.addSegment', { segment: draft('One too many') }, 'conflict');
  });

  it('A6: a new segment gets a fresh id and the default speaking limit of its kind', () => {
    const driver = EventDriver.created();
    // seq 2 and 3: s2 and s3 are taken by the setup.
    driver.must('mod', 'agenda.addSegment', { segment: draft('Debate', 'plenary') });
    driver.must('mod', 'agenda.addSegment', { segment: { ...draft('Talk'), speakingLimitMs: 7 * MINUTE } });
    driver.must('mod', 'agenda.addSegment', { segment: draft('Reports', 'panel', 15), index: 0 });
    const ids = driver.state.agenda.segments.map((s) => s.id);
    expect(ids).toEqual(['s4-2', 's1', 's2', 's3', 's4', 's2-2', 's3-2']);
    expect(new Set(ids).size).toBe(ids.length);
    expect(driver.segment('s2-2')).toMatchObject({ plannedMs: 5 * MINUTE, durationMs: 5 * MINUTE, speakingLimitMs: 2 * MINUTE, kind: 'plenary' });
    expect(driver.segment('s3-2').speakingLimitMs).toBe(7 * MINUTE);
    expect(driver.segment('s4-2').speakingLimitMs).toBe(3 * MINUTE);
    driver.must('mod', 'agenda.addSegment', { segment: draft('Later') });
    expect(driver.state.agenda.segments.at(-1)!.id).toBe('s5');
  });

  it('A6: updating a duration sets planned and allotted time', () => {
    const driver = EventDriver.created();
    driver.must('mod', 'agenda.updateSegment', { segmentId: 's3', durationMs: 25 * MINUTE });
    expect(driver.segment('s3')).toMatchObject({ plannedMs: 25 * MINUTE, durationMs: 25 * MINUTE });
  });
});

describe('the scheduled start', () => {
  it('A8: moving or clearing the scheduled start moves the plan, until the event starts', () => {
    const driver = EventDriver.created();
    driver.refuse('amara', 'event.schedule', { startAt: T0 + 30 * MINUTE }, 'forbidden');
    driver.must('mod', 'event.schedule', { startAt: T0 + 30 * MINUTE });
    expect(driver.state.scheduledStartAt).toBe(T0 + 30 * MINUTE);
    expect(plannedStarts(driver.state)[1]).toBe(T0 + 40 * MINUTE);
    driver.must('mod', 'event.schedule', { startAt: null });
    expect(plannedStarts(driver.state)).toEqual([null, null, null, null]);
    driver.must('mod', 'event.start', {});
    driver.refuse('mod', 'event.schedule', { startAt: T0 }, 'already_started');
    driver.must('mod', 'event.end', {});
    driver.refuse('mod', 'event.schedule', { startAt: T0 }, 'ended');
  });
});

describe('planned against actual', () => {
  it('A7: planned starts add up planned durations from the scheduled start', () => {
    const { state } = EventDriver.created();
    expect(plannedStarts(state)).toEqual([T0, T0 + 10 * MINUTE, T0 + 40 * MINUTE, T0 + 60 * MINUTE]);
    const unscheduled = EventDriver.created({ ...SETUP, scheduledStartAt: null });
    expect(plannedStarts(unscheduled.state)).toEqual([null, null, null, null]);
    unscheduled.tick(MINUTE).must('mod', 'event.start', {});
    expect(plannedStarts(unscheduled.state)[1]).toBe(T0 - 9 * MINUTE + 10 * MINUTE);
  });

  it('A7: before the start the projection starts at the later of now and the scheduled start', () => {
    const { state } = EventDriver.created();
    expect(scheduleReading(state, T0 - 10 * MINUTE)).toEqual({
      plannedEndAt: T0 + 65 * MINUTE,
      projectedEndAt: T0 + 65 * MINUTE,
      lateByMs: 0,
      remainingMs: 75 * MINUTE,
    });
    expect(scheduleReading(state, T0 + 5 * MINUTE).lateByMs).toBe(5 * MINUTE);
  });

  it('A7: while live, lateness follows a late start, extensions and overruns', () => {
    const driver = EventDriver.created();
    driver.now = T0 + 2 * MINUTE;
    driver.must('mod', 'event.start', {});
    expect(scheduleReading(driver.state, driver.now).lateByMs).toBe(2 * MINUTE);
    driver.tick(MINUTE).must('mod', 'agenda.adjust', { deltaMs: 3 * MINUTE });
    expect(scheduleReading(driver.state, driver.now).lateByMs).toBe(5 * MINUTE);
    // Running 4 minutes past the extended 13: the overrun pushes the end out minute by minute.
    driver.tick(16 * MINUTE);
    expect(scheduleReading(driver.state, driver.now).lateByMs).toBe(9 * MINUTE);
    driver.must('mod', 'agenda.next', {});
    expect(scheduleReading(driver.state, driver.now)).toMatchObject({ lateByMs: 9 * MINUTE, remainingMs: 55 * MINUTE });
  });

  it('A7: after the end the projection is the actual end', () => {
    const driver = EventDriver.live();
    driver.tick(30 * MINUTE).must('mod', 'event.end', {});
    expect(scheduleReading(driver.state, driver.now + 5 * MINUTE)).toEqual({
      plannedEndAt: T0 + 65 * MINUTE,
      projectedEndAt: T0 + 30 * MINUTE,
      lateByMs: -35 * MINUTE,
      remainingMs: 0,
    });
  });
});
