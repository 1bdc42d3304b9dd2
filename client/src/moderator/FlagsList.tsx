/**
 * S47: registrations from the network of someone removed or muted, for moderators and
 * note-takers: the count from the socket, the list (a REST page) when opened, fetched again
 * while open whenever the count changes. Shown once something is flagged.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { RegistrationDetails } from '../../../shared/api.ts';
import { UserText } from '../components/UserText.tsx';
import { t } from '../i18n/index.ts';
import { regionName } from '../i18n/labels.ts';
import { reportFailure } from '../reportFailure.ts';
import { moderation, session } from '../store.ts';
import { fetchFlags } from './api.ts';
import { FlagNote, RegisteredName } from './FlagNote.tsx';
import { detailsLine } from './registrations.ts';

export function FlagsList() {
  const counts = moderation.value;
  const flagged = counts?.flagged ?? 0;
  const [open, setOpen] = useState(false);
  const [people, setPeople] = useState<RegistrationDetails[] | null>(null);
  const latestRequest = useRef(0);

  useEffect(() => {
    const s = session.peek();
    if (!open || !s) return;
    const request = ++latestRequest.current;
    fetchFlags(s.eventId, s.token).then(
      (view) => request === latestRequest.current && setPeople(view.people),
      (err: unknown) => request === latestRequest.current && reportFailure(t('flags.loadFailed'), err),
    );
  }, [open, flagged]);

  if (flagged === 0 && people === null) return null;
  return (
    <section class="card flags" aria-labelledby="flags-heading" data-testid="flags">
      <details onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
        <summary>
          <h2 id="flags-heading" class="inline-heading">
            {t('flags.heading')}
          </h2>{' '}
          <span class="badge" data-testid="flags-count">
            {t('flags.count', { n: flagged })}
          </span>
        </summary>
        <p class="muted small">{t('flags.hint')}</p>
        {people === null ? (
          <p class="muted">{t('app.loading')}</p>
        ) : people.length === 0 ? (
          <p class="muted">{t('flags.none')}</p>
        ) : (
          <ul class="flags__list">
            {people.map((person) => (
              <li key={person.personId} class="flags__person" data-person={person.personId}>
                <RegisteredName person={person} />
                {person.flag && <FlagNote flag={person.flag} />}
                <div class="muted small">
                  <UserText>{detailsLine(person, regionName)}</UserText>
                </div>
              </li>
            ))}
          </ul>
        )}
      </details>
    </section>
  );
}
