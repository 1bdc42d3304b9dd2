/**
 * The server clock. Pings measure the offset NTP-style; the sample with the smallest round
 * trip wins (shared/time.ts). One 250 ms interval moves `serverNow`, the only signal timers
 * read, so every timer on a screen ticks together and two screens agree to the second.
 */
import { clockOffset } from '../../shared/time.ts';
import { clockOffsetMs, serverNow } from './store.ts';

export interface PingSample {
  clientSentAt: number;
  serverAt: number;
  clientReceivedAt: number;
}

/** Recent samples only: a laptop clock that is corrected mid-event is followed within minutes. */
const KEPT_SAMPLES = 10;
const TICK_MS = 250;
let samples: PingSample[] = [];
let ticker: ReturnType<typeof setInterval> | null = null;

export function tick(): void {
  serverNow.value = Date.now() + clockOffsetMs.value;
}

export function startTicking(): void {
  if (ticker) return;
  tick();
  ticker = setInterval(tick, TICK_MS);
}

export function addPingSample(sample: PingSample): void {
  samples = [...samples.slice(1 - KEPT_SAMPLES), sample];
  clockOffsetMs.value = Math.round(clockOffset(samples));
  tick();
}

export function resetPingSamples(): void {
  samples = [];
}
