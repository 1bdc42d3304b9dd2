/** Refusals and confirmations: the server's own message, announced politely. */
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
          <button type="button" class="icon-button" onClick={() => dismissToast(toast.id)} aria-label={t('action.dismiss')}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
