/**
 * The speaking clock: green, amber in the last 30 s, red and counting up when over. Colour is
 * never the only signal (WD34): an icon and a word say each state too, and so does its name.
 */
import type { Segment, Turn } from '../../../shared/state.ts';
import { type ClockReading, segmentClock, turnClock } from '../../../shared/time.ts';
import { clockText, timerTone } from '../format.ts';
import { t } from '../i18n/index.ts';
import { serverNow } from '../store.ts';

const ICONS = { ok: '●', warn: '◆', over: '▲' } as const;
const WORDS = { ok: 'timer.left', warn: 'timer.warn', over: 'timer.over' } as const;

/** The clock's state as an icon and a word: "◆ almost up", "▲ over time", "❚❚ paused". */
export function clockSignal(reading: ClockReading): { icon: string; word: string } {
  if (reading.paused) return { icon: '❚❚', word: t('timer.paused') };
  const tone = timerTone(reading);
  return { icon: ICONS[tone], word: t(WORDS[tone]) };
}

function ClockFace({ reading, size, kind }: { reading: ClockReading; size: 'small' | 'medium' | 'large' | 'huge'; kind: 'turn' | 'segment' }) {
  const tone = timerTone(reading);
  const text = clockText(reading);
  const { icon, word: state } = clockSignal(reading);
  const label = kind === 'turn' ? t('timer.turnLabel') : t('timer.segmentLabel');
  return (
    <div
      class={`timer timer--${tone} timer--${size}${reading.paused ? ' timer--paused' : ''}`}
      role="timer"
      aria-label={`${label}: ${text}, ${state}`}
      data-clock={kind}
      data-tone={tone}
    >
      <span class="timer__icon" aria-hidden="true">
        {icon}
      </span>
      <span class="timer__value">{text}</span>
      <span class="timer__state">{state}</span>
    </div>
  );
}

export function SpeakerTimer({ turn, size = 'medium' }: { turn: Turn; size?: 'small' | 'medium' | 'large' | 'huge' }) {
  return <ClockFace reading={turnClock(turn, serverNow.value)} size={size} kind="turn" />;
}

export function SegmentTimer({ segment, size = 'small' }: { segment: Segment; size?: 'small' | 'medium' | 'large' | 'huge' }) {
  return <ClockFace reading={segmentClock(segment, serverNow.value)} size={size} kind="segment" />;
}
