/**
 * Clock arithmetic over deadlines. State holds start times and paused time, never
 * "seconds left"; these helpers turn them into what a screen shows at a given server time.
 */
import type { EventState, Segment, Turn } from './state.ts';

export interface ClockReading {
  elapsedMs: number;
  allottedMs: number;
  /** Never negative; zero once the time is up. */
  remainingMs: number;
  /** How far past the allotted time; zero while within it. */
  overrunMs: number;
  paused: boolean;
}

function reading(startedAt: number, allottedMs: number, pausedMs: number, stoppedAt: number | null, now: number): ClockReading {
  const end = stoppedAt ?? now;
  const elapsedMs = Math.max(0, end - startedAt - pausedMs);
  return {
    elapsedMs,
    allottedMs,
    remainingMs: Math.max(0, allottedMs - elapsedMs),
    overrunMs: Math.max(0, elapsedMs - allottedMs),
    paused: stoppedAt !== null,
  };
}

/** The live clock of a segment; a segment not yet started reads its full duration. */
export function segmentClock(segment: Segment, now: number): ClockReading {
  if (segment.startedAt === null) return reading(now, segment.durationMs, 0, now, now);
  return reading(segment.startedAt, segment.durationMs, segment.pausedMs, segment.pausedAt ?? segment.leftAt, now);
}

/** The live clock of a speaking turn. */
export function turnClock(turn: Turn, now: number): ClockReading {
  return reading(turn.startedAt, turn.allottedMs, turn.pausedMs, turn.pausedAt, now);
}

/** When each segment was planned to start, from the scheduled start (or the actual start when none was set). */
export function plannedStarts(state: EventState): Array<number | null> {
  const origin = state.scheduledStartAt ?? state.startedAt;
  let t = origin;
  return state.agenda.segments.map((s) => {
    const start = t;
    if (t !== null) t += s.plannedMs;
    return start;
  });
}

export interface ScheduleReading {
  /** Planned end of the whole event, or null when it has neither a scheduled nor an actual start. */
  plannedEndAt: number | null;
  /** Expected end if every remaining segment takes its allotted time. */
  projectedEndAt: number | null;
  /** projected − planned: positive means running late. */
  lateByMs: number;
  /** Time left until the projected end. */
  remainingMs: number;
}

/** "Running 7 min late": planned against projected end of the event at server time `now`. */
export function scheduleReading(state: EventState, now: number): ScheduleReading {
  const segments = state.agenda.segments;
  const origin = state.scheduledStartAt ?? state.startedAt;
  const plannedTotal = segments.reduce((sum, s) => sum + s.plannedMs, 0);
  const plannedEndAt = origin === null ? null : origin + plannedTotal;
  if (state.status === 'ended') {
    const end = state.endedAt ?? now;
    return { plannedEndAt, projectedEndAt: end, lateByMs: plannedEndAt === null ? 0 : end - plannedEndAt, remainingMs: 0 };
  }
  const current = state.agenda.current;
  let projected = now;
  segments.forEach((s, i) => {
    if (i < current) return;
    projected += s.startedAt === null ? s.durationMs : segmentClock(s, now).remainingMs;
  });
  if (state.status === 'scheduled') {
    const start = Math.max(now, state.scheduledStartAt ?? now);
    projected = start + segments.reduce((sum, s) => sum + s.durationMs, 0);
  }
  return {
    plannedEndAt,
    projectedEndAt: projected,
    lateByMs: plannedEndAt === null ? 0 : projected - plannedEndAt,
    remainingMs: Math.max(0, projected - now),
  };
}

/** Offset to add to the local clock to read the server's, from the ping sample with the smallest round trip. */
export function clockOffset(samples: ReadonlyArray<{ clientSentAt: number; serverAt: number; clientReceivedAt: number }>): number {
  let best: { rtt: number; offset: number } | null = null;
  for (const s of samples) {
    const rtt = s.clientReceivedAt - s.clientSentAt;
    const offset = s.serverAt + rtt / 2 - s.clientReceivedAt;
    if (best === null || rtt < best.rtt) best = { rtt, offset };
  }
  return best?.offset ?? 0;
}
