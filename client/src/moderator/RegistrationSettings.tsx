/**
 * Who may register (S6): open or closed, a passcode the organisers share with invitees, and
 * the lobby, where new registrations wait until a moderator or note-taker lets them in (S46).
 * The current setting comes from the event's public info, which says whether a passcode is
 * needed but never what it is.
 */
import { useEffect, useState } from 'preact/hooks';
import type { RegistrationInfo } from '../../../shared/api.ts';
import { LIMITS } from '../../../shared/constants.ts';
import { fetchPublicEvent } from '../api.ts';
import { t } from '../i18n/index.ts';
import { reportFailure } from '../reportFailure.ts';
import { session, showToast } from '../store.ts';
import { saveRegistrationSettings } from './api.ts';
import { ts } from './messages.ts';

export function RegistrationSettings() {
  const [current, setCurrent] = useState<RegistrationInfo | null>(null);
  const [passcode, setPasscode] = useState('');
  const [busy, setBusy] = useState(false);
  const s = session.value;

  useEffect(() => {
    if (s)
      fetchPublicEvent(s.eventId).then(
        (info) => setCurrent(info.registration),
        (err: unknown) => reportFailure(ts('regset.loadFailed'), err),
      );
  }, []);

  if (!s) return null;
  const save = async (change: { open: boolean; passcode?: string | null; lobby?: boolean }): Promise<boolean> => {
    setBusy(true);
    try {
      setCurrent(await saveRegistrationSettings(s.eventId, s.token, change));
      showToast({ tone: 'info', title: ts('regset.saved') }, 3000);
      return true;
    } catch (err) {
      reportFailure(ts('regset.failed'), err);
      return false;
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card regset" aria-labelledby="regset-heading">
      <h2 id="regset-heading">{ts('regset.heading')}</h2>
      {!current ? (
        <p class="muted">{t('app.loading')}</p>
      ) : (
        <>
          <p role="status" data-testid="registration-state">
            <span class={`badge ${current.open ? 'badge--open' : 'badge--closed'}`}>{current.open ? ts('regset.isOpen') : ts('regset.isClosed')}</span>{' '}
            {current.passcode ? ts('regset.passcodeOn') : ts('regset.passcodeOff')}
          </p>
          <div class="button-row">
            <button type="button" class="button" disabled={busy} onClick={() => void save({ open: !current.open })}>
              {current.open ? ts('regset.close') : ts('regset.open')}
            </button>
            {current.passcode && (
              <button type="button" class="button" disabled={busy} onClick={() => void save({ open: current.open, passcode: null })}>
                {ts('regset.removePasscode')}
              </button>
            )}
          </div>
          <label class="check">
            <input
              type="checkbox"
              checked={current.lobby}
              disabled={busy}
              aria-describedby="regset-lobby-hint"
              onChange={(e) => {
                const lobby = e.currentTarget.checked;
                // Ticked as clicked while it saves (a re-render meanwhile must not untick it); put back if the save fails.
                setCurrent({ ...current, lobby });
                void save({ open: current.open, lobby }).then((saved) => saved || setCurrent(current));
              }}
            />
            <span>{ts('regset.lobby')}</span>
          </label>
          <p class="muted small" id="regset-lobby-hint">
            {ts('regset.lobbyHint')}
          </p>
          <form
            class="inline-form"
            onSubmit={async (e) => {
              e.preventDefault();
              if (await save({ open: current.open, passcode: passcode.trim() })) setPasscode('');
            }}
          >
            <label class="field">
              <span>{current.passcode ? ts('regset.newPasscode') : ts('regset.passcode')}</span>
              <input
                type="text"
                required
                minLength={4}
                maxLength={LIMITS.passcode}
                autoComplete="off"
                spellcheck={false}
                value={passcode}
                aria-describedby="regset-hint"
                onInput={(e) => setPasscode(e.currentTarget.value)}
              />
            </label>
            <button type="submit" class="button" disabled={busy}>
              {ts('regset.setPasscode')}
            </button>
          </form>
          <p class="muted small" id="regset-hint">
            {ts('regset.passcodeHint')}
          </p>
        </>
      )}
    </section>
  );
}
