/** The speaker queue: hands, points of order, and the order the floor will be given in. */
import type { HandKind } from '../constants.ts';
import type { EventState, Hand } from '../state.ts';
import { type EntryOf, type Outcome, personOf, reject } from './common.ts';

/**
 * The sort key of a hand: points of order first, then restored hands, then ordinary hands by
 * the order in force. Keys of equal rank fall back to the current position, so the sort keeps
 * arrival order and a moderator's moves.
 */
function rank(hand: Hand, state: EventState): number[] {
  if (hand.kind === 'pointOfOrder') return [0];
  if (hand.restored) return [1];
  if (state.queue.order === 'firstCome') return [2];
  const stats = state.floor.speakers[hand.person.id];
  if (!stats || stats.turns === 0) return [2, 0, 0, hand.raisedSeq];
  return [2, 1, state.floor.regions[hand.person.region], hand.raisedSeq];
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * Put the queue in the order in force. First come keeps the current order of ordinary
 * hands (including a moderator's moves); balanced sorts them (Q7). The sort is stable.
 */
export function ordered(state: EventState, hands: readonly Hand[]): Hand[] {
  return hands
    .map((hand, index) => ({ hand, key: [...rank(hand, state), index] }))
    .sort((a, b) => compare(a.key, b.key))
    .map((x) => x.hand);
}

export function withHands(state: EventState, hands: readonly Hand[]): EventState {
  return { ...state, queue: { ...state.queue, hands: ordered(state, hands) } };
}

export function findHand(state: EventState, personId: string, kind: HandKind): number {
  return state.queue.hands.findIndex((h) => h.person.id === personId && h.kind === kind);
}

/** 1-based position of a person's hand of this kind, or null. */
export function queuePosition(state: EventState, personId: string, kind: HandKind = 'hand'): number | null {
  const i = findHand(state, personId, kind);
  return i < 0 ? null : i + 1;
}

function addHand(state: EventState, entry: EntryOf<'queue.raise' | 'queue.pointOfOrder'>, kind: HandKind, topic: string): Outcome {
  if (state.status === 'ended') return reject('ended', 'the event has ended');
  if (kind === 'hand' && !state.queue.open) return reject('queue_closed', 'the queue is closed');
  if (findHand(state, entry.actor.id, kind) >= 0) {
    return reject('already_in_queue', kind === 'hand' ? 'your hand is already raised' : 'you already have a point of order waiting');
  }
  if (kind === 'hand' && state.floor.current?.person.id === entry.actor.id) return reject('conflict', 'you have the floor');
  const hand: Hand = { person: personOf(entry.actor), kind, topic, raisedAt: entry.at, raisedSeq: entry.seq, restored: false };
  return withHands(state, [...state.queue.hands, hand]);
}

export function raiseHand(state: EventState, entry: EntryOf<'queue.raise'>): Outcome {
  return addHand(state, entry, 'hand', entry.command.payload.topic);
}

export function raisePointOfOrder(state: EventState, entry: EntryOf<'queue.pointOfOrder'>): Outcome {
  return addHand(state, entry, 'pointOfOrder', entry.command.payload.note);
}

function dropHand(state: EventState, personId: string, kind: HandKind, whose: string): Outcome {
  const index = findHand(state, personId, kind);
  if (index < 0) return reject('not_in_queue', `${whose} not in the queue`);
  return { ...state, queue: { ...state.queue, hands: state.queue.hands.filter((_, i) => i !== index) } };
}

export function lowerHand(state: EventState, entry: EntryOf<'queue.lower'>): Outcome {
  return dropHand(state, entry.actor.id, entry.command.payload.kind, 'you are');
}

export function removeHand(state: EventState, entry: EntryOf<'queue.remove'>): Outcome {
  return dropHand(state, entry.command.payload.personId, entry.command.payload.kind, 'that person is');
}

/** Move a hand to a 1-based position, kept within its own block (points of order stay ahead). */
export function moveHand(state: EventState, entry: EntryOf<'queue.move'>): Outcome {
  const { personId, kind, position } = entry.command.payload;
  if (kind === 'hand' && state.queue.order === 'balanced') {
    return reject('balanced_order', 'balanced order decides this queue: switch to first come to reorder by hand');
  }
  const index = findHand(state, personId, kind);
  const hand = state.queue.hands[index];
  if (!hand) return reject('not_in_queue', 'that person is not in the queue');
  const rest = state.queue.hands.filter((_, i) => i !== index);
  const to = Math.min(position - 1, rest.length);
  // A moved hand is no longer "restored": the moderator has placed it by hand. The re-rank
  // keeps each block intact, so a hand never jumps ahead of a point of order.
  const hands = [...rest.slice(0, to), { ...hand, restored: false }, ...rest.slice(to)];
  return withHands(state, hands);
}

export function lowerAllHands(state: EventState, _entry: EntryOf<'queue.lowerAll'>): Outcome {
  if (state.queue.hands.length === 0) return reject('conflict', 'the queue is already empty');
  return { ...state, queue: { ...state.queue, hands: [] } };
}

export function setQueueOpen(state: EventState, entry: EntryOf<'queue.setOpen'>): Outcome {
  if (state.queue.open === entry.command.payload.open) {
    return reject('conflict', entry.command.payload.open ? 'the queue is already open' : 'the queue is already closed');
  }
  return { ...state, queue: { ...state.queue, open: entry.command.payload.open } };
}

export function setQueueOrder(state: EventState, entry: EntryOf<'queue.setOrder'>): Outcome {
  if (state.queue.order === entry.command.payload.order) return reject('conflict', 'that order is already in force');
  const next: EventState = { ...state, queue: { ...state.queue, order: entry.command.payload.order } };
  return withHands(next, next.queue.hands);
}
