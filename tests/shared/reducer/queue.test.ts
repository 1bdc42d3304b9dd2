import { describe, expect, it } from 'vitest';
import { placeReasons } from '../../../shared/placeReasons.ts';
import { queuePosition } from '../../../shared/reducer/index.ts';
import { EventDriver, MINUTE } from '../../support/eventDriver.ts';

describe('raising hands', () => {
  it('Q1: a person holds at most one hand and at most one point of order', () => {
    const driver = EventDriver.live();
    driver.must('amara', 'queue.raise', { topic: 'vaccines' });
    driver.refuse('amara', 'queue.raise', {}, 'already_in_queue');
    driver.must('amara', 'queue.pointOfOrder', { note: 'time check' });
    driver.refuse('amara', 'queue.pointOfOrder', { note: 'again' }, 'already_in_queue');
    expect(driver.queue()).toEqual(['amara:poo', 'amara']);
    expect(driver.state.queue.hands[1]).toMatchObject({ topic: 'vaccines', raisedAt: driver.now, raisedSeq: 3, restored: false });
  });

  it('Q2: points of order come ahead of every hand, first come among themselves', () => {
    const driver = EventDriver.live();
    driver.must('amara', 'queue.raise', {});
    driver.must('ravi', 'queue.raise', {});
    driver.must('eva', 'queue.pointOfOrder', { note: 'order' });
    driver.must('omar', 'queue.raise', {});
    driver.must('ana', 'queue.pointOfOrder', { note: 'quorum' });
    expect(driver.queue()).toEqual(['eva:poo', 'ana:poo', 'amara', 'ravi', 'omar']);
  });

  it('Q3: a restored last speaker comes ahead of every ordinary hand, behind points of order', () => {
    const driver = EventDriver.live();
    driver.must('amara', 'queue.raise', {});
    driver.must('ravi', 'queue.raise', {});
    driver.must('mod', 'floor.giveNext', {});
    driver.tick(MINUTE).must('mod', 'floor.end', {});
    driver.must('eva', 'queue.pointOfOrder', { note: 'order' });
    driver.must('mod', 'floor.restoreLast', {});
    driver.must('omar', 'queue.raise', {});
    expect(driver.queue()).toEqual(['eva:poo', 'amara:restored', 'ravi', 'omar']);
    driver.must('mod', 'queue.setOrder', { order: 'balanced' });
    expect(driver.queue()).toEqual(['eva:poo', 'amara:restored', 'ravi', 'omar']);
  });

  it('Q4: a closed queue refuses hands but not points of order', () => {
    const driver = EventDriver.live();
    driver.refuse('mod', 'queue.setOpen', { open: true }, 'conflict');
    driver.must('mod', 'queue.setOpen', { open: false });
    driver.refuse('mod', 'queue.setOpen', { open: false }, 'conflict');
    driver.refuse('amara', 'queue.raise', {}, 'queue_closed');
    driver.must('amara', 'queue.pointOfOrder', { note: 'why closed?' });
    driver.must('mod', 'queue.setOpen', { open: true });
    driver.must('amara', 'queue.raise', {});
    expect(driver.queue()).toEqual(['amara:poo', 'amara']);
    driver.refuse('mod', 'queue.setOrder', { order: 'firstCome' }, 'conflict');
  });
});

describe('moving hands', () => {
  function queueOf(...people: Array<'amara' | 'ravi' | 'eva' | 'omar' | 'emil'>) {
    const driver = EventDriver.live();
    for (const p of people) driver.must(p, 'queue.raise', {});
    return driver;
  }

  it('Q5: moves stay within their block', () => {
    const driver = queueOf('amara', 'ravi', 'eva');
    driver.must('omar', 'queue.pointOfOrder', { note: 'order' });
    driver.must('emil', 'queue.pointOfOrder', { note: 'order too' });
    driver.must('mod', 'queue.move', { personId: 'eva', position: 1 });
    expect(driver.queue()).toEqual(['omar:poo', 'emil:poo', 'eva', 'amara', 'ravi']);
    driver.must('mod', 'queue.move', { personId: 'emil', kind: 'pointOfOrder', position: 5 });
    expect(driver.queue()).toEqual(['omar:poo', 'emil:poo', 'eva', 'amara', 'ravi']);
    driver.must('mod', 'queue.move', { personId: 'emil', kind: 'pointOfOrder', position: 1 });
    expect(driver.queue()).toEqual(['emil:poo', 'omar:poo', 'eva', 'amara', 'ravi']);
    driver.must('mod', 'queue.move', { personId: 'eva', position: 100_000 });
    expect(driver.queue()).toEqual(['emil:poo', 'omar:poo', 'amara', 'ravi', 'eva']);
    driver.refuse('mod', 'queue.move', { personId: 'eva', kind: 'pointOfOrder', position: 1 }, 'not_in_queue');
  });

  it('Q5: a moved restored hand becomes an ordinary hand', () => {
    const driver = queueOf('amara', 'ravi', 'eva');
    driver.must('mod', 'floor.giveNext', {});
    driver.tick(MINUTE).must('mod', 'floor.end', {});
    driver.must('mod', 'floor.restoreLast', {});
    expect(driver.queue()).toEqual(['amara:restored', 'ravi', 'eva']);
    driver.must('mod', 'queue.move', { personId: 'amara', position: 3 });
    expect(driver.queue()).toEqual(['ravi', 'eva', 'amara']);
  });

  it('Q6: moves of hands are refused in balanced order; points of order still move', () => {
    const driver = queueOf('amara', 'ravi');
    driver.must('omar', 'queue.pointOfOrder', { note: 'a' });
    driver.must('eva', 'queue.pointOfOrder', { note: 'b' });
    driver.must('mod', 'queue.setOrder', { order: 'balanced' });
    driver.refuse('mod', 'queue.move', { personId: 'ravi', position: 1 }, 'balanced_order');
    driver.must('mod', 'queue.move', { personId: 'eva', kind: 'pointOfOrder', position: 1 });
    expect(driver.queue()).toEqual(['eva:poo', 'omar:poo', 'amara', 'ravi']);
  });
});

