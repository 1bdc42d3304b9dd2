/**
 * S47: registrations from the network of someone removed or muted, for moderators and
 * note-takers: the count from the socket, the list (a REST page) when opened, fetched again
 * while open whenever the count changes. Shown once something is flagged.
 */
import { useEffect, useState } from 'preact/hooks';
import { UserText } from '../components/UserText.tsx';
import { t } from '../i18n/index.ts';
import { countryOf, regionName } from '../i18n/labels.ts';
import { moderation } from '../store.ts';
import { fetchFlags } from './api.ts';
import { FlagNote, RegisteredName } from './FlagNote.tsx';
import { ts } from './messages.ts';
import { detailsLine } from './registrations.ts';
import { useLatestFetch } from './useLatestFetch.ts';

export function FlagsList() {
  const counts = moderation.value;
  const flagged = counts?.flagged ?? 0;
  const [open, setOpen] = useState(false);
  const flags = useLatestFetch(fetchFlags, () => ts('flags.loadFailed'));
  const people = flags.value?.people ?? null;

  useEffect(() => {
    if (open) flags.reload();
  }, [open, flagged]);

  if (flagged === 0 && people === null) return null;
  return (
    <section class="card flags" aria-labelledby="flags-heading" data-testid="flags">
      <details onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
        <summary>
          <h2 id="flags-heading" class="inline-heading">
            {ts('flags.heading')}
          </h2>{' '}
          <span class="badge" data-testid="flags-count">
            {ts('flags.count', { n: flagged })}
          </span>
        </summary>
        <p class="muted small">{ts('flags.hint')}</p>
        {people === null ? (
          <p class="muted">{t('app.loading')}</p>
        ) : people.length === 0 ? (
          <p class="muted">{ts('flags.none')}</p>
        ) : (
          <ul class="flags__list">
            {people.map((person) => (
              <li key={person.personId} class="flags__person" data-person={person.personId}>
                <RegisteredName person={person} />
                {person.flag && <FlagNote flag={person.flag} />}
                <div class="muted small">
                  <UserText>{detailsLine(person, regionName, countryOf)}</UserText>
                </div>
              </li>
            ))}
          </ul>
        )}
      </details>
    </section>
  );
}
