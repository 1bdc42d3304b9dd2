/**
 * A panel segment's turns and time: who speaks next in the panel order (P5), and how the
 * segment's time divides between the panelists and the questions after them (P4). Pure.
 */
import { DEFAULTS } from './constants.ts';
import { currentSegment } from './reducer/common.ts';
import type { EventState, PanelSlot, Segment } from './state.ts';

const SECOND = 1000;

/**
 * The panelist the panel order calls next (P5): the first in order who has not spoken in
 * this segment, else the one who has spoken least (the earlier in order on a tie), never the
 * one holding the floor. Null unless the event is live in a panel segment, or when nobody else
 * is on the panel.
 */
export function nextPanelist(state: EventState): PanelSlot | null {
  if (state.status !== 'live') return null;
  const segment = currentSegment(state);
  if (segment?.kind !== 'panel') return null;
  const speaking = state.floor.current?.person.id;
  const waiting = segment.panel.filter((slot) => slot.personId !== speaking);
  return (
    waiting.find((slot) => slot.turns === 0) ??
    waiting.reduce<PanelSlot | null>((least, slot) => (least && least.spokenMs <= slot.spokenMs ? least : slot), null)
  );
}

/**
 * The time a panel keeps for questions unless its template says otherwise (P4): a fifth of
 * the segment, to the second (10:00 of a 50-minute panel).
 */
export function defaultQuestionsMs(durationMs: number): number {
  return Math.round((durationMs * DEFAULTS.panelQuestionsShare) / SECOND) * SECOND;
}

/**
 * Each panelist's default allocation (P4): the segment's time less the time kept for
 * questions, shared evenly and rounded down to the second, so the turns never eat into the
 * questions. 50 minutes, 10 for questions, 7 panelists: 5:42 each.
 */
export function panelistShareMs(durationMs: number, questionsMs: number, panelists: number): number {
  if (panelists === 0) return 0;
  return Math.floor(Math.max(0, durationMs - questionsMs) / panelists / SECOND) * SECOND;
}

export interface PanelTime {
  panelists: number;
  /** The sum of the panelists' allocations. */
  allocatedMs: number;
  /** Every panelist's allocation when they are all the same, else null. */
  eachMs: number | null;
  /** What the segment's allotted time leaves for questions after every allocation, never below 0. */
  questionsMs: number;
}

/** How a panel segment's time divides now (P4), for the panel card: "7 panelists × 5:42 · Q&A 10:06". */
export function panelTime(segment: Segment): PanelTime {
  const allocatedMs = segment.panel.reduce((sum, slot) => sum + slot.allocationMs, 0);
  const first = segment.panel[0]?.allocationMs ?? null;
  return {
    panelists: segment.panel.length,
    allocatedMs,
    eachMs: segment.panel.every((slot) => slot.allocationMs === first) ? first : null,
    questionsMs: Math.max(0, segment.durationMs - allocatedMs),
  };
}
