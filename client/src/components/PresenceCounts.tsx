/** Who is online, per role. */
import { ROLE_LIST } from '../../../shared/constants.ts';
import { t } from '../i18n/index.ts';
import { roleName } from '../i18n/labels.ts';
import { presence } from '../store.ts';

export function PresenceCounts() {
  const p = presence.value;
  if (!p) return null;
  return (
    <p class="presence" data-testid="presence">
      <span class="presence__total">
        <span class="dot dot--online" aria-hidden="true" /> {t('presence.online', { n: p.total })}
      </span>
      {ROLE_LIST.filter((r) => (p.counts[r] ?? 0) > 0).map((r) => (
        <span key={r} class="presence__role">
          {roleName(r)} <strong>{p.counts[r]}</strong>
        </span>
      ))}
    </p>
  );
}
