/** The people on the programme, with their bios. */
import { Fragment } from 'preact';
import type { RosterPerson } from '../../../shared/state.ts';
import { t } from '../i18n/index.ts';
import { UserText } from './UserText.tsx';

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
                <span class="bios__name">
                  <UserText>{p.name}</UserText>
                </span>
                <span class="bios__title">
                  {[p.title, p.organisation].filter(Boolean).map((x, i) => (
                    <Fragment key={x}>
                      {i > 0 && ' · '}
                      <UserText>{x}</UserText>
                    </Fragment>
                  ))}
                </span>
              </summary>
              {p.community && (
                <p class="muted small">
                  <UserText>{p.community}</UserText>
                </p>
              )}
              {p.bio ? (
                <p class="bios__text">
                  <UserText>{p.bio}</UserText>
                </p>
              ) : (
                <p class="muted">{t('bios.none')}</p>
              )}
            </details>
          </li>
        ))}
      </ul>
    </section>
  );
}
