/** The speaking clock: green, amber in the last 30 s, red and counting up when over; the words say it too. */
import type { Segment, Turn } from '../../../shared/state.ts';
import { type ClockReading, segmentClock, turnClock } from '../../../shared/time.ts';
import { clockText, timerTone } from '../format.ts';
import { t } from '../i18n/index.ts';
import { serverNow } from '../store.ts';

const ICONS = { ok: '●', warn: '◆', over: '▲' } as const;

function ClockFace({ reading, size, kind }: { reading: ClockReading; size: 'small' | 'medium' | 'large' | 'huge'; kind: 'turn' | 'segment' }) {
  const tone = timerTone(reading);
  const text = clockText(reading);
  const state = reading.paused ? t('timer.paused') : tone === 'over' ? t('timer.over') : t('timer.left');
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
        {reading.paused ? '❚❚' : ICONS[tone]}
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