describe('the order in force', () => {
  it('Q7: balanced order puts those not yet heard first, then the least heard region, first come within a tier', () => {
    const driver = EventDriver.live();
    driver.must('mod', 'agenda.goto', { segmentId: 's3' });
    driver.must('mod', 'queue.setOrder', { order: 'balanced' });
    // amara (africa) speaks 2 min, eva (europe) 1 min.
    driver.must('amara', 'queue.raise', {});
    driver.must('eva', 'queue.raise', {});
    driver.must('mod', 'floor.giveNext', {});
    driver.tick(2 * MINUTE).must('mod', 'floor.giveNext', {});
    driver.tick(MINUTE).must('mod', 'floor.end', {});
    expect(driver.state.floor.regions).toEqual({ africa: 2 * MINUTE, asia: 0, europe: MINUTE, other: 0 });
    driver.must('amara', 'queue.raise', {});
    driver.must('eva', 'queue.raise', {});
    driver.must('ravi', 'queue.raise', {});
    driver.must('aziz', 'queue.raise', {});
    driver.must('emil', 'queue.raise', {});
    // Not yet heard, first come: ravi, aziz, emil; then europe (1 min) before africa (2 min).
    expect(driver.queue()).toEqual(['ravi', 'aziz', 'emil', 'eva', 'amara']);
  });

  it('Q11: balanced order says why a hand is ahead of one raised before it, or behind one raised after it', () => {
    const driver = EventDriver.live();
    driver.must('mod', 'agenda.goto', { segmentId: 's3' });
    driver.must('eva', 'queue.pointOfOrder', { note: 'time' });
    driver.must('amara', 'queue.raise', {});
    driver.must('eva', 'queue.raise', {});
    driver.must('mod', 'floor.give', { personId: 'amara', kind: 'hand' });
    driver.tick(2 * MINUTE).must('mod', 'floor.give', { personId: 'eva', kind: 'hand' });
    driver.tick(MINUTE).must('mod', 'floor.end', {});
    driver.must('amara', 'queue.raise', {});
    driver.must('eva', 'queue.raise', {});
    driver.must('ravi', 'queue.raise', {});
    driver.must('emil', 'queue.raise', {});
    // First come: nothing moved, nothing to explain.
    expect(driver.queue()).toEqual(['eva:poo', 'amara', 'eva', 'ravi', 'emil']);
    expect(placeReasons(driver.state)).toEqual([null, null, null, null, null]);
    driver.must('mod', 'queue.setOrder', { order: 'balanced' });
    expect(driver.queue()).toEqual(['eva:poo', 'ravi', 'emil', 'eva', 'amara']);
    expect(placeReasons(driver.state)).toEqual([
      null,
      { moved: 'ahead', because: 'notSpoken' },
      { moved: 'ahead', because: 'notSpoken' },
      { moved: 'behind', because: 'notSpoken' },
      { moved: 'behind', because: 'notSpoken' },
    ]);
    // Only those who have spoken: europe (1 min) goes ahead of africa (2 min), raised before.
    driver.must('ravi', 'queue.lower', {});
    driver.must('emil', 'queue.lower', {});
    expect(driver.queue()).toEqual(['eva:poo', 'eva', 'amara']);
    expect(placeReasons(driver.state)).toEqual([null, { moved: 'ahead', because: 'region' }, { moved: 'behind', because: 'region' }]);
  });

  it('Q7: the balanced queue re-sorts when a turn ends', () => {
    const driver = EventDriver.live();
    driver.must('mod', 'agenda.goto', { segmentId: 's3' });
    driver.must('mod', 'queue.setOrder', { order: 'balanced' });
    driver.must('amara', 'queue.raise', {});
    driver.must('mod', 'floor.giveNext', {});
    driver.tick(MINUTE).must('mod', 'floor.end', {});
    driver.must('eva', 'queue.raise', {});
    driver.must('mod', 'floor.giveNext', {});
    driver.must('amara', 'queue.raise', {});
    driver.must('emil', 'queue.raise', {});
    // eva is still speaking: europe has 0 counted, so emil (not heard) leads, then amara.
    expect(driver.queue()).toEqual(['emil', 'amara']);
    driver.must('eva', 'queue.pointOfOrder', { note: 'x' });
    driver.tick(3 * MINUTE).must('mod', 'floor.end', {});
    driver.must('eva', 'queue.raise', {});
    expect(driver.queue()).toEqual(['eva:poo', 'emil', 'amara', 'eva']);
    driver.must('emil', 'queue.lower', {});
    driver.must('mod', 'floor.give', { personId: 'eva', kind: 'pointOfOrder' });
    driver.tick(MINUTE).must('mod', 'floor.end', {});
    // The point of order counted nothing: europe still 3 min against africa's 1.
    expect(driver.queue()).toEqual(['amara', 'eva']);
  });

  it('Q8: first come keeps ledger order and the moderator moves; switching back keeps the balanced order', () => {
    const driver = EventDriver.live();
    driver.must('mod', 'agenda.goto', { segmentId: 's3' });
    driver.must('amara', 'queue.raise', {});
    driver.must('mod', 'floor.giveNext', {});
    driver.tick(MINUTE).must('mod', 'floor.end', {});
    driver.must('amara', 'queue.raise', {});
    driver.must('ravi', 'queue.raise', {});
    driver.must('eva', 'queue.raise', {});
    expect(driver.queue()).toEqual(['amara', 'ravi', 'eva']);
    driver.must('mod', 'queue.setOrder', { order: 'balanced' });
    expect(driver.queue()).toEqual(['ravi', 'eva', 'amara']);
    driver.must('mod', 'queue.setOrder', { order: 'firstCome' });
    expect(driver.queue()).toEqual(['ravi', 'eva', 'amara']);
    driver.must('omar', 'queue.raise', {});
    driver.must('mod', 'queue.move', { personId: 'amara', position: 1 });
    expect(driver.queue()).toEqual(['amara', 'ravi', 'eva', 'omar']);
  });
});

