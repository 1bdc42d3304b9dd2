/** Leave this device (a shared computer, a changed role), and, for a participant, what Gavel holds about them. */
import type { ComponentType } from 'preact';
import { useState } from 'preact/hooks';
import { t } from '../i18n/index.ts';
import { storeToken } from '../route.ts';
import { role, session, showToast } from '../store.ts';
import { ConfirmAction } from './ConfirmAction.tsx';

type RegistrationDialog = ComponentType<{ onClose: () => void }>;

/** "My registration" is opened by few: its dialog loads on first use, outside the participant bundle. */
function MyRegistrationButton() {
  const [Dialog, setDialog] = useState<RegistrationDialog | null>(null);
  const [open, setOpen] = useState(false);
  const show = async () => {
    if (!Dialog) {
      try {
        const loaded = (await import('./MyRegistration.tsx')).MyRegistration;
        setDialog(() => loaded);
      } catch {
        showToast({ tone: 'error', title: t('error.offline') });
        return;
      }
    }
    setOpen(true);
  };
  return (
    <>
      <button type="button" class="link-button" aria-haspopup="dialog" onClick={() => void show()}>
        {t('me.heading')}
      </button>
      {open && Dialog && <Dialog onClose={() => setOpen(false)} />}
    </>
  );
}

export function Footer() {
  const s = session.value;
  return (
    <footer class="footer">
      <span>Gavel</span>
      {s && (
        <div class="footer__actions">
          {role.value === 'participant' && <MyRegistrationButton />}
          <ConfirmAction
            class="link-button"
            warning={t('footer.signOutWarning')}
            confirmLabel={t('footer.signOutConfirm')}
            onConfirm={() => {
              storeToken(s.eventId, null);
              location.reload();
            }}
          >
            {t('footer.signOut')}
          </ConfirmAction>
        </div>
      )}
    </footer>
  );
}
