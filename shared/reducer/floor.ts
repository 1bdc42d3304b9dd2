/** The floor: who speaks now, their clock, and the record of every turn. */

import type { HandKind, TurnKind } from '../constants.ts';
import { DEFAULTS } from '../constants.ts';
import type { EventState, Hand, PersonRef, Turn, TurnRecord } from '../state.ts';
import { turnClock } from '../time.ts';
import { currentSegment, type EntryOf, type Outcome, reject, requireLive, withSegment } from './common.ts';
import { findHand, withHandAdded, withHands } from './queue.ts';

/** End the turn in progress at `at`: record it, and count it unless it was a point of order (F6). */
export function endTurn(state: EventState, at: number): EventState {
  const turn = state.floor.current;
  if (!turn) return state;
  const spokenMs = turnClock(turn, at).elapsedMs;
  const record: TurnRecord = {
    person: turn.person,
    kind: turn.kind,
    segmentId: turn.segmentId,
    startedAt: turn.startedAt,
    spokenMs,
    allottedMs: turn.allottedMs,
  };
  const counted = turn.kind !== 'pointOfOrder';
  // Own keys only: a person id such as "constructor" must not read Object.prototype.
  const before = (Object.hasOwn(state.floor.speakers, turn.person.id) ? state.floor.speakers[turn.person.id] : undefined) ?? { turns: 0, spokenMs: 0 };
  const floor = {
    ...state.floor,
    current: null,
    last: record,
    history: [...state.floor.history, record],
    speakers: counted ? { ...state.floor.speakers, [turn.person.id]: { turns: before.turns + 1, spokenMs: before.spokenMs + spokenMs } } : state.floor.speakers,
    regions: counted ? { ...state.floor.regions, [turn.person.region]: state.floor.regions[turn.person.region] + spokenMs } : state.floor.regions,
  };
  let next: EventState = { ...state, floor };
  if (turn.kind === 'panel') {
    const index = next.agenda.segments.findIndex((s) => s.id === turn.segmentId);
    next = withSegment(next, index, (s) => ({
      ...s,
      panel: s.panel.map((p) => (p.personId === turn.person.id ? { ...p, spokenMs: p.spokenMs + spokenMs, turns: p.turns + 1 } : p)),
    }));
  }
  // Speaking time changed: a balanced queue re-sorts (Q7).
  return next.queue.order === 'balanced' ? withHands(next, next.queue.hands) : next;
}

function startTurn(state: EventState, at: number, person: PersonRef, kind: TurnKind, topic: string): EventState {
  const ended = endTurn(state, at);
  const segment = currentSegment(ended);
  if (!segment) return ended;
  let allottedMs = segment.speakingLimitMs;
  if (kind === 'pointOfOrder') allottedMs = DEFAULTS.pointOfOrderMs;
  if (kind === 'panel') {
    const slot = segment.panel.find((p) => p.personId === person.id);
    allottedMs = slot ? Math.max(0, slot.allocationMs - slot.spokenMs) : allottedMs;
  }
  const turn: Turn = { person, kind, topic, segmentId: segment.id, startedAt: at, allottedMs, pausedAt: null, pausedMs: 0 };
  return { ...ended, floor: { ...ended.floor, current: turn } };
}

function turnFromHand(state: EventState, hand: Hand, at: number): EventState {
  const without = { ...state, queue: { ...state.queue, hands: state.queue.hands.filter((h) => h !== hand) } };
  return startTurn(without, at, hand.person, hand.kind === 'pointOfOrder' ? 'pointOfOrder' : 'hand', hand.topic);
}

export function giveFloorToNext(state: EventState, entry: EntryOf<'floor.giveNext'>): Outcome {
  const notLive = requireLive(state);
  if (notLive) return notLive;
  const hand = state.queue.hands[0];
  if (!hand) return reject('not_in_queue', 'nobody is waiting in the queue');
  return turnFromHand(state, hand, entry.at);
}

/**
 * Give the floor to a chosen person: their hand if they have one (a point of order first
 * unless `kind` says otherwise), else a member of the roster (a panelist in the panel).
 */
export function giveFloor(state: EventState, entry: EntryOf<'floor.give'>): Outcome {
  const notLive = requireLive(state);
  if (notLive) return notLive;
  const { personId, kind } = entry.command.payload;
  const kinds: HandKind[] = kind ? [kind] : ['pointOfOrder', 'hand'];
  for (const k of kinds) {
    const hand = state.queue.hands[findHand(state, personId, k)];
    if (hand) return turnFromHand(state, hand, entry.at);
  }
  const member = state.roster.find((p) => p.id === personId);
  if (!member || kind) return reject('not_in_queue', 'that person is not in the queue');
  if (state.floor.current?.person.id === personId) return reject('floor_taken', 'that person already has the floor');
  const segment = currentSegment(state);
  const onPanel = segment?.kind === 'panel' && segment.panel.some((p) => p.personId === personId);
  const person: PersonRef = { id: member.id, name: member.name, community: member.community, region: member.region, country: member.country };
  return startTurn(state, entry.at, person, onPanel ? 'panel' : 'invited', '');
}

