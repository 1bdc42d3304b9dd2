import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../../shared/constants.ts';
import { EventDriver, MINUTE, SETUP, T0 } from '../../support/eventDriver.ts';

describe('the event', () => {
  it('E1: only the server creates the event, once', () => {
    const driver = new EventDriver();
    driver.refuse('mod', 'chat.send', { text: 'too early' }, 'not_found');
    driver.refuse('mod', 'event.start', {}, 'not_found');
    driver.refuse('mod', 'event.create', SETUP, 'forbidden');
    driver.must('system', 'event.create', SETUP);
    expect(driver.state.title).toBe('Test exchange');
    driver.refuse('system', 'event.create', SETUP, 'conflict');
  });

  it('E2: creation stamps the setup: planned = allotted, default speaking limit, empty panel slots', () => {
    const { state } = EventDriver.created();
    expect(state.status).toBe('scheduled');
    expect(state.agenda.current).toBe(-1);
    expect(state.queue).toEqual({ open: true, order: 'firstCome', hands: [] });
    expect(state.roster.map((p) => p.id)).toEqual(['mod', 'ana', 'bo', 'cam', 'nia', 'screen']);
    expect(state.agenda.segments.map((s) => [s.id, s.plannedMs, s.durationMs, s.speakingLimitMs, s.startedAt])).toEqual([
      ['s1', 10 * MINUTE, 10 * MINUTE, 10 * MINUTE, null],
      ['s2', 30 * MINUTE, 30 * MINUTE, 3 * MINUTE, null],
      ['s3', 20 * MINUTE, 20 * MINUTE, 2 * MINUTE, null],
      ['s4', 5 * MINUTE, 5 * MINUTE, DEFAULTS.speakingLimitMs, null],
    ]);
    expect(state.agenda.segments[1]!.panel).toEqual([
      { personId: 'ana', allocationMs: 6 * MINUTE, spokenMs: 0, turns: 0 },
      { personId: 'bo', allocationMs: 6 * MINUTE, spokenMs: 0, turns: 0 },
    ]);
  });

  it('E3: starting makes the event live and starts the first segment', () => {
    const driver = EventDriver.created();
    driver.now = T0 + 2 * MINUTE;
    driver.must('mod', 'event.start', {});
    expect(driver.state.status).toBe('live');
    expect(driver.state.startedAt).toBe(T0 + 2 * MINUTE);
    expect(driver.currentSegmentId()).toBe('s1');
    expect(driver.segment('s1').startedAt).toBe(T0 + 2 * MINUTE);
    driver.refuse('mod', 'event.start', {}, 'already_started');
    driver.must('mod', 'event.end', {});
    driver.refuse('mod', 'event.start', {}, 'ended');
  });

  it('E4: ending ends the turn, stops the segment clock and keeps the queue', () => {
    const driver = EventDriver.live();
    driver.must('amara', 'queue.raise', {});
    driver.must('ravi', 'queue.raise', {});
    driver.must('mod', 'floor.giveNext', {});
    driver.tick(MINUTE).must('mod', 'event.end', {});
    const { state } = driver;
    expect(state.status).toBe('ended');
    expect(state.endedAt).toBe(T0 + MINUTE);
    expect(state.floor.current).toBeNull();
    expect(state.floor.last).toMatchObject({ person: { id: 'amara' }, spokenMs: MINUTE });
    expect(driver.segment('s1').leftAt).toBe(T0 + MINUTE);
    expect(driver.queue()).toEqual(['ravi']);
    driver.refuse('mod', 'event.end', {}, 'ended');
  });

  it('E4: an event not started cannot end', () => {
    EventDriver.created().refuse('mod', 'event.end', {}, 'not_started');
  });

  it('E5: before the start the agenda and the floor wait, editing and the queue work', () => {
    const driver = EventDriver.created();
    driver.refuse('mod', 'agenda.next', {}, 'not_started');
    driver.refuse('mod', 'agenda.pause', {}, 'not_started');
    driver.refuse('mod', 'agenda.adjust', { deltaMs: MINUTE }, 'not_started');
    driver.refuse('mod', 'floor.give', { personId: 'cam' }, 'not_started');
    driver.must('amara', 'queue.raise', {});
    driver.refuse('mod', 'floor.giveNext', {}, 'not_started');
    driver.must('mod', 'agenda.updateSegment', { segmentId: 's1', title: 'Opening' });
    driver.must('eva', 'chat.send', { text: 'hello' });
    expect(driver.segment('s1').title).toBe('Opening');
  });

  it('E5: after the end only chat, hand lowering and settings work', () => {
    const driver = EventDriver.live();
    driver.must('amara', 'queue.raise', {});
    driver.must('ravi', 'queue.raise', {});
    driver.must('mod', 'floor.giveNext', {});
    driver.tick(MINUTE).must('mod', 'floor.end', {});
    driver.must('mod', 'event.end', {});
    driver.refuse('mod', 'agenda.next', {}, 'ended');
    driver.refuse('mod', 'agenda.goto', { segmentId: 's3' }, 'ended');
    driver.refuse('mod', 'agenda.resume', {}, 'ended');
    driver.refuse('mod', 'agenda.addSegment', { segment: { title: 'Late', kind: 'other', durationMs: MINUTE } }, 'ended');
    driver.refuse('mod', 'agenda.updateSegment', { segmentId: 's4', title: 'x' }, 'ended');
    driver.refuse('mod', 'agenda.removeSegment', { segmentId: 's4' }, 'ended');
    driver.refuse('mod', 'agenda.moveSegment', { segmentId: 's4', index: 2 }, 'ended');
    driver.refuse('mod', 'floor.giveNext', {}, 'ended');
    driver.refuse('mod', 'floor.give', { personId: 'cam' }, 'ended');
    driver.refuse('mod', 'floor.restoreLast', {}, 'ended');
    driver.refuse('eva', 'queue.raise', {}, 'ended');
    driver.refuse('eva', 'queue.pointOfOrder', { note: 'order' }, 'ended');
    driver.must('eva', 'chat.send', { text: 'thank you all' });
    driver.must('ravi', 'queue.lower', {});
    driver.must('mod', 'queue.setOpen', { open: false });
    driver.must('mod', 'floor.setLimit', { limitMs: MINUTE });
    driver.must('mod', 'panel.setAllocation', { segmentId: 's2', personId: 'bo', allocationMs: MINUTE });
    expect(driver.state.status).toBe('ended');
  });
});
