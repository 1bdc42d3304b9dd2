/** A person as every list shows them: name, then community and country. */
import type { PersonRef } from '../../../shared/state.ts';
import { t } from '../i18n/index.ts';
import { countryOf } from '../i18n/labels.ts';
import { UserText } from './UserText.tsx';

export function origin(person: PersonRef): string {
  return [person.community, person.country && countryOf(person.country)].filter(Boolean).join(' · ');
}

export function PersonLine({ person, you = false }: { person: PersonRef; you?: boolean }) {
  const from = origin(person);
  return (
    <span class="person">
      <span class="person__name">
        <UserText>{person.name}</UserText>
        {you && <span class="badge badge--you">{t('person.you')}</span>}
      </span>
      {from && (
        <span class="person__origin">
          <UserText>{from}</UserText>
        </span>
      )}
    </span>
  );
}
