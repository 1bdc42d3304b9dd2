/** S47: "same network as Besim, removed", marked so it stands out in a row: a hint for the staff, never a verdict. */
import type { Flag, RegistrationDetails } from '../../../shared/api.ts';
import { UserText, withNames } from '../components/UserText.tsx';
import { formatTimeOfDay } from '../format.ts';
import { locale } from '../store.ts';
import { ts } from './messages.ts';
import { flagWords } from './registrations.ts';

export function FlagNote({ flag }: { flag: Flag }) {
  const { key, name } = flagWords(flag);
  return (
    <p class="flag-note small" data-testid="flag">
      <span aria-hidden="true">⚑ </span>
      {withNames(ts(key), { name })}
    </p>
  );
}

/** A registration's name and when it came (S46, S47): how the lobby and the flags list both start a row. */
export function RegisteredName({ person }: { person: RegistrationDetails }) {
  return (
    <div>
      <strong>
        <UserText>{person.name}</UserText>
      </strong>{' '}
      <span class="muted small">{ts('staffLobby.registeredAt', { time: formatTimeOfDay(person.registeredAt, locale.value) })}</span>
    </div>
  );
}
