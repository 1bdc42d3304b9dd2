/** Refusals and confirmations: the server's own message, announced politely; some offer one action ("Undo block"). */
import { t } from '../i18n/index.ts';
import { dismissToast, toasts } from '../store.ts';

export function Toasts() {
  return (
    <div class="toasts" aria-live="polite" aria-relevant="additions">
      {toasts.value.map((toast) => (
        <div key={toast.id} class={`toast toast--${toast.tone}`} role={toast.tone === 'error' ? 'alert' : 'status'}>
          <div class="toast__text">
            <strong>{toast.title}</strong>
            {toast.detail && <span>{toast.detail}</span>}
          </div>
          {toast.action && (
            <button
              type="button"
              class="chip-button"
              onClick={() => {
                toast.action?.run();
                dismissToast(toast.id);
              }}
            >
              {toast.action.label}
            </button>
          )}
          <button type="button" class="icon-button" onClick={() => dismissToast(toast.id)} aria-label={t('action.dismiss')}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
