/**
 * A small banner while the connection is down; the client catches up by itself when it is back.
 * A session the server ended is `SessionEnded`. On the stage it is a small mark in a corner: the
 * projector keeps showing the event, and whoever runs it still sees that it is catching up.
 */
import { t } from '../i18n/index.ts';
import { connection, role, serverNotice } from '../store.ts';

export function ConnectionBanner() {
  const status = connection.value;
  const notice = serverNotice.value;
  if (status !== 'reconnecting') return null;
  return (
    <div class={`banner banner--warn${role.value === 'stage' ? ' banner--corner' : ''}`} role="status" data-testid="reconnecting">
      <span class="spinner" aria-hidden="true" />
      {notice?.code === 'shutdown' ? t('connection.restarting') : t('connection.reconnecting')}
    </div>
  );
}
