/**
 * Latency stamps. Every process of the benchmark runs on one machine and reads one clock,
 * so a delivery's latency is simply its receive time minus the sender's emit time. Chat
 * texts and hand topics carry the emit time and the sender's index at their start
 * (`#t<epoch ms>#c<index> …`); commands without text (the moderator's and the speakers')
 * are matched to their emit time by seq after the run.
 */

/** Milliseconds since the epoch with microsecond resolution, comparable across processes. */
export function now(): number {
  return performance.timeOrigin + performance.now();
}

export function stampText(emitAt: number, sender: number, rest: string): string {
  return `#t${emitAt.toFixed(3)}#c${sender} ${rest}`;
}

export interface Stamp {
  emitAt: number;
  sender: number;
}

export function readStamp(text: string): Stamp | null {
  if (!text.startsWith('#t')) return null;
  const c = text.indexOf('#c', 2);
  const space = text.indexOf(' ', c);
  if (c < 0 || space < 0) return null;
  const emitAt = Number(text.slice(2, c));
  const sender = Number(text.slice(c + 2, space));
  return Number.isFinite(emitAt) && Number.isInteger(sender) ? { emitAt, sender } : null;
}

/** What kind of delivery an entry is, for the latency tables. */
export type DeliveryKind = 'chat' | 'hand' | 'moderation' | 'registration';
export const DELIVERY_KINDS: readonly DeliveryKind[] = ['chat', 'hand', 'moderation', 'registration'];

/** The parts of an entry the benchmark reads; the rest is not looked at. */
export interface WireEntry {
  seq: number;
  actor: { id: string; role: string };
  command: { type: string; payload: Record<string, unknown> };
}

export function kindOf(entry: WireEntry): DeliveryKind {
  switch (entry.command.type) {
    case 'chat.send':
      return 'chat';
    case 'queue.raise':
    case 'queue.lower':
      return 'hand';
    case 'people.join':
    case 'people.counted':
      return 'registration';
    default:
      return 'moderation';
  }
}

export function stampOf(entry: WireEntry): Stamp | null {
  const { payload } = entry.command;
  const text = entry.command.type === 'chat.send' ? payload.text : entry.command.type === 'queue.raise' ? payload.topic : undefined;
  return typeof text === 'string' ? readStamp(text) : null;
}
