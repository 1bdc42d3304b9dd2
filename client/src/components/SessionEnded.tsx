/**
 * The server ended this session: the link was revoked (S4), the person removed (S5), their
 * registration deleted from another tab or by a moderator (S9, X2), or declined in the lobby
 * (S46). The last view would only go stale (a hand still "1st in the queue", a frozen stage), so
 * this page replaces it and says why, with the moderator's reason in the reader's language. A
 * deleted registration may register again: the page offers the form.
 */
import { leaveEvent } from '../connection.ts';
import { errorTitle, t } from '../i18n/index.ts';
import { eventState, publicTitle, serverNotice } from '../store.ts';
import { focusRegisterFormWhenShown } from './RegisterForm.tsx';
import { UserText } from './UserText.tsx';

function registerAgain(): void {
  focusRegisterFormWhenShown();
  leaveEvent();
}

function why(code: string): string {
  switch (code) {
    case 'revoked':
      return t('connection.revoked');
    case 'removed':
      return t('connection.removed');
    case 'deleted':
      return t('connection.deleted');
    case 'declined':
      return t('connection.declined');
    default:
      // A notice this build does not know: its code's words, never the server's English (WD1).
      return errorTitle(code);
  }
}

export function SessionEnded() {
  const notice = serverNotice.value;
  if (!notice) return null;
  return (
    <main class="page page--narrow" id="main">
      <h1>
        <UserText>{eventState.value?.title ?? publicTitle.value ?? 'Gavel'}</UserText>
      </h1>
      <div class="card session-ended" role="alert" data-testid="session-ended">
        <p>
          <strong>{why(notice.code)}</strong>
        </p>
        {notice.code === 'removed' && notice.reason && <p>{t('connection.removedReason', { reason: notice.reason })}</p>}
        {notice.code === 'deleted' && (
          <p>
            <button type="button" class="button" onClick={registerAgain}>
              {t('connection.registerAgain')}
            </button>
          </p>
        )}
      </div>
    </main>
  );
}
