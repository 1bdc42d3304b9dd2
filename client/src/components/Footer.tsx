/** Leave this device: forget the token (a shared computer, a changed role). */
import { t } from '../i18n/index.ts';
import { storeToken } from '../route.ts';
import { session } from '../store.ts';

export function Footer() {
  const s = session.value;
  return (
    <footer class="footer">
      <span>Gavel</span>
      {s && (
        <button
          type="button"
          class="link-button"
          onClick={() => {
            if (!window.confirm(t('footer.signOutConfirm'))) return;
            storeToken(s.eventId, null);
            location.reload();
          }}
        >
          {t('footer.signOut')}
        </button>
      )}
    </footer>
  );
}
