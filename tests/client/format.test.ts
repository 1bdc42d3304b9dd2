/** Clock faces, durations and timer colours: what every timer on every screen shows. */
import { describe, expect, it } from 'vitest';
import {
  clockText,
  formatDuration,
  formatMinutes,
  formatPercent,
  formatSeconds,
  formatTimeOfDay,
  lateMinutes,
  parseDuration,
  timerTone,
  WARN_MS,
} from '../../client/src/format.ts';
import type { ClockReading } from '../../shared/time.ts';

function reading(allottedMs: number, elapsedMs: number, paused = false): ClockReading {
  return { allottedMs, elapsedMs, remainingMs: Math.max(0, allottedMs - elapsedMs), overrunMs: Math.max(0, elapsedMs - allottedMs), paused };
}

describe('timer tone', () => {
  it('is green with time to spare, amber in the last 30 seconds, red once over', () => {
    expect(timerTone(reading(120_000, 0))).toBe('ok');
    expect(timerTone(reading(120_000, 120_000 - WARN_MS - 1))).toBe('ok');
    expect(timerTone(reading(120_000, 120_000 - WARN_MS))).toBe('warn');
    expect(timerTone(reading(120_000, 119_999))).toBe('warn');
    expect(timerTone(reading(120_000, 120_000))).toBe('warn');
    expect(timerTone(reading(120_000, 120_001))).toBe('over');
  });

  it('a turn with nothing allotted (a panelist who used their time) is over at once', () => {
    expect(timerTone(reading(0, 1))).toBe('over');
  });
});

describe('clock text', () => {
  it('counts down rounding up, so a fresh two-minute turn reads 2:00 and 0:00 means time is up', () => {
    expect(clockText(reading(120_000, 0))).toBe('2:00');
    expect(clockText(reading(120_000, 400))).toBe('2:00');
    expect(clockText(reading(120_000, 1000))).toBe('1:59');
    expect(clockText(reading(120_000, 119_001))).toBe('0:01');
    expect(clockText(reading(120_000, 120_000))).toBe('0:00');
  });

  it('counts the overrun up with a plus sign', () => {
    expect(clockText(reading(120_000, 120_500))).toBe('+0:00');
    expect(clockText(reading(120_000, 132_000))).toBe('+0:12');
    expect(clockText(reading(60_000, 60_000 + 3_725_000))).toBe('+1:02:05');
  });

  it('formats seconds as m:ss or h:mm:ss', () => {
    expect(formatSeconds(0)).toBe('0:00');
    expect(formatSeconds(65)).toBe('1:05');
    expect(formatSeconds(3600)).toBe('1:00:00');
    expect(formatSeconds(-5)).toBe('0:00');
  });
});

describe('durations and times of day', () => {
  it('rounds lengths of time up to the minute', () => {
    expect(formatMinutes(0)).toBe('0 min');
    expect(formatMinutes(1)).toBe('1 min');
    expect(formatMinutes(45 * 60_000)).toBe('45 min');
    expect(formatMinutes(70 * 60_000)).toBe('1 h 10 min');
    expect(formatMinutes(120 * 60_000)).toBe('2 h');
  });

  it("WD25: writes lengths of time and shares in the reader's language, Arabic with Western digits", () => {
    expect(formatMinutes(70 * 60_000, 'fr')).toMatch(/^1\sh\s10\smin$/);
    expect(formatMinutes(45 * 60_000, 'ar-u-nu-latn')).toBe('45 د');
    expect(formatMinutes(70 * 60_000, 'ar-u-nu-latn')).toBe('1 س و10 د');
    expect(formatMinutes(120 * 60_000, 'ar-u-nu-latn')).toBe('2 س');
    expect(formatPercent(42, 'en-GB')).toBe('42%');
    expect(formatPercent(42, 'ar-u-nu-latn')).toMatch(/^42\D*%\D*$/);
    expect(formatTimeOfDay(Date.UTC(2026, 11, 3, 14, 5), 'ar-u-nu-latn')).toMatch(/\d{1,2}:05/);
  });

  it('reads back a speaking time typed as minutes:seconds or whole minutes, and nothing else', () => {
    expect(parseDuration('5:42')).toBe(342_000);
    expect(parseDuration(' 0:45 ')).toBe(45_000);
    expect(parseDuration('7')).toBe(7 * 60_000);
    expect(parseDuration('75:00')).toBe(75 * 60_000);
    for (const allocation of [342_000, 45_000, 0, 59 * 60_000 + 59_000]) expect(parseDuration(formatDuration(allocation))).toBe(allocation);
    for (const bad of ['', ' ', '5:7', '5:60', '-1', '5.5', '1:02:03', 'five', '5:']) expect(parseDuration(bad)).toBeNull();
  });

  it('rounds lateness to the nearest minute, negative when early', () => {
    expect(lateMinutes(6 * 60_000 + 20_000)).toBe(6);
    expect(lateMinutes(29_000)).toBe(0);
    expect(lateMinutes(-3 * 60_000)).toBe(-3);
  });

  it('writes a time of day as the viewer’s locale does', () => {
    const at = Date.UTC(2024, 5, 1, 14, 5);
    // Node's default time zone in CI may differ: compare against Intl itself, per locale.
    expect(formatTimeOfDay(at, 'en-GB')).toBe(new Intl.DateTimeFormat('en-GB', { hour: 'numeric', minute: '2-digit' }).format(at));
    expect(formatTimeOfDay(at, 'en-US')).toMatch(/(AM|PM)/);
    expect(formatTimeOfDay(at, 'fr')).toMatch(/^\d{1,2}:\d{2}$/);
  });
});
