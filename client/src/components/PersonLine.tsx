/** A person as every list shows them: name, then community and country. */
import type { PersonRef } from '../../../shared/state.ts';
import { t } from '../i18n/index.ts';

export function origin(person: PersonRef): string {
  return [person.community, person.country].filter(Boolean).join(' · ');
}

export function PersonLine({ person, you = false }: { person: PersonRef; you?: boolean }) {
  const from = origin(person);
  return (
    <span class="person">
      <span class="person__name">
        {person.name}
        {you && <span class="badge badge--you">{t('person.you')}</span>}
      </span>
      {from && <span class="person__origin">{from}</span>}
    </span>
  );
}
