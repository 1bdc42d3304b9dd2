/** The agenda: moving between segments, their clocks, and editing the segments still to come. */
import { DEFAULTS, LIMITS } from '../constants.ts';
import type { EventState, Segment } from '../state.ts';
import { segmentClock } from '../time.ts';
import { currentSegment, type EntryOf, type Outcome, reject, requireLive, withSegment } from './common.ts';
import { endTurn } from './floor.ts';
import { closeUnreached } from './questions.ts';

/** Leave the running segment: the turn in progress ends, the segment clock stops, a panel's open questions close (QA9). */
export function leaveSegment(state: EventState, at: number): EventState {
  const index = state.agenda.current;
  const segment = state.agenda.segments[index];
  if (!segment) return state;
  const turnEnded = state.floor.current ? endTurn(state, at) : state;
  const ended = segment.kind === 'panel' ? closeUnreached(turnEnded, segment.id, at) : turnEnded;
  return withSegment(ended, index, (s) => ({
    ...s,
    pausedMs: s.pausedAt === null ? s.pausedMs : s.pausedMs + (at - s.pausedAt),
    pausedAt: null,
    leftAt: at,
  }));
}

/** Enter a segment: first time, its clock starts; coming back, the time away counts as paused. */
export function enterSegment(state: EventState, index: number, at: number): EventState {
  const entered = withSegment(state, index, (s) => {
    if (s.startedAt === null) return { ...s, startedAt: at, leftAt: null };
    return { ...s, pausedMs: s.pausedMs + (at - (s.leftAt ?? at)), leftAt: null };
  });
  return { ...entered, agenda: { ...entered.agenda, current: index } };
}

function moveTo(state: EventState, index: number, at: number): EventState {
  return enterSegment(leaveSegment(state, at), index, at);
}

export function nextSegment(state: EventState, entry: EntryOf<'agenda.next'>): Outcome {
  const notLive = requireLive(state);
  if (notLive) return notLive;
  const next = state.agenda.current + 1;
  if (next >= state.agenda.segments.length) return reject('conflict', 'this is the last segment: end the event instead');
  return moveTo(state, next, entry.at);
}

export function previousSegment(state: EventState, entry: EntryOf<'agenda.previous'>): Outcome {
  const notLive = requireLive(state);
  if (notLive) return notLive;
  if (state.agenda.current <= 0) return reject('conflict', 'this is the first segment');
  return moveTo(state, state.agenda.current - 1, entry.at);
}

export function gotoSegment(state: EventState, entry: EntryOf<'agenda.goto'>): Outcome {
  const notLive = requireLive(state);
  if (notLive) return notLive;
  const index = state.agenda.segments.findIndex((s) => s.id === entry.command.payload.segmentId);
  if (index < 0) return reject('not_found', 'no such segment');
  if (index === state.agenda.current) return reject('conflict', 'that segment is already running');
  return moveTo(state, index, entry.at);
}

export function pauseSegment(state: EventState, entry: EntryOf<'agenda.pause'>): Outcome {
  const notLive = requireLive(state);
  if (notLive) return notLive;
  const segment = currentSegment(state);
  if (!segment || segment.pausedAt !== null) return reject('conflict', 'the segment clock is already paused');
  return withSegment(state, state.agenda.current, (s) => ({ ...s, pausedAt: entry.at }));
}

export function resumeSegment(state: EventState, entry: EntryOf<'agenda.resume'>): Outcome {
  const notLive = requireLive(state);
  if (notLive) return notLive;
  const segment = currentSegment(state);
  if (!segment || segment.pausedAt === null) return reject('conflict', 'the segment clock is not paused');
  return withSegment(state, state.agenda.current, (s) => ({
    ...s,
    pausedMs: s.pausedMs + (entry.at - (s.pausedAt ?? entry.at)),
    pausedAt: null,
  }));
}

/** Extend (positive) or shorten (negative) the running segment; it never goes below what has elapsed. */
export function adjustSegment(state: EventState, entry: EntryOf<'agenda.adjust'>): Outcome {
  const notLive = requireLive(state);
  if (notLive) return notLive;
  const segment = currentSegment(state);
  if (!segment) return reject('conflict', 'no segment is running');
  const { elapsedMs } = segmentClock(segment, entry.at);
  const durationMs = Math.min(LIMITS.maxDurationMs, Math.max(segment.durationMs + entry.command.payload.deltaMs, elapsedMs, 0));
  return withSegment(state, state.agenda.current, (s) => ({ ...s, durationMs }));
}

