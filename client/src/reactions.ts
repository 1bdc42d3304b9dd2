/**
 * Reactions: ephemeral, never in the ledger. The server adds them up per second (one batch
 * per node, so batches add); every screen shows a brief burst, the stage also shows counts
 * over the last seconds.
 */
import { signal } from '@preact/signals';
import type { ReactionKind } from '../../shared/protocol.ts';
import type { MessageKey } from './i18n/messages.ts';

export const REACTIONS: ReadonlyArray<{ kind: ReactionKind; emoji: string; label: MessageKey }> = [
  { kind: 'applause', emoji: '👏', label: 'reaction.applause' },
  { kind: 'heart', emoji: '❤️', label: 'reaction.heart' },
  { kind: 'plusOne', emoji: '👍', label: 'reaction.plusOne' },
  { kind: 'laugh', emoji: '😂', label: 'reaction.laugh' },
];

export function emojiOf(kind: ReactionKind): string {
  return REACTIONS.find((r) => r.kind === kind)?.emoji ?? '';
}

export interface Burst {
  id: number;
  kind: ReactionKind;
  /** Horizontal start, in % of the screen width. */
  left: number;
  /** Stagger within the second, in ms. */
  delay: number;
}

/** At most this many floating emoji per kind and batch: a thousand claps must not be a thousand nodes. */
const MAX_PARTICLES = 6;
const BURST_MS = 2400;
/** The stage's counts cover this window. */
export const COUNT_WINDOW_MS = 10_000;

export const bursts = signal<Burst[]>([]);
/** Reactions of the last seconds, per kind, for the stage display. */
export const recentCounts = signal<Partial<Record<ReactionKind, number>>>({});

let burstId = 0;
let batches: Array<{ at: number; counts: Partial<Record<ReactionKind, number>> }> = [];

/** How many particles a batch of `n` reactions shows: one each up to a few, then it grows slowly. */
export function particlesFor(n: number): number {
  if (n <= 0) return 0;
  return Math.min(MAX_PARTICLES, n <= 3 ? n : 3 + Math.floor(Math.log2(n - 2)));
}

/** Sum the batches still inside the window ending at `now`. */
export function sumWindow(list: typeof batches, now: number): Partial<Record<ReactionKind, number>> {
  const sum: Partial<Record<ReactionKind, number>> = {};
  for (const b of list) {
    if (now - b.at > COUNT_WINDOW_MS) continue;
    for (const [kind, n] of Object.entries(b.counts) as Array<[ReactionKind, number]>) if (n > 0) sum[kind] = (sum[kind] ?? 0) + n;
  }
  return sum;
}

function refreshCounts(): void {
  const now = Date.now();
  batches = batches.filter((b) => now - b.at <= COUNT_WINDOW_MS);
  recentCounts.value = sumWindow(batches, now);
}

export function receiveReactions(counts: Partial<Record<ReactionKind, number>>): void {
  const fresh: Burst[] = [];
  for (const { kind } of REACTIONS) {
    const n = particlesFor(counts[kind] ?? 0);
    for (let i = 0; i < n; i++) fresh.push({ id: ++burstId, kind, left: 8 + Math.random() * 84, delay: Math.round(Math.random() * 600) });
  }
  if (fresh.length === 0) return;
  bursts.value = [...bursts.value, ...fresh];
  const ids = new Set(fresh.map((b) => b.id));
  setTimeout(() => (bursts.value = bursts.value.filter((b) => !ids.has(b.id))), BURST_MS + 700);
  batches.push({ at: Date.now(), counts });
  refreshCounts();
  setTimeout(refreshCounts, COUNT_WINDOW_MS + 50);
}
