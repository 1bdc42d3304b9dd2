/** The speaker queue: hands, points of order, and the order the floor will be given in. */
import type { HandKind } from '../constants.ts';
import type { EventState, Hand } from '../state.ts';
import { type EntryOf, type Outcome, personOf, reject } from './common.ts';

/** Points of order first, then restored hands, then ordinary hands. */
function block(hand: Hand): number {
  if (hand.kind === 'pointOfOrder') return 0;
  return hand.restored ? 1 : 2;
}

/**
 * How two hands compare in the order in force. Equal hands keep their current relative
 * position (the sort is stable), which is how first come keeps arrival order and a
 * moderator's moves. Balanced (Q7): those who have not spoken first, then the region least
 * heard by speaking time, first come within a tier.
 */
function handOrder(state: EventState): (a: Hand, b: Hand) => number {
  const { order } = state.queue;
  const { speakers, regions } = state.floor;
  const tier = (h: Hand) => ((speakers[h.person.id]?.turns ?? 0) === 0 ? 0 : 1);
  return (a, b) => {
    const blocks = block(a) - block(b);
    if (blocks !== 0 || block(a) !== 2 || order === 'firstCome') return blocks;
    const tiers = tier(a) - tier(b);
    if (tiers !== 0) return tiers;
    if (tier(a) === 1) {
      const heard = regions[a.person.region] - regions[b.person.region];
      if (heard !== 0) return heard;
    }
    return a.raisedSeq - b.raisedSeq;
  };
}

/** Put the whole queue in the order in force: after a mode switch, a move, or a change of speaking time. */
export function withHands(state: EventState, hands: readonly Hand[]): EventState {
  return { ...state, queue: { ...state.queue, hands: [...hands].sort(handOrder(state)) } };
}

/** Insert one hand where the order puts it, after every hand it does not go ahead of: O(n), no re-sort. */
export function withHandAdded(state: EventState, hand: Hand): EventState {
  const compare = handOrder(state);
  const hands = state.queue.hands;
  let at = hands.length;
  while (at > 0 && compare(hands[at - 1]!, hand) > 0) at--;
  return { ...state, queue: { ...state.queue, hands: [...hands.slice(0, at), hand, ...hands.slice(at)] } };
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
  return withHandAdded(state, hand);
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
