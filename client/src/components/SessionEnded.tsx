/**
 * The server ended this session: the link was revoked (S4) or the person removed (S5). The
 * last view would only go stale (a hand still "1st in the queue", a frozen stage), so this
 * page replaces it and says why, with the moderator's reason in the reader's language.
 */
import { t } from '../i18n/index.ts';
import { eventState, serverNotice } from '../store.ts';

export function SessionEnded() {
  const notice = serverNotice.value;
  if (!notice) return null;
  return (
    <main class="page page--narrow" id="main">
      <h1>{eventState.value?.title ?? 'Gavel'}</h1>
      <div class="card session-ended" role="alert" data-testid="session-ended">
        <p>
          <strong>{notice.code === 'revoked' ? t('connection.revoked') : notice.code === 'removed' ? t('connection.removed') : notice.message}</strong>
        </p>
        {notice.code === 'removed' && notice.reason && <p>{t('connection.removedReason', { reason: notice.reason })}</p>}
      </div>
    </main>
  );
}
