/** Run the agenda: start, previous/next, pause/resume the segment clock, extend, end. */
import type { ComponentChildren } from 'preact';
import { ConfirmAction } from '../components/ConfirmAction.tsx';
import { SegmentTimer } from '../components/SpeakerTimer.tsx';
import { sendCommand } from '../connection.ts';
import { t } from '../i18n/index.ts';
import { agenda, currentSegment, floor, status } from '../store.ts';
import { ts } from './messages.ts';

/**
 * Moving to another segment ends the turn of whoever holds the floor: while someone speaks, it
 * asks first, naming them (issue 15.3); otherwise it moves at once.
 */
function MoveOn({
  type,
  class: className,
  disabled,
  children,
}: {
  type: 'agenda.next' | 'agenda.previous';
  class: string;
  disabled: boolean;
  children: ComponentChildren;
}) {
  const speaker = floor.value?.current?.person.name;
  const move = () => void sendCommand({ type, payload: {} });
  if (!speaker) {
    return (
      <button type="button" class={className} disabled={disabled} onClick={move}>
        {children}
      </button>
    );
  }
  return (
    <ConfirmAction
      class={className}
      disabled={disabled}
      warning={ts('run.moveOnWarning', { name: speaker })}
      confirmLabel={ts('run.moveOnConfirm')}
      onConfirm={move}
    >
      {children}
    </ConfirmAction>
  );
}

export function RunControls() {
  const s = status.value;
  const a = agenda.value;
  const segment = currentSegment.value;
  if (!a || !s) return null;

  if (s === 'scheduled') {
    return (
      <section class="card run" aria-labelledby="run-heading">
        <h2 id="run-heading">{ts('run.heading')}</h2>
        <button type="button" class="button button--primary button--big" onClick={() => void sendCommand({ type: 'event.start', payload: {} })}>
          ▶ {ts('run.start')}
        </button>
      </section>
    );
  }
  if (s === 'ended') {
    return (
      <section class="card run" aria-labelledby="run-heading">
        <h2 id="run-heading">{ts('run.heading')}</h2>
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
        <h2 id="run-heading">{ts('run.heading')}</h2>
        {segment && <SegmentTimer segment={segment} size="medium" />}
      </div>
      {segment && (
        <p class="run__segment">
          <strong>{segment.title}</strong> <span class="muted">{ts('run.segmentOf', { n: a.current + 1, total: a.segments.length })}</span>
        </p>
      )}
      <div class="button-row">
        <MoveOn type="agenda.previous" class="button" disabled={isFirst}>
          <span class="dir-icon" aria-hidden="true">
            ◀
          </span>{' '}
          {ts('run.previous')}
        </MoveOn>
        <MoveOn type="agenda.next" class="button button--primary" disabled={isLast}>
          {ts('run.next')}{' '}
          <span class="dir-icon" aria-hidden="true">
            ▶
          </span>
        </MoveOn>
      </div>
      <div class="button-row">
        <button
          type="button"
          class="button"
          aria-pressed={paused}
          onClick={() => void sendCommand({ type: paused ? 'agenda.resume' : 'agenda.pause', payload: {} })}
        >
          {paused ? `▶ ${ts('run.resume')}` : `❚❚ ${ts('run.pause')}`}
        </button>
        <button type="button" class="button" onClick={() => void sendCommand({ type: 'agenda.adjust', payload: { deltaMs: 60_000 } })}>
          {ts('run.extend', { n: 1 })}
        </button>
        <button type="button" class="button" onClick={() => void sendCommand({ type: 'agenda.adjust', payload: { deltaMs: 5 * 60_000 } })}>
          {ts('run.extend', { n: 5 })}
        </button>
        <button type="button" class="button" onClick={() => void sendCommand({ type: 'agenda.adjust', payload: { deltaMs: -60_000 } })}>
          {ts('run.shorten', { n: 1 })}
        </button>
      </div>
      <div class="button-row">
        <ConfirmAction
          class={`button ${isLast ? 'button--danger' : 'button--quiet'}`}
          confirmLabel={ts('run.endConfirm')}
          onConfirm={() => void sendCommand({ type: 'event.end', payload: {} })}
        >
          ■ {ts('run.end')}
        </ConfirmAction>
      </div>
    </section>
  );
}
