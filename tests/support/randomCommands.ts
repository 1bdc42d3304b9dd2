/** A seeded mix of commands from every role, for convergence and load tests. */
import type { Role } from '../../shared/constants.ts';
import type { EventState } from '../../shared/state.ts';

/** mulberry32: small, seeded, good enough to pick commands. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

/** A plausible command for this role given what the sender sees; some will be refused, as in life. */
export function randomCommand(random: () => number, role: Role, state: EventState): { type: string; payload: unknown } {
  const hand = state.queue.hands[Math.floor(random() * Math.max(1, state.queue.hands.length))];
  const segment = state.agenda.segments[Math.floor(random() * state.agenda.segments.length)];
  const participantMoves = [
    () => ({ type: 'queue.raise', payload: { topic: random() < 0.5 ? '' : `topic ${Math.floor(random() * 100)}` } }),
    () => ({ type: 'queue.lower', payload: {} }),
    () => ({ type: 'queue.pointOfOrder', payload: { note: 'order!' } }),
    () => ({ type: 'chat.send', payload: { text: `message ${Math.floor(random() * 1e6)}` } }),
    () => ({ type: 'floor.end', payload: {} }),
    () => ({
      type: 'contributions.post',
      payload: { kind: 'practice', title: `title ${Math.floor(random() * 1e6)}`, text: `text ${Math.floor(random() * 1e6)}` },
    }),
  ];
  if (role !== 'moderator') return pick(random, participantMoves)();
  const moderatorMoves = [
    () => ({ type: 'event.start', payload: {} }),
    () => ({ type: 'agenda.next', payload: {} }),
    () => ({ type: 'agenda.previous', payload: {} }),
    () => ({ type: 'agenda.pause', payload: {} }),
    () => ({ type: 'agenda.resume', payload: {} }),
    () => ({ type: 'agenda.adjust', payload: { deltaMs: random() < 0.5 ? 60_000 : -60_000 } }),
    () => ({ type: 'floor.giveNext', payload: {} }),
    () => ({ type: 'floor.give', payload: { personId: hand?.person.id ?? 'peter-kwok' } }),
    () => ({ type: 'floor.end', payload: {} }),
    () => ({ type: 'floor.pause', payload: {} }),
    () => ({ type: 'floor.resume', payload: {} }),
    () => ({ type: 'floor.restoreLast', payload: {} }),
    () => ({ type: 'queue.move', payload: { personId: hand?.person.id ?? 'x', kind: hand?.kind ?? 'hand', position: 1 + Math.floor(random() * 5) } }),
    () => ({ type: 'queue.remove', payload: { personId: hand?.person.id ?? 'x', kind: hand?.kind ?? 'hand' } }),
    () => ({ type: 'queue.lowerAll', payload: {} }),
    () => ({ type: 'queue.setOpen', payload: { open: random() < 0.7 } }),
    () => ({ type: 'queue.setOrder', payload: { order: random() < 0.5 ? 'balanced' : 'firstCome' } }),
    () => ({ type: 'floor.setLimit', payload: { limitMs: 60_000 + Math.floor(random() * 4) * 30_000 } }),
    () => ({ type: 'chat.mute', payload: { personId: hand?.person.id ?? 'x', muted: random() < 0.5 } }),
    () => ({ type: 'chat.delete', payload: { messageId: state.chat.messages.at(-1)?.id ?? 1 } }),
    () => ({ type: 'contributions.hide', payload: { contributionId: state.contributions.items.at(-1)?.id ?? 1, reason: 'off topic' } }),
    () => ({ type: 'agenda.updateSegment', payload: { segmentId: segment?.id ?? 's1', title: `Renamed ${Math.floor(random() * 10)}` } }),
    () => ({ type: 'agenda.addSegment', payload: { segment: { title: 'Extra', kind: 'plenary', durationMs: 300_000 } } }),
    () => ({ type: 'agenda.moveSegment', payload: { segmentId: segment?.id ?? 's1', index: Math.floor(random() * state.agenda.segments.length) } }),
    () => ({ type: 'event.schedule', payload: { startAt: random() < 0.2 ? null : Date.UTC(2030, 0, 1, 9 + Math.floor(random() * 3)) } }),
    () => ({ type: 'floor.extend', payload: { deltaMs: random() < 0.5 ? 30_000 : 60_000 } }),
    () => ({ type: 'announcement.set', payload: { text: `We resume at 14:${10 + Math.floor(random() * 50)}` } }),
    () => ({ type: 'announcement.clear', payload: {} }),
    () => ({ type: 'chat.pin', payload: { messageId: state.chat.messages.at(-1)?.id ?? 1 } }),
    () => ({ type: 'chat.unpin', payload: {} }),
    () => ({ type: 'event.setCallLink', payload: { url: random() < 0.3 ? null : `https://meet.example.org/room-${Math.floor(random() * 3)}` } }),
    () => ({ type: 'panel.setOrder', payload: { segmentId: segment?.id ?? 's2', personIds: (segment?.panel ?? []).map((slot) => slot.personId).reverse() } }),
    () => ({
      type: 'panel.setAllocation',
      payload: { segmentId: segment?.id ?? 's2', personId: segment?.panel[0]?.personId ?? 'x', allocationMs: 60_000 * (1 + Math.floor(random() * 8)) },
    }),
  ];
  return random() < 0.6 ? pick(random, moderatorMoves)() : pick(random, participantMoves)();
}
