/** Formatting of clocks, durations and times of day. Pure; times of day use the viewer's own time zone through Intl. */
import type { ClockReading } from '../../shared/time.ts';

/** Under this much time left a clock turns amber. */
export const WARN_MS = 30_000;

export type TimerTone = 'ok' | 'warn' | 'over';

/** Green while there is time, amber in the last 30 s, red once over (the text says so too: colour is never the only signal). */
export function timerTone(reading: ClockReading): TimerTone {
  if (reading.overrunMs > 0) return 'over';
  if (reading.remainingMs <= WARN_MS) return 'warn';
  return 'ok';
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** "4:05" or "1:02:03" for a whole number of seconds. */
export function formatSeconds(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return h > 0 ? `${h}:${pad(m)}:${pad(sec)}` : `${m}:${pad(sec)}`;
}

/**
 * What a clock face shows: the time left counting down (rounded up, so a fresh two-minute
 * turn reads 2:00 and 0:00 means the time is up), or the overrun counting up with a plus sign.
 */
export function clockText(reading: ClockReading): string {
  if (reading.overrunMs > 0) return `+${formatSeconds(reading.overrunMs / 1000)}`;
  return formatSeconds(Math.ceil(reading.remainingMs / 1000));
}

/**
 * A length of time in whole minutes, rounded up: "45 min", "1 h 10 min", "2 h"; in another
 * language than English, its own short units through Intl ("1 س و10 د" in Arabic, WD25).
 */
export function formatMinutes(ms: number, locale = 'en'): string {
  const minutes = Math.ceil(Math.max(0, ms) / 60_000);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (locale.toLowerCase().startsWith('en')) {
    if (h === 0) return `${m} min`;
    return m === 0 ? `${h} h` : `${h} h ${m} min`;
  }
  const unit = (value: number, name: 'hour' | 'minute') => new Intl.NumberFormat(locale, { style: 'unit', unit: name, unitDisplay: 'short' }).format(value);
  if (h === 0) return unit(m, 'minute');
  return m === 0 ? unit(h, 'hour') : new Intl.ListFormat(locale, { style: 'narrow', type: 'unit' }).format([unit(h, 'hour'), unit(m, 'minute')]);
}

/** A whole percentage (0–100) as the reader's language writes it: "42%", "42 %", "42‎%" (WD25). */
export function formatPercent(percent: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'percent' }).format(percent / 100);
}

/** A speaking time such as an allotment: "2:00", "7:08". */
export function formatDuration(ms: number): string {
  return formatSeconds(Math.round(ms / 1000));
}

/**
 * What a moderator types for a speaking time, read back: "5:30" (minutes:seconds) or "5"
 * (whole minutes), in ms; null for anything else. The inverse of `formatDuration` under an hour
 * ("75:00" is read too).
 */
export function parseDuration(text: string): number | null {
  const match = /^\s*(\d{1,4})(?::([0-5]\d))?\s*$/.exec(text);
  if (!match) return null;
  return (Number(match[1]) * 60 + Number(match[2] ?? 0)) * 1000;
}

const timeFormats = new Map<string, Intl.DateTimeFormat>();

/** A time of day in the viewer's time zone, "14:05" or "2:05 PM" as their language writes it. */
export function formatTimeOfDay(at: number, lang: string): string {
  let format = timeFormats.get(lang);
  if (!format) {
    format = new Intl.DateTimeFormat(lang, { hour: 'numeric', minute: '2-digit' });
    timeFormats.set(lang, format);
  }
  return format.format(at);
}

/** The viewer's time zone name, e.g. "Europe/Brussels". */
export function viewerTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** Minutes late (positive) or early (negative), rounded to the nearest minute. */
export function lateMinutes(lateByMs: number): number {
  return Math.round(lateByMs / 60_000);
}