describe('lowering hands', () => {
  it("Q9: a person lowers their own hand; a moderator removes anyone's", () => {
    const driver = EventDriver.live();
    driver.refuse('amara', 'queue.lower', {}, 'not_in_queue');
    driver.must('amara', 'queue.raise', {});
    driver.must('amara', 'queue.pointOfOrder', { note: 'x' });
    driver.must('ravi', 'queue.raise', {});
    driver.refuse('eva', 'queue.lower', {}, 'not_in_queue');
    driver.must('amara', 'queue.lower', { kind: 'pointOfOrder' });
    expect(driver.queue()).toEqual(['amara', 'ravi']);
    driver.must('amara', 'queue.lower', {});
    driver.refuse('mod', 'queue.remove', { personId: 'ravi', kind: 'pointOfOrder' }, 'not_in_queue');
    driver.must('mod', 'queue.remove', { personId: 'ravi' });
    expect(driver.queue()).toEqual([]);
  });

  it('Q9: lower all is one command that clears hands and points of order', () => {
    const driver = EventDriver.live();
    driver.refuse('mod', 'queue.lowerAll', {}, 'conflict');
    driver.must('amara', 'queue.raise', {});
    driver.must('ravi', 'queue.pointOfOrder', { note: 'x' });
    driver.must('eva', 'queue.raise', {});
    driver.must('mod', 'queue.lowerAll', {});
    expect(driver.state.queue.hands).toEqual([]);
  });

  it('Q10: a hand stays until lowered, removed, cleared or given the floor', () => {
    const driver = EventDriver.live();
    driver.must('amara', 'queue.raise', {});
    driver.must('ravi', 'queue.raise', {});
    driver.tick(10 * MINUTE).must('mod', 'agenda.next', {});
    driver.must('mod', 'queue.setOpen', { open: false });
    driver.must('mod', 'queue.setOrder', { order: 'balanced' });
    expect(driver.queue()).toEqual(['amara', 'ravi']);
    expect(queuePosition(driver.state, 'ravi')).toBe(2);
    driver.must('mod', 'floor.giveNext', {});
    expect(driver.queue()).toEqual(['ravi']);
    expect(queuePosition(driver.state, 'amara')).toBeNull();
  });

  it('Q10: whoever holds the floor cannot raise a hand, but can raise a point of order', () => {
    const driver = EventDriver.live();
    driver.must('amara', 'queue.raise', {});
    driver.must('mod', 'floor.giveNext', {});
    driver.refuse('amara', 'queue.raise', {}, 'conflict');
    driver.must('amara', 'queue.pointOfOrder', { note: 'x' });
  });
});
