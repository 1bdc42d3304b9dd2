/** The agenda: the current segment highlighted with its time left; planned times in the viewer's time zone. */

import type { ComponentChildren } from 'preact';
import { plannedStarts, segmentClock } from '../../../shared/time.ts';
import { sendCommand } from '../connection.ts';
import { formatMinutes, formatTimeOfDay, viewerTimeZone } from '../format.ts';
import { t } from '../i18n/index.ts';
import { eventState, locale, serverNow } from '../store.ts';
import { SegmentTimer } from './SpeakerTimer.tsx';
import { UserText } from './UserText.tsx';

/** `action`: a button beside the heading (the moderator's "Edit agenda"). */
export function AgendaList({ detailed = false, action }: { detailed?: boolean; action?: ComponentChildren }) {
  const state = eventState.value;
  if (!state) return null;
  const { segments, current } = state.agenda;
  const starts = plannedStarts(state);
  const names = new Map(state.roster.map((p) => [p.id, p.name]));
  return (
    <section class="card" aria-labelledby="agenda-heading">
      {action ? (
        <div class="card__head">
          <h2 id="agenda-heading">{t('agenda.heading')}</h2>
          {action}
        </div>
      ) : (
        <h2 id="agenda-heading">{t('agenda.heading')}</h2>
      )}
      <ol class="agenda">
        {segments.map((segment, i) => {
          const isCurrent = i === current && state.status === 'live';
          const done = segment.startedAt !== null && !isCurrent;
          // After the end, a segment never held is not still to come (E6).
          const notHeld = state.status === 'ended' && segment.startedAt === null;
          const plannedAt = starts[i];
          const panel = segment.panel.map((p) => names.get(p.personId)).filter(Boolean);
          return (
            <li
              key={segment.id}
              class={`agenda__item${isCurrent ? ' agenda__item--current' : ''}${done || notHeld ? ' agenda__item--done' : ''}`}
              aria-current={isCurrent ? 'step' : undefined}
            >
              <div class="agenda__when">
                {plannedAt !== null && plannedAt !== undefined ? (
                  <time dateTime={new Date(plannedAt).toISOString()}>{formatTimeOfDay(plannedAt, locale.value)}</time>
                ) : (
                  <span>{i + 1}.</span>
                )}
                <span class="muted">{formatMinutes(segment.plannedMs, locale.value)}</span>
              </div>
              <div class="agenda__what">
                <div class="agenda__title">
                  {isCurrent && <span class="badge badge--live">{t('agenda.now')}</span>}
                  {done && <span class="badge badge--done">✓ {t('agenda.done')}</span>}
                  {notHeld && <span class="badge">{t('agenda.notHeld')}</span>}
                  <strong>
                    <UserText>{segment.title}</UserText>
                  </strong>
                </div>
                {segment.format && (
                  <div class="muted">
                    <UserText>{segment.format}</UserText>
                  </div>
                )}
                {panel.length > 0 && <div class="muted small">{t('agenda.speakers', { names: panel.join(', ') })}</div>}
                {detailed && <SegmentDetails index={i} />}
              </div>
              {isCurrent && (
                <div class="agenda__clock">
                  <SegmentTimer segment={segment} />
                </div>
              )}
            </li>
          );
        })}
      </ol>
      <p class="muted small">{t('agenda.timezone', { zone: viewerTimeZone() })}</p>
    </section>
  );
}

/** For moderators: actual against planned, and a jump to any segment. */
function SegmentDetails({ index }: { index: number }) {
  const state = eventState.value;
  const segment = state?.agenda.segments[index];
  if (!state || !segment) return null;
  const isCurrent = index === state.agenda.current;
  const reading = segment.startedAt === null ? null : segmentClock(segment, serverNow.value);
  return (
    <div class="agenda__details small">
      {segment.startedAt !== null && (
        <span>
          {t('agenda.startedAt', { time: formatTimeOfDay(segment.startedAt, locale.value) })}
          {reading && !isCurrent && ` · ${t('agenda.took', { duration: formatMinutes(reading.elapsedMs, locale.value) })}`}
        </span>
      )}
      {segment.durationMs !== segment.plannedMs && <span>{t('agenda.allotted', { duration: formatMinutes(segment.durationMs, locale.value) })}</span>}
      {state.status === 'live' && !isCurrent && (
        <button type="button" class="link-button" onClick={() => void sendCommand({ type: 'agenda.goto', payload: { segmentId: segment.id } })}>
          {t('agenda.goto', { title: segment.title })}
        </button>
      )}
    </div>
  );
}
