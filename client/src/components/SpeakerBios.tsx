/** The people on the programme, with their bios. */
import type { RosterPerson } from '../../../shared/state.ts';
import { t } from '../i18n/index.ts';

type Bio = Pick<RosterPerson, 'id' | 'name' | 'role' | 'title' | 'organisation' | 'community' | 'bio'>;

export function SpeakerBios({ people }: { people: readonly Bio[] }) {
  const onStage = people.filter((p) => p.role === 'speaker' || p.role === 'moderator');
  if (onStage.length === 0) return null;
  return (
    <section class="card" aria-labelledby="bios-heading">
      <h2 id="bios-heading">{t('bios.heading')}</h2>
      <ul class="bios">
        {onStage.map((p) => (
          <li key={p.id}>
            <details>
              <summary>
                <span class="bios__name">{p.name}</span>
                <span class="bios__title">{[p.title, p.organisation].filter(Boolean).join(' · ')}</span>
              </summary>
              {p.community && <p class="muted small">{p.community}</p>}
              {p.bio ? <p class="bios__text">{p.bio}</p> : <p class="muted">{t('bios.none')}</p>}
            </details>
          </li>
        ))}
      </ul>
    </section>
  );
}