function editable(state: EventState, segmentId: string): { index: number; segment: Segment } | ReturnType<typeof reject> {
  const index = state.agenda.segments.findIndex((s) => s.id === segmentId);
  const segment = state.agenda.segments[index];
  if (!segment) return reject('not_found', 'no such segment');
  if (segment.startedAt !== null) return reject('segment_started', 'a segment that has started can no longer be edited');
  return { index, segment };
}

/** The first index a new or moved segment may take: after every segment that has started. */
function firstFreeIndex(state: EventState): number {
  let free = 0;
  state.agenda.segments.forEach((s, i) => {
    if (s.startedAt !== null) free = i + 1;
  });
  return free;
}

function ended(state: EventState) {
  return state.status === 'ended' ? reject('ended', 'the event has ended') : null;
}

export function addSegment(state: EventState, entry: EntryOf<'agenda.addSegment'>): Outcome {
  const isEnded = ended(state);
  if (isEnded) return isEnded;
  if (state.agenda.segments.length >= LIMITS.segments) return reject('conflict', `an agenda holds at most ${LIMITS.segments} segments`);
  const { segment: draft, index } = entry.command.payload;
  const at = index ?? state.agenda.segments.length;
  if (at < firstFreeIndex(state) || at > state.agenda.segments.length) {
    return reject('segment_started', 'new segments go after the segments that have started');
  }
  // `s<seq>` may already be taken by a setup segment (templates number theirs s1, s2…).
  let id = `s${entry.seq}`;
  for (let n = 2; state.agenda.segments.some((s) => s.id === id); n++) id = `s${entry.seq}-${n}`;
  const segment: Segment = {
    id,
    title: draft.title,
    format: draft.format,
    kind: draft.kind,
    plannedMs: draft.durationMs,
    durationMs: draft.durationMs,
    speakingLimitMs: draft.speakingLimitMs ?? (draft.kind === 'plenary' ? DEFAULTS.plenarySpeakingLimitMs : DEFAULTS.speakingLimitMs),
    startedAt: null,
    leftAt: null,
    pausedAt: null,
    pausedMs: 0,
    panel: [],
  };
  const segments = [...state.agenda.segments.slice(0, at), segment, ...state.agenda.segments.slice(at)];
  const current = state.agenda.current >= at ? state.agenda.current + 1 : state.agenda.current;
  return { ...state, agenda: { segments, current } };
}

export function removeSegment(state: EventState, entry: EntryOf<'agenda.removeSegment'>): Outcome {
  const isEnded = ended(state);
  if (isEnded) return isEnded;
  const found = editable(state, entry.command.payload.segmentId);
  if ('rejected' in found) return found;
  if (state.agenda.segments.length === 1) return reject('conflict', 'the agenda needs at least one segment');
  const segments = state.agenda.segments.filter((_, i) => i !== found.index);
  const current = state.agenda.current > found.index ? state.agenda.current - 1 : state.agenda.current;
  return { ...state, agenda: { segments, current } };
}

export function moveSegment(state: EventState, entry: EntryOf<'agenda.moveSegment'>): Outcome {
  const isEnded = ended(state);
  if (isEnded) return isEnded;
  const found = editable(state, entry.command.payload.segmentId);
  if ('rejected' in found) return found;
  const rest = state.agenda.segments.filter((_, i) => i !== found.index);
  const to = entry.command.payload.index;
  // A segment skipped by `goto` sits before started ones: taking it out shifts them down one.
  const free = firstFreeIndex(state) - (found.index < firstFreeIndex(state) ? 1 : 0);
  if (to < free || to > rest.length) return reject('segment_started', 'segments can only move among those not yet started');
  const segments = [...rest.slice(0, to), found.segment, ...rest.slice(to)];
  const running = state.agenda.segments[state.agenda.current];
  const current = running ? segments.indexOf(running) : state.agenda.current;
  return { ...state, agenda: { segments, current } };
}

export function updateSegment(state: EventState, entry: EntryOf<'agenda.updateSegment'>): Outcome {
  const isEnded = ended(state);
  if (isEnded) return isEnded;
  const found = editable(state, entry.command.payload.segmentId);
  if ('rejected' in found) return found;
  const { title, format, kind, durationMs } = entry.command.payload;
  return withSegment(state, found.index, (s) => ({
    ...s,
    title: title ?? s.title,
    format: format ?? s.format,
    kind: kind ?? s.kind,
    plannedMs: durationMs ?? s.plannedMs,
    durationMs: durationMs ?? s.durationMs,
  }));
}
