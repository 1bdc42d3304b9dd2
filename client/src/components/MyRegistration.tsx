/**
 * "My registration" (S9): what Gavel holds about the participant, read from `GET /api/me`,
 * and deleting it after a confirmation. Once deleted, the page is back at the welcome screen.
 */
import { useEffect, useState } from 'preact/hooks';
import type { MyRegistration as Registration } from '../../../shared/api.ts';
import { deleteMyRegistration, fetchMyRegistration } from '../api.ts';
import { expectLeaving, leaveEvent } from '../connection.ts';
import { type RefusalWords, t } from '../i18n/index.ts';
import { countryOf, regionName } from '../i18n/labels.ts';
import { failureWords } from '../reportFailure.ts';
import { session, showToast } from '../store.ts';
import { ConfirmAction } from './ConfirmAction.tsx';
import { Dialog } from './Dialog.tsx';
import { UserText } from './UserText.tsx';

export function MyRegistration({ onClose }: { onClose: () => void }) {
  const [me, setMe] = useState<Registration | null>(null);
  const [error, setError] = useState<RefusalWords | null>(null);
  const [busy, setBusy] = useState(false);
  const s = session.value;

  useEffect(() => {
    if (s) fetchMyRegistration(s.token).then(setMe, (err: unknown) => setError(failureWords(t('me.loadFailed'), err)));
  }, []);

  const remove = async () => {
    if (!s) return;
    setBusy(true);
    setError(null);
    expectLeaving(true);
    try {
      await deleteMyRegistration(s.token);
    } catch (err) {
      expectLeaving(false);
      setError(failureWords(t('me.deleteFailed'), err));
      setBusy(false);
      return;
    }
    onClose();
    leaveEvent();
    showToast({ tone: 'info', title: t('me.deleted') });
  };

  const p = me?.profile;
  return (
    <Dialog labelledBy="me-heading" onClose={onClose}>
      <h2 id="me-heading">{t('me.heading')}</h2>
      <p class="muted">{t('me.intro')}</p>
      {error && (
        <p class="form-error" role="alert">
          <strong>{error.title}</strong> {error.detail}
        </p>
      )}
      {!p && !error && (
        <p class="loading" role="status">
          <span class="spinner" aria-hidden="true" /> {t('app.loading')}
        </p>
      )}
      {p && (
        <dl class="facts me__facts" data-testid="my-registration">
          <dt>{t('register.name')}</dt>
          <dd>
            <UserText>{p.name}</UserText>
          </dd>
          <dt>{t('register.community')}</dt>
          <dd>
            <UserText>{p.community}</UserText>
          </dd>
          <dt>{t('register.region')}</dt>
          <dd>{regionName(p.region)}</dd>
          <dt>{t('register.country')}</dt>
          <dd>
            <UserText>{countryOf(p.country)}</UserText>
          </dd>
          <dt>{t('register.organisation')}</dt>
          <dd>
            <UserText>{p.organisation || '—'}</UserText>
          </dd>
          <dt>{t('me.consentStage')}</dt>
          <dd>{p.consentToStage ? t('me.yes') : t('me.no')}</dd>
          <dt>{t('me.consent')}</dt>
          <dd>{p.consentToBeNamed ? t('me.yes') : t('me.no')}</dd>
        </dl>
      )}
      <div class="dialog__actions">
        {me?.role === 'participant' && (
          <ConfirmAction
            class="button button--quiet"
            disabled={busy}
            warning={t('me.deleteWarning')}
            confirmLabel={t('me.deleteConfirm')}
            onConfirm={() => void remove()}
          >
            {t('me.delete')}
          </ConfirmAction>
        )}
        <button type="button" class="button" autofocus onClick={onClose}>
          {t('action.close')}
        </button>
      </div>
    </Dialog>
  );
}
