/** Run the agenda: start, previous/next, pause/resume the segment clock, extend, end. */
import { ConfirmAction } from '../components/ConfirmAction.tsx';
import { SegmentTimer } from '../components/SpeakerTimer.tsx';
import { sendCommand } from '../connection.ts';
import { t } from '../i18n/index.ts';
import { agenda, currentSegment, status } from '../store.ts';

export function RunControls() {
  const s = status.value;
  const a = agenda.value;
  const segment = currentSegment.value;
  if (!a || !s) return null;

  if (s === 'scheduled') {
    return (
      <section class="card run" aria-labelledby="run-heading">
        <h2 id="run-heading">{t('run.heading')}</h2>
        <button type="button" class="button button--primary button--big" onClick={() => void sendCommand({ type: 'event.start', payload: {} })}>
          ▶ {t('run.start')}
        </button>
      </section>
    );
  }
  if (s === 'ended') {
    return (
      <section class="card run" aria-labelledby="run-heading">
        <h2 id="run-heading">{t('run.heading')}</h2>
        <p>{t('status.endedLong')}</p>
      </section>
    );
  }
  const isFirst = a.current <= 0;
  const isLast = a.current >= a.segments.length - 1;
  const paused = segment?.pausedAt != null;
  return (
    <section class="card run" aria-labelledby="run-heading">
      <div class="card__head">
        <h2 id="run-heading">{t('run.heading')}</h2>
        {segment && <SegmentTimer segment={segment} size="medium" />}
      </div>
      {segment && (
        <p class="run__segment">
          <strong>{segment.title}</strong> <span class="muted">{t('run.segmentOf', { n: a.current + 1, total: a.segments.length })}</span>
        </p>
      )}
      <div class="button-row">
        <button type="button" class="button" disabled={isFirst} onClick={() => void sendCommand({ type: 'agenda.previous', payload: {} })}>
          ◀ {t('run.previous')}
        </button>
        <button type="button" class="button button--primary" disabled={isLast} onClick={() => void sendCommand({ type: 'agenda.next', payload: {} })}>
          {t('run.next')} ▶
        </button>
      </div>
      <div class="button-row">
        <button
          type="button"
          class="button"
          aria-pressed={paused}
          onClick={() => void sendCommand({ type: paused ? 'agenda.resume' : 'agenda.pause', payload: {} })}
        >
          {paused ? `▶ ${t('run.resume')}` : `❚❚ ${t('run.pause')}`}
        </button>
        <button type="button" class="button" onClick={() => void sendCommand({ type: 'agenda.adjust', payload: { deltaMs: 60_000 } })}>
          {t('run.extend', { n: 1 })}
        </button>
        <button type="button" class="button" onClick={() => void sendCommand({ type: 'agenda.adjust', payload: { deltaMs: 5 * 60_000 } })}>
          {t('run.extend', { n: 5 })}
        </button>
        <button type="button" class="button" onClick={() => void sendCommand({ type: 'agenda.adjust', payload: { deltaMs: -60_000 } })}>
          {t('run.shorten', { n: 1 })}
        </button>
      </div>
      <div class="button-row">
        <ConfirmAction
          class={`button ${isLast ? 'button--danger' : 'button--quiet'}`}
          confirmLabel={t('run.endConfirm')}
          onConfirm={() => void sendCommand({ type: 'event.end', payload: {} })}
        >
          ■ {t('run.end')}
        </ConfirmAction>
      </div>
    </section>
  );
}
