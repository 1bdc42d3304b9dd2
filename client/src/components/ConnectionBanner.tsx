/** A small banner while the connection is down; the client catches up by itself when it is back. A session the server ended is `SessionEnded`. */
import { t } from '../i18n/index.ts';
import { connection, serverNotice } from '../store.ts';

export function ConnectionBanner() {
  const status = connection.value;
  const notice = serverNotice.value;
  if (status !== 'reconnecting') return null;
  return (
    <div class="banner banner--warn" role="status" data-testid="reconnecting">
      <span class="spinner" aria-hidden="true" />
      {notice?.code === 'shutdown' ? t('connection.restarting') : t('connection.reconnecting')}
    </div>
  );
}