export function endFloor(state: EventState, entry: EntryOf<'floor.end'>): Outcome {
  const turn = state.floor.current;
  if (!turn) return reject('no_floor', 'nobody has the floor');
  if (entry.actor.role !== 'moderator' && entry.actor.id !== turn.person.id) {
    return reject('forbidden', 'only the speaker or a moderator can end this turn');
  }
  return endTurn(state, entry.at);
}

export function pauseFloor(state: EventState, entry: EntryOf<'floor.pause'>): Outcome {
  const turn = state.floor.current;
  if (!turn) return reject('no_floor', 'nobody has the floor');
  if (turn.pausedAt !== null) return reject('conflict', "the speaker's clock is already paused");
  return { ...state, floor: { ...state.floor, current: { ...turn, pausedAt: entry.at } } };
}

export function resumeFloor(state: EventState, entry: EntryOf<'floor.resume'>): Outcome {
  const turn = state.floor.current;
  if (!turn) return reject('no_floor', 'nobody has the floor');
  if (turn.pausedAt === null) return reject('conflict', "the speaker's clock is not paused");
  const resumed: Turn = { ...turn, pausedMs: turn.pausedMs + (entry.at - turn.pausedAt), pausedAt: null };
  return { ...state, floor: { ...state.floor, current: resumed } };
}

/** F12: more time for the speaker now (+30 s, +1 min): their allotment grows; a turn without a limit has none to grow. */
export function extendFloor(state: EventState, entry: EntryOf<'floor.extend'>): Outcome {
  const turn = state.floor.current;
  if (!turn) return reject('no_floor', 'nobody has the floor');
  if (turn.allottedMs === 0) return reject('conflict', 'this turn has no time limit');
  return { ...state, floor: { ...state.floor, current: { ...turn, allottedMs: turn.allottedMs + entry.command.payload.deltaMs } } };
}

/** Put the last speaker back at the top of the queue, ahead of every ordinary hand. */
export function restoreLastSpeaker(state: EventState, entry: EntryOf<'floor.restoreLast'>): Outcome {
  const last = state.floor.last;
  if (!last) return reject('not_found', 'nobody has spoken yet');
  if (state.status === 'ended') return reject('ended', 'the event has ended');
  if (state.floor.current?.person.id === last.person.id) return reject('floor_taken', 'the last speaker has the floor');
  if (findHand(state, last.person.id, 'hand') >= 0) return reject('already_in_queue', 'the last speaker is already in the queue');
  const hand: Hand = { person: last.person, kind: 'hand', topic: '', raisedAt: entry.at, raisedSeq: entry.seq, restored: true };
  return withHandAdded(state, hand);
}

export function setSpeakingLimit(state: EventState, entry: EntryOf<'floor.setLimit'>): Outcome {
  const { segmentId, limitMs } = entry.command.payload;
  const index = segmentId ? state.agenda.segments.findIndex((s) => s.id === segmentId) : state.agenda.current;
  if (index < 0 || !state.agenda.segments[index]) return reject('not_found', segmentId ? 'no such segment' : 'no segment is running');
  return withSegment(state, index, (s) => ({ ...s, speakingLimitMs: limitMs }));
}

function panelSegment(state: EventState, segmentId: string) {
  const index = state.agenda.segments.findIndex((s) => s.id === segmentId);
  const segment = state.agenda.segments[index];
  if (!segment) return reject('not_found', 'no such segment');
  if (segment.kind !== 'panel') return reject('conflict', 'that segment is not a panel');
  return { index, segment };
}

export function setPanelAllocation(state: EventState, entry: EntryOf<'panel.setAllocation'>): Outcome {
  const { segmentId, personId, allocationMs } = entry.command.payload;
  const found = panelSegment(state, segmentId);
  if ('rejected' in found) return found;
  if (!state.roster.some((p) => p.id === personId)) return reject('not_found', 'that person is not on the roster');
  return withSegment(state, found.index, (s) => ({
    ...s,
    panel: s.panel.some((p) => p.personId === personId)
      ? s.panel.map((p) => (p.personId === personId ? { ...p, allocationMs } : p))
      : [...s.panel, { personId, allocationMs, spokenMs: 0, turns: 0 }],
  }));
}

export function setPanelOrder(state: EventState, entry: EntryOf<'panel.setOrder'>): Outcome {
  const { segmentId, personIds } = entry.command.payload;
  const found = panelSegment(state, segmentId);
  if ('rejected' in found) return found;
  const current = found.segment.panel;
  const same =
    personIds.length === current.length && new Set(personIds).size === personIds.length && personIds.every((id) => current.some((p) => p.personId === id));
  if (!same) return reject('bad_request', 'the new order must list every panelist of the segment exactly once');
  return withSegment(state, found.index, (s) => ({
    ...s,
    panel: personIds.map((id) => s.panel.find((p) => p.personId === id)!),
  }));
}
