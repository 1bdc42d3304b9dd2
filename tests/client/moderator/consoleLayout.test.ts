/** What the console puts first in each kind of segment (issue 15.5). */
import { afterEach, describe, expect, it } from 'vitest';
import { segmentFocus } from '../../../client/src/moderator/consoleLayout.ts';
import { eventState } from '../../../client/src/store.ts';
import { EventDriver, MINUTE } from '../../support/eventDriver.ts';

afterEach(() => {
  eventState.value = null;
});

describe('the segment at hand', () => {
  it('is a panel, a plenary or something else, following the running segment', () => {
    const driver = EventDriver.created();
    eventState.value = driver.state;
    expect(segmentFocus.value).toBe('other');
    driver.must('mod', 'event.start', {});
    eventState.value = driver.state;
    expect(segmentFocus.value).toBe('other');
    driver.must('mod', 'agenda.next', {});
    eventState.value = driver.state;
    expect(segmentFocus.value).toBe('panel');
    driver.must('mod', 'agenda.next', {});
    eventState.value = driver.state;
    // The only plenary: its queue comes first.
    expect(segmentFocus.value).toBe('plenary');
  });

  it('is the way forward in the last of several plenaries, or whenever a proposal is on screen', () => {
    const driver = EventDriver.inPanel();
    driver.must('mod', 'agenda.addSegment', { segment: { title: 'Way forward', kind: 'plenary', durationMs: 20 * MINUTE } });
    driver.must('mod', 'agenda.next', {});
    eventState.value = driver.state;
    expect(segmentFocus.value).toBe('plenary');
    driver.must('mod', 'agenda.next', {});
    driver.must('mod', 'agenda.next', {});
    eventState.value = driver.state;
    expect(driver.state.agenda.segments[driver.state.agenda.current]?.title).toBe('Way forward');
    expect(segmentFocus.value).toBe('wayForward');
    driver.must('mod', 'agenda.goto', { segmentId: 's3' });
    driver.must('mod', 'proposals.add', { text: 'A shared register' });
    driver.must('mod', 'proposals.show', { proposalId: driver.state.proposals.items[0]!.id });
    eventState.value = driver.state;
    expect(segmentFocus.value).toBe('wayForward');
    // A panel stays about its turns; the vote comes right after them.
    driver.must('mod', 'agenda.goto', { segmentId: 's2' });
    eventState.value = driver.state;
    expect(segmentFocus.value).toBe('panel');
  });
});
