/** S47: "same network as Besim, removed", marked so it stands out in a row: a hint for the staff, never a verdict. */
import type { Flag } from '../../../shared/api.ts';
import { withNames } from '../components/UserText.tsx';
import { t } from '../i18n/index.ts';
import { flagWords } from './registrations.ts';

export function FlagNote({ flag }: { flag: Flag }) {
  const { key, name } = flagWords(flag);
  return (
    <p class="flag-note small" data-testid="flag">
      <span aria-hidden="true">⚑ </span>
      {withNames(t(key), { name })}
    </p>
  );
}
