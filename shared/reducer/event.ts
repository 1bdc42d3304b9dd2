/** Creating, starting and ending the event. */
import { DEFAULTS } from '../constants.ts';
import type { EventState } from '../state.ts';
import { enterSegment, leaveSegment } from './agenda.ts';
import { type EntryOf, type Outcome, reject, requireLive } from './common.ts';

export function createEvent(state: EventState, entry: EntryOf<'event.create'>): Outcome {
  if (state.title !== '') return reject('conflict', 'the event already exists');
  const setup = entry.command.payload;
  return {
    ...state,
    title: setup.title,
    description: setup.description,
    callUrl: setup.callUrl,
    scheduledStartAt: setup.scheduledStartAt,
    roster: setup.roster,
    privacy: { k: setup.privacy.k, groups: {} },
    agenda: {
      current: -1,
      segments: setup.segments.map((s) => ({
        id: s.id,
        title: s.title,
        format: s.format,
        kind: s.kind,
        plannedMs: s.plannedMs,
        durationMs: s.plannedMs,
        speakingLimitMs: s.speakingLimitMs || DEFAULTS.speakingLimitMs,
        startedAt: null,
        leftAt: null,
        pausedAt: null,
        pausedMs: 0,
        panel: s.panel.map((p) => ({ personId: p.personId, allocationMs: p.allocationMs, spokenMs: 0, turns: 0 })),
      })),
    },
  };
}

export function startEvent(state: EventState, entry: EntryOf<'event.start'>): Outcome {
  if (state.status === 'live') return reject('already_started', 'the event is already running');
  if (state.status === 'ended') return reject('ended', 'the event has ended');
  if (state.agenda.segments.length === 0) return reject('conflict', 'the agenda has no segment');
  const live: EventState = { ...state, status: 'live', startedAt: entry.at };
  return enterSegment(live, 0, entry.at);
}

export function endEvent(state: EventState, entry: EntryOf<'event.end'>): Outcome {
  const notLive = requireLive(state);
  if (notLive) return notLive;
  const left = leaveSegment(state, entry.at);
  return { ...left, status: 'ended', endedAt: entry.at };
}

/**
 * CL1: a moderator sets, changes or takes away the call link (null). Setting the link in
 * force: `conflict`. Allowed before, during and after the event: people join the call early
 * and stay after.
 */
export function setCallLink(state: EventState, entry: EntryOf<'event.setCallLink'>): Outcome {
  const url = entry.command.payload.url ?? '';
  if (url === state.callUrl) return reject('conflict', url === '' ? 'there is no call link to take away' : 'that is the call link already');
  return { ...state, callUrl: url };
}

/** A8: the scheduled start can move (or be cleared) until the event starts; after that the plan is history. */
export function scheduleEvent(state: EventState, entry: EntryOf<'event.schedule'>): Outcome {
  if (state.status === 'live') return reject('already_started', 'the event has started: its scheduled start can no longer change');
  if (state.status === 'ended') return reject('ended', 'the event has ended');
  return { ...state, scheduledStartAt: entry.command.payload.startAt };
}
