/** A panel's turns and time (SPEC P4, P5): who the panel order calls next, and the time kept for questions. */
import { describe, expect, it } from 'vitest';
import { defaultQuestionsMs, nextPanelist, panelistShareMs, panelTime } from '../../shared/panel.ts';
import { DEFAULT_TEMPLATE, setupFromTemplate, TemplateSchema } from '../../shared/template.ts';
import { EventDriver, MINUTE, SETUP } from '../support/eventDriver.ts';

const next = (d: EventDriver) => nextPanelist(d.state)?.personId ?? null;

describe('P5: the panelist called next', () => {
  it('P5: the first in the panel order who has not spoken yet, the speaker excluded', () => {
    const d = EventDriver.inPanel();
    expect(next(d)).toBe('ana');
    d.must('mod', 'floor.give', { personId: 'ana' });
    expect(next(d)).toBe('bo');
    d.tick(MINUTE).must('mod', 'floor.end', {});
    expect(next(d)).toBe('bo');
  });

  it('P5: follows the order the moderator sets (P3), and a panelist added later (P2) comes last', () => {
    const d = EventDriver.inPanel();
    d.must('mod', 'panel.setOrder', { segmentId: 's2', personIds: ['bo', 'ana'] });
    expect(next(d)).toBe('bo');
    d.must('mod', 'panel.setAllocation', { segmentId: 's2', personId: 'cam', allocationMs: 4 * MINUTE });
    d.must('mod', 'floor.give', { personId: 'bo' });
    d.tick(MINUTE);
    d.must('mod', 'floor.give', { personId: 'ana' });
    d.tick(MINUTE);
    expect(next(d)).toBe('cam');
  });

  it('P5: once everyone has spoken, the one who spoke least; on a tie the earlier in order', () => {
    const d = EventDriver.inPanel();
    d.must('mod', 'panel.setAllocation', { segmentId: 's2', personId: 'cam', allocationMs: 4 * MINUTE });
    d.must('mod', 'floor.give', { personId: 'ana' });
    d.tick(2 * MINUTE);
    d.must('mod', 'floor.give', { personId: 'bo' });
    d.tick(MINUTE);
    d.must('mod', 'floor.give', { personId: 'cam' });
    d.tick(MINUTE);
    d.must('mod', 'floor.end', {});
    // bo and cam spoke a minute each: bo comes first in the order.
    expect(next(d)).toBe('bo');
    d.must('mod', 'floor.give', { personId: 'bo' });
    // The speaker is never next, however little they spoke.
    expect(next(d)).toBe('cam');
  });

  it('P5: nobody outside a live panel segment, nor when the only panelist holds the floor', () => {
    expect(nextPanelist(EventDriver.live().state)).toBeNull();
    expect(nextPanelist(EventDriver.created().state)).toBeNull();
    const ended = EventDriver.inPanel();
    ended.must('mod', 'event.end', {});
    expect(nextPanelist(ended.state)).toBeNull();
    const moved = EventDriver.inPanel();
    moved.must('mod', 'agenda.next', {});
    expect(nextPanelist(moved.state)).toBeNull();
    const alone = EventDriver.inPanel({
      ...SETUP,
      segments: SETUP.segments.map((s) => (s.kind === 'panel' ? { ...s, panel: s.panel.slice(0, 1) } : s)),
    });
    expect(next(alone)).toBe('ana');
    alone.must('mod', 'floor.give', { personId: 'ana' });
    expect(nextPanelist(alone.state)).toBeNull();
  });
});

describe('P4: a panel leaves time for questions', () => {
  it('P4: by default a fifth of the segment, to the second; the panelists share the rest, rounded down', () => {
    expect(defaultQuestionsMs(50 * MINUTE)).toBe(10 * MINUTE);
    expect(defaultQuestionsMs(3 * MINUTE)).toBe(36_000);
    expect(panelistShareMs(50 * MINUTE, 10 * MINUTE, 7)).toBe(5 * MINUTE + 42_000);
    expect(panelistShareMs(50 * MINUTE, 0, 7)).toBe(7 * MINUTE + 8_000);
    expect(panelistShareMs(50 * MINUTE, 60 * MINUTE, 7)).toBe(0);
    expect(panelistShareMs(50 * MINUTE, 10 * MINUTE, 0)).toBe(0);
  });

  it('P4: the seed event gives its seven panelists 5:42 each and keeps 10:06 of the 50 minutes for questions', () => {
    const setup = setupFromTemplate(DEFAULT_TEMPLATE);
    const panel = setup.segments.find((s) => s.kind === 'panel');
    expect(panel?.panel).toHaveLength(7);
    for (const slot of panel?.panel ?? []) expect(slot.allocationMs).toBe(342_000);
    const d = EventDriver.created(setup);
    const segment = d.state.agenda.segments.find((s) => s.kind === 'panel');
    expect(segment && panelTime(segment)).toEqual({ panelists: 7, allocatedMs: 7 * 342_000, eachMs: 342_000, questionsMs: 606_000 });
  });

  it('P4: a template may set the time for questions, 0 included, but must leave the panelists some', () => {
    const withQuestions = (questionsMin: number) => ({
      ...DEFAULT_TEMPLATE,
      segments: DEFAULT_TEMPLATE.segments.map((s) => (s.kind === 'panel' ? { ...s, questionsMin } : s)),
    });
    const allocations = (questionsMin: number) =>
      setupFromTemplate(TemplateSchema.parse(withQuestions(questionsMin)))
        .segments.find((s) => s.kind === 'panel')
        ?.panel.map((slot) => slot.allocationMs);
    expect(allocations(15)).toEqual(Array(7).fill(5 * MINUTE));
    expect(allocations(0)).toEqual(Array(7).fill(428_000));
    const refused = TemplateSchema.safeParse(withQuestions(50));
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.path).toEqual(['segments', 1, 'questionsMin']);
  });

  it('P4: the time for questions is what the allotted duration leaves after the allocations, never below 0', () => {
    const d = EventDriver.inPanel();
    expect(panelTime(d.segment('s2'))).toEqual({ panelists: 2, allocatedMs: 12 * MINUTE, eachMs: 6 * MINUTE, questionsMs: 18 * MINUTE });
    d.must('mod', 'panel.setAllocation', { segmentId: 's2', personId: 'bo', allocationMs: 5 * MINUTE });
    expect(panelTime(d.segment('s2'))).toEqual({ panelists: 2, allocatedMs: 11 * MINUTE, eachMs: null, questionsMs: 19 * MINUTE });
    d.must('mod', 'agenda.adjust', { deltaMs: 5 * MINUTE });
    expect(panelTime(d.segment('s2')).questionsMs).toBe(24 * MINUTE);
    d.must('mod', 'panel.setAllocation', { segmentId: 's2', personId: 'ana', allocationMs: 40 * MINUTE });
    expect(panelTime(d.segment('s2')).questionsMs).toBe(0);
  });
});
