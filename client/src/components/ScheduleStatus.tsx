/** Planned against actual: "running 6 min late", and how long the whole event still takes. */
import { scheduleReading } from '../../../shared/time.ts';
import { formatMinutes, formatTimeOfDay, lateMinutes } from '../format.ts';
import { t } from '../i18n/index.ts';
import { eventState, locale, serverNow } from '../store.ts';

export function ScheduleStatus() {
  const state = eventState.value;
  if (!state) return null;
  const now = serverNow.value;
  if (state.status === 'scheduled') {
    return (
      <p class="schedule">
        {state.scheduledStartAt ? t('schedule.startsAt', { time: formatTimeOfDay(state.scheduledStartAt, locale.value) }) : t('schedule.notStarted')}
      </p>
    );
  }
  if (state.status === 'ended') {
    return <p class="schedule">{t('schedule.endedAt', { time: formatTimeOfDay(state.endedAt ?? now, locale.value) })}</p>;
  }
  const reading = scheduleReading(state, now);
  const late = lateMinutes(reading.lateByMs);
  const tone = late > 0 ? 'late' : late < 0 ? 'early' : 'on';
  return (
    <p class="schedule" data-testid="schedule">
      <span class={`pill pill--${tone}`}>
        <span aria-hidden="true">{tone === 'late' ? '⏱' : tone === 'early' ? '⏩' : '✓'}</span>{' '}
        {tone === 'late'
          ? t('schedule.late', { duration: formatMinutes(reading.lateByMs, locale.value) })
          : tone === 'early'
            ? t('schedule.early', { duration: formatMinutes(-reading.lateByMs, locale.value) })
            : t('schedule.onTime')}
      </span>{' '}
      {reading.projectedEndAt !== null && (
        <span class="schedule__end">
          {t('schedule.endsAround', {
            time: formatTimeOfDay(reading.projectedEndAt, locale.value),
            duration: formatMinutes(reading.remainingMs, locale.value),
          })}
        </span>
      )}
    </p>
  );
}
