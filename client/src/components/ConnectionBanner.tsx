/** A small banner while the connection is down; the client catches up by itself when it is back. */
import { t } from '../i18n/index.ts';
import { connection, serverNotice } from '../store.ts';

export function ConnectionBanner() {
  const status = connection.value;
  const notice = serverNotice.value;
  if (status === 'closed' && notice) {
    return (
      <div class="banner banner--error" role="alert">
        {notice.code === 'revoked' ? t('connection.revoked') : notice.code === 'removed' ? t('connection.removed') : notice.message}
        {notice.code === 'removed' && notice.reason && <span class="banner__detail">{t('connection.removedReason', { reason: notice.reason })}</span>}
      </div>
    );
  }
  if (status !== 'reconnecting') return null;
  return (
    <div class="banner banner--warn" role="status" data-testid="reconnecting">
      <span class="spinner" aria-hidden="true" />
      {notice?.code === 'shutdown' ? t('connection.restarting') : t('connection.reconnecting')}
    </div>
  );
}
