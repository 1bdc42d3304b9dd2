/** Before registering: what the event is, its agenda and speakers, and the form. */
import { useEffect, useState } from 'preact/hooks';
import type { PublicEvent } from '../../../shared/api.ts';
import { ApiError, fetchPublicEvent } from '../api.ts';
import { RegisterForm } from '../components/RegisterForm.tsx';
import { LanguageSwitch } from '../components/Settings.tsx';
import { SpeakerBios } from '../components/SpeakerBios.tsx';
import { UserText } from '../components/UserText.tsx';
import { formatMinutes, formatTimeOfDay, viewerTimeZone } from '../format.ts';
import { t } from '../i18n/index.ts';
import { connection, locale } from '../store.ts';

export function Welcome({ eventId, onRegistered }: { eventId: string; onRegistered: (token: string) => void }) {
  const [info, setInfo] = useState<PublicEvent | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    fetchPublicEvent(eventId).then(setInfo, (err: unknown) =>
      setError(err instanceof ApiError && err.code === 'not_found' ? t('welcome.noSuchEvent') : t('welcome.unreachable')),
    );
  }, [eventId]);

  if (error) {
    return (
      <main class="page page--narrow" id="main">
        <h1>Gavel</h1>
        <p class="form-error" role="alert">
          {error}
        </p>
      </main>
    );
  }
  if (!info) return <p class="loading">{t('app.loading')}</p>;

  let at = info.scheduledStartAt;
  return (
    <main class="page welcome" id="main">
      <header class="topbar">
        <div class="topbar__title">
          <h1>
            <UserText>{info.title}</UserText>
          </h1>
          <div class="topbar__meta muted">
            {info.status === 'live'
              ? t('status.live')
              : info.status === 'ended'
                ? t('status.ended')
                : info.scheduledStartAt
                  ? t('schedule.startsAt', { time: formatTimeOfDay(info.scheduledStartAt, locale.value) })
                  : t('status.scheduled')}
          </div>
        </div>
        <div class="topbar__actions">
          <LanguageSwitch />
        </div>
      </header>
      {connection.value === 'unauthorized' && (
        <p class="banner banner--error" role="alert">
          {t('welcome.linkInvalid')}
        </p>
      )}
      <div class="welcome__grid">
        <div>
          <RegisterForm eventId={eventId} registration={info.registration} onRegistered={onRegistered} />
        </div>
        <div class="welcome__about">
          {info.description && (
            <p class="lead card">
              <UserText>{info.description}</UserText>
            </p>
          )}
          <section class="card" aria-labelledby="welcome-agenda">
            <h2 id="welcome-agenda">{t('agenda.heading')}</h2>
            <ol class="agenda">
              {info.segments.map((s) => {
                const start = at;
                if (at !== null) at += s.plannedMs;
                return (
                  <li key={s.id} class="agenda__item">
                    <div class="agenda__when">
                      {start !== null && <time>{formatTimeOfDay(start, locale.value)}</time>}
                      <span class="muted">{formatMinutes(s.plannedMs, locale.value)}</span>
                    </div>
                    <div class="agenda__what">
                      <strong>
                        <UserText>{s.title}</UserText>
                      </strong>
                      {s.format && (
                        <div class="muted">
                          <UserText>{s.format}</UserText>
                        </div>
                      )}
                    </div>
                  </li>
                );
              })}
            </ol>
            {info.scheduledStartAt !== null && <p class="muted small">{t('agenda.timezone', { zone: viewerTimeZone() })}</p>}
          </section>
          <SpeakerBios people={info.roster} />
        </div>
      </div>
    </main>
  );
}
