/** Registration: six short fields, done in well under 30 seconds. The token stays in this browser. */
import { useState } from 'preact/hooks';
import { LIMITS, REGION_LIST, type Region } from '../../../shared/constants.ts';
import { ApiError, registerForEvent } from '../api.ts';
import { t } from '../i18n/index.ts';
import { regionName } from './roles.ts';

export function RegisterForm({ eventId, onRegistered }: { eventId: string; onRegistered: (token: string) => void }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    setBusy(true);
    setError(null);
    try {
      const { token } = await registerForEvent(eventId, {
        name: text('name'),
        community: text('community'),
        region: text('region') as Region,
        country: text('country'),
        organisation: text('organisation'),
        consentToBeNamed: form.get('consent') === 'on',
      });
      onRegistered(token);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : t('register.failed'));
      setBusy(false);
    }
  }

  return (
    <form class="card register" onSubmit={submit} aria-labelledby="register-heading">
      <h2 id="register-heading">{t('register.heading')}</h2>
      <p class="muted">{t('register.intro')}</p>
      <label class="field">
        <span>{t('register.name')}</span>
        <input name="name" required maxLength={LIMITS.name} autoComplete="name" />
      </label>
      <label class="field">
        <span>{t('register.community')}</span>
        <input name="community" required maxLength={LIMITS.community} placeholder={t('register.communityHint')} />
      </label>
      <label class="field">
        <span>{t('register.region')}</span>
        <select name="region" required>
          <option value="">{t('register.choose')}</option>
          {REGION_LIST.map((r) => (
            <option key={r} value={r}>
              {regionName(r)}
            </option>
          ))}
        </select>
      </label>
      <label class="field">
        <span>{t('register.country')}</span>
        <input name="country" required maxLength={LIMITS.country} autoComplete="country-name" />
      </label>
      <label class="field">
        <span>
          {t('register.organisation')} <span class="muted">{t('register.optional')}</span>
        </span>
        <input name="organisation" maxLength={LIMITS.organisation} autoComplete="organization" />
      </label>
      <label class="check">
        <input type="checkbox" name="consent" />
        <span>{t('register.consent')}</span>
      </label>
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" class="button button--primary button--big" disabled={busy}>
        {busy ? t('register.joining') : t('register.submit')}
      </button>
      <p class="muted small">{t('register.privacy')}</p>
    </form>
  );
}
